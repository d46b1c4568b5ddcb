package dev.sluice.server.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(42));

  @Test
  void fullJitterStaysUnderAnExponentialCeilingThatIsCapped() {
    for (int attempt = 0; attempt < 40; attempt++) {
      long ceiling = Math.min(100L << Math.min(attempt, 20), 10_000);
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(attempt, Optional.empty()).toMillis()).isBetween(0L, ceiling);
      }
    }
  }

  @Test
  void jitterSpreadsRetries() {
    long distinct = java.util.stream.IntStream.range(0, 100).mapToLong(i -> backoff.delay(6, Optional.empty()).toMillis()).distinct().count();
    assertThat(distinct).isGreaterThan(50);
  }

  @Test
  void retryAfterIsAFloor() {
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.delay(0, Optional.of(Duration.ofSeconds(3)))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
  }
}
