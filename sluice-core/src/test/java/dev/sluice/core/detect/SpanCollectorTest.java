package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Overlap resolution, for few candidates (insertion sort and a linear check) and many (a tree):
 * both give what the rule says, higher priority, then longer, then earlier, then first added.
 */
class SpanCollectorTest {
  private record Candidate(Category category, int start, int end, int priority, int added) {}

  private static List<Span> reference(List<Candidate> cs) {
    List<Candidate> order = new ArrayList<>(cs);
    order.sort(Comparator.comparingInt((Candidate c) -> -c.priority())
        .thenComparingInt(c -> -(c.end() - c.start()))
        .thenComparingInt(Candidate::start)
        .thenComparingInt(Candidate::added));
    List<Candidate> taken = new ArrayList<>();
    for (Candidate c : order) {
      if (taken.stream().allMatch(t -> t.end() <= c.start() || c.end() <= t.start())) {
        taken.add(c);
      }
    }
    taken.sort(Comparator.comparingInt(Candidate::start));
    return taken.stream().map(c -> new Span(c.category(), c.start(), c.end())).toList();
  }

  @Test
  void resolvesOverlapsByTheRuleForFewAndManyCandidates() {
    Random r = new Random(7);
    Category[] cats = Category.values();
    int[] priorities = {SpanSink.SECRET, SpanSink.EMAIL, SpanSink.PHONE, SpanSink.NAME};
    for (int round = 0; round < 20_000; round++) {
      int n = 2 + r.nextInt(round % 2 == 0 ? 7 : 30);
      SpanCollector c = new SpanCollector();
      List<Candidate> cs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int s = r.nextInt(40);
        int e = s + 1 + r.nextInt(12);
        Candidate k = new Candidate(cats[r.nextInt(cats.length)], s, e, priorities[r.nextInt(priorities.length)], i);
        cs.add(k);
        c.add(k.category(), k.start(), k.end(), k.priority());
      }
      assertThat(c.result()).as("round %d", round).isEqualTo(reference(cs));
    }
  }
}
