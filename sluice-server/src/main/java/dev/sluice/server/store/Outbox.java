package dev.sluice.server.store;

import java.util.List;
import java.util.Set;

/**
 * The durable queue between the hot path and the senders: per destination, vendor-ready items in
 * arrival order. Receivers {@link #append} from many threads; one sender per destination {@link
 * #peek}s a batch from the head, sends it, and {@link #commit}s it. Delivery is at least once: a
 * batch peeked but not committed before a crash is peeked again after restart.
 *
 * <p>I/O failures surface as {@link java.io.UncheckedIOException}.
 */
public interface Outbox extends AutoCloseable {
  /**
   * Stores the entries and returns once every one of them is durable (fsynced): only then may the
   * caller acknowledge the event. Either all entries are accepted or none.
   *
   * @throws OutboxFullException if the entries do not fit under the byte bound; nothing was stored
   * @throws IllegalArgumentException if the entries alone exceed the bound (they never fit)
   * @throws java.io.UncheckedIOException if writing failed; the entries may or may not be stored,
   *     so the caller must not acknowledge (the client's retry may duplicate, which idempotency ids
   *     make harmless)
   */
  void append(List<OutboxEntry> entries) throws OutboxFullException;

  /**
   * Up to {@code maxItems} items from the destination's head, without removing them, whose lengths
   * sum to at most {@code maxBytes}; at least one item if any is pending, even if it alone exceeds
   * {@code maxBytes} (the sender decides what to do with an oversized item). Empty if nothing is
   * pending.
   */
  Batch peek(String destination, int maxItems, int maxBytes);

  /**
   * Removes exactly the batch's items, durably. Committing a batch again is a no-op. Batches must
   * be committed in the order they were peeked.
   */
  void commit(String destination, Batch batch);

  /**
   * Whether appends can succeed: false once the store failed a write (until restart) or was
   * closed. {@code /readyz} reports it so a load balancer stops sending to this node.
   */
  boolean writable();

  /** Bytes held (stored or being stored, not yet committed), as counted against the bound. */
  long bytes();

  /** Items of the destination that are stored and not yet committed. */
  long depth(String destination);

  /** The destinations the outbox holds (or held) items for, including those found on disk. */
  Set<String> destinations();

  /** Finishes the appends already accepted, then releases the files. */
  @Override
  void close();
}
