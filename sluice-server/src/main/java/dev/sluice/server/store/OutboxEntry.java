package dev.sluice.server.store;

import java.util.Objects;

/**
 * One vendor-ready item for one destination. The array is not copied: the caller hands it over and
 * must not change it until {@link Outbox#append} returns.
 */
public record OutboxEntry(String destination, byte[] item) {
  public OutboxEntry {
    DestinationNames.validate(destination);
    Objects.requireNonNull(item, "item");
  }
}
