package dev.sluice.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HyperLogLogTest {
  static String pseudonym(Random r) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder b = new StringBuilder("ps1_1_");
    for (int i = 0; i < 22; i++) {
      b.append(alphabet.charAt(r.nextInt(64)));
    }
    return b.toString();
  }

  static double error(long estimate, long truth) {
    return Math.abs(estimate - truth) / (double) truth;
  }

  @Test
  void withinTwoPercentAtOneHundredThousandDistinctPseudonyms() {
    HyperLogLog h = new HyperLogLog();
    Random r = new Random(20261125);
    for (int i = 0; i < 100_000; i++) {
      String p = pseudonym(r);
      h.add(p);
      h.add(p); // repeats do not count
    }
    assertThat(error(h.estimate(), 100_000)).isLessThan(0.02);
  }

  @Test
  void withinTwoPercentOnSequentialIdsAtSeveralSizes() {
    // Sequential, near-identical strings test the hash's mixing, not the generator's.
    for (int n : new int[] {10, 1_000, 30_000, 100_000, 1_000_000}) {
      HyperLogLog h = new HyperLogLog();
      for (int i = 0; i < n; i++) {
        h.add("user-" + i);
      }
      assertThat(error(h.estimate(), n)).as("n=%d estimate=%d", n, h.estimate()).isLessThan(0.02);
    }
  }

  @Test
  void emptyIsZeroAndSmallCountsAreExact() {
    HyperLogLog h = new HyperLogLog();
    assertThat(h.estimate()).isZero();
    for (int i = 0; i < 5; i++) {
      h.add("s" + i);
    }
    assertThat(h.estimate()).isEqualTo(5);
  }

  @Test
  void mergeIsTheUnionAndIdempotent() {
    HyperLogLog a = new HyperLogLog();
    HyperLogLog b = new HyperLogLog();
    for (int i = 0; i < 60_000; i++) {
      a.add("u" + i);
    }
    for (int i = 40_000; i < 100_000; i++) {
      b.add("u" + i);
    }
    HyperLogLog union = HyperLogLog.of(a.registers());
    union.merge(b.registers());
    union.merge(b.registers());
    union.merge(a.registers());
    assertThat(error(union.estimate(), 100_000)).isLessThan(0.02);
    assertThat(HyperLogLog.of(union.registers()).registers()).isEqualTo(union.registers());
  }

  @Test
  void registersHaveOneSize() {
    assertThat(new HyperLogLog().registers()).hasSize(16_384);
    assertThatThrownBy(() -> HyperLogLog.of(new byte[100])).isInstanceOf(IllegalArgumentException.class);
  }
}
