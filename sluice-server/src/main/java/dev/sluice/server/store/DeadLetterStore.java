package dev.sluice.server.store;

import java.util.List;
import java.util.Set;

/**
 * Where a sender parks batches a vendor rejected for good (principle 5: a rejected event is kept
 * and counted, not silently dropped). Items stay encrypted at rest like the outbox's; listing shows
 * only why, when and how many, never the items. I/O failures surface as {@link
 * java.io.UncheckedIOException}.
 */
public interface DeadLetterStore extends AutoCloseable {
  /**
   * Parks the items with the reason they were rejected; returns once they are durable, so the
   * sender may then commit them out of the outbox.
   *
   * @param reason a short, content-free reason such as {@code HTTP 400}; truncated to {@value
   *     FileDeadLetters#MAX_REASON_CHARS} characters
   */
  void park(String destination, List<byte[]> items, String reason);

  /** Items parked for the destination. */
  long count(String destination);

  /** The destination's parked batches, oldest first, without their items. */
  List<ParkedBatch> list(String destination);

  /** Destinations with parked batches. */
  Set<String> destinations();

  @Override
  void close();
}
