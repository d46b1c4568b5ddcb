package dev.sluice.core.deliver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Canonical (minimised) events out to one vendor's wire format. Split in two so the outbox holds
 * vendor-ready items: {@link #encode} runs on the hot path once per event and destination, {@link
 * #frame} runs in the sender when a batch leaves, {@link #interpret} reads the vendor's answer.
 */
public interface Encoder {
  /** The vendor's item for one minimised event; stored (encrypted) in the outbox as is. */
  byte[] encode(ObjectNode minimised);

  /** How many items and bytes one request may carry. */
  BatchLimits limits();

  /** One HTTP request carrying {@code items}, in the order given. */
  VendorRequest frame(List<byte[]> items, Instant now);

  /** What to do with the batch after the vendor answered. */
  DeliveryOutcome interpret(VendorResponse response, Instant now);
}
