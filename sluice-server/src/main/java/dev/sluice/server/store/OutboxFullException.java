package dev.sluice.server.store;

/**
 * The outbox is at its byte bound and refused an append whole: nothing of it was stored. The
 * receiver answers 503 with {@code Retry-After: }{@link #retryAfterSeconds()} (principle 5: never a
 * silent drop).
 */
public final class OutboxFullException extends Exception {
  private final long retryAfterSeconds;

  public OutboxFullException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A suggested wait before retrying, from the rate senders have been draining the outbox. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
