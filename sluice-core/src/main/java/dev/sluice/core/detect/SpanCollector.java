package dev.sluice.core.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects candidate spans of one scan and resolves overlaps: higher priority wins, then the longer
 * span, then the earlier one. Arrays are allocated on the first candidate only.
 */
final class SpanCollector implements SpanSink {
  private int[] starts;
  private int[] ends;
  private int[] priorities;
  private Category[] categories;
  private int size;

  @Override
  public void add(Category category, int start, int end, int priority) {
    if (end <= start) {
      return;
    }
    if (starts == null) {
      starts = new int[8];
      ends = new int[8];
      priorities = new int[8];
      categories = new Category[8];
    } else if (size == starts.length) {
      int n = size * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      priorities = Arrays.copyOf(priorities, n);
      categories = Arrays.copyOf(categories, n);
    }
    starts[size] = start;
    ends[size] = end;
    priorities[size] = priority;
    categories[size] = category;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Candidates so far: a mark for {@link #addedWhole}. */
  int size() {
    return size;
  }

  /**
   * Whether a candidate added since {@code mark} covers exactly {@code [from, to)} with a priority
   * above every value detector's but the credential scanner's ({@link SpanSink#EMAIL}).
   */
  boolean addedWhole(int mark, int from, int to) {
    for (int i = mark; i < size; i++) {
      if (starts[i] == from && ends[i] == to && priorities[i] > SpanSink.EMAIL) {
        return true;
      }
    }
    return false;
  }

  List<Span> result() {
    if (size == 0) {
      return List.of();
    }
    if (size == 1) {
      return List.of(new Span(categories[0], starts[0], ends[0]));
    }
    if (size <= SMALL) {
      return resultSmall();
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> compare(a, b));
    // accepted spans by start; a candidate is taken when it overlaps neither neighbour
    TreeMap<Integer, Integer> accepted = new TreeMap<>();
    for (Integer boxed : order) {
      int i = boxed;
      int s = starts[i];
      int e = ends[i];
      Map.Entry<Integer, Integer> before = accepted.floorEntry(s);
      if (before != null && ends[before.getValue()] > s) {
        continue;
      }
      Map.Entry<Integer, Integer> after = accepted.ceilingEntry(s);
      if (after != null && after.getKey() < e) {
        continue;
      }
      accepted.put(s, i);
    }
    List<Span> out = new ArrayList<>(accepted.size());
    for (int i : accepted.values()) {
      out.add(new Span(categories[i], starts[i], ends[i]));
    }
    return List.copyOf(out);
  }

  /** Most values have a few candidates: decided without boxing, a comparator or a tree. */
  private static final int SMALL = 8;

  /** Candidate order: higher priority, then longer, then earlier. */
  private int compare(int a, int b) {
    if (priorities[a] != priorities[b]) {
      return Integer.compare(priorities[b], priorities[a]);
    }
    int la = ends[a] - starts[a];
    int lb = ends[b] - starts[b];
    if (la != lb) {
      return Integer.compare(lb, la);
    }
    return Integer.compare(starts[a], starts[b]);
  }

  /**
   * {@link #result()} for at most {@link #SMALL} candidates, with the same answer: a stable
   * insertion sort by {@link #compare}, then each candidate is taken when it overlaps no span taken
   * before it (the taken spans do not overlap each other, so checking them all is what the tree's
   * two neighbours check for larger inputs).
   */
  private List<Span> resultSmall() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      int j = i;
      while (j > 0 && compare(order[j - 1], i) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    int[] taken = new int[size];
    int n = 0;
    for (int i : order) {
      boolean free = true;
      for (int t = 0; t < n && free; t++) {
        free = ends[taken[t]] <= starts[i] || ends[i] <= starts[taken[t]];
      }
      if (free) {
        int j = n++;
        while (j > 0 && starts[taken[j - 1]] > starts[i]) { // by start, for the result
          taken[j] = taken[j - 1];
          j--;
        }
        taken[j] = i;
      }
    }
    Span[] out = new Span[n];
    for (int t = 0; t < n; t++) {
      out[t] = new Span(categories[taken[t]], starts[taken[t]], ends[taken[t]]);
    }
    return List.of(out);
  }
}
