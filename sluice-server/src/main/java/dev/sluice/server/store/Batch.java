package dev.sluice.server.store;

import java.util.Collections;
import java.util.List;

/**
 * Items peeked from the head of one destination's outbox, with the (opaque) position a {@link
 * Outbox#commit} needs to remove exactly them. Only the outbox that made a batch accepts it back.
 */
public final class Batch {
  private final Object owner;
  private final String destination;
  private final List<byte[]> items;
  private final long start;
  private final long end;
  private final long storedBytes;

  Batch(
      Object owner,
      String destination,
      List<byte[]> items,
      long start,
      long end,
      long storedBytes) {
    this.owner = owner;
    this.destination = destination;
    this.items = Collections.unmodifiableList(items);
    this.start = start;
    this.end = end;
    this.storedBytes = storedBytes;
  }

  public String destination() {
    return destination;
  }

  /** The items, oldest first. The arrays are the caller's to read, not to change. */
  public List<byte[]> items() {
    return items;
  }

  public int size() {
    return items.size();
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The sum of the items' lengths. */
  public long itemBytes() {
    long n = 0;
    for (byte[] i : items) {
      n += i.length;
    }
    return n;
  }

  boolean madeBy(Object outbox) {
    return owner == outbox;
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  long storedBytes() {
    return storedBytes;
  }

  @Override
  public String toString() {
    // Never the items: they are personal data after minimisation.
    return "Batch[" + destination + ", " + items.size() + " items]";
  }
}
