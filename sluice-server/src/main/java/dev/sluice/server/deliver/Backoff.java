package dev.sluice.server.deliver;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS architecture blog's "full jitter"): spreads retries of
 * many senders so a recovering vendor is not hit by a synchronized wave. A vendor's Retry-After is
 * honoured as a floor.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofMinutes(5), RandomGenerator.getDefault());
  }

  /** The wait before retry number {@code attempt} (0-based). */
  public Duration delay(int attempt, Optional<Duration> retryAfter) {
    long ceiling = base.toMillis() << Math.min(attempt, 20);
    ceiling = Math.min(ceiling, cap.toMillis());
    long jittered = ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
    long floor = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
