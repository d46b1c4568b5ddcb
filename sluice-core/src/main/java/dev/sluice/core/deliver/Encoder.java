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
  /**
   * The vendor's item for one minimised event; stored (encrypted) in the outbox as is. Null when
   * the vendor's wire format has no way to carry this kind of event (GA4 has no alias): the
   * encoder counts that in its {@link #adjustments()} and the event is not queued.
   */
  byte[] encode(ObjectNode minimised);

  /**
   * True when the vendor's item is the minimised event itself as compact JSON, i.e. {@link
   * #encode} is {@code Json.bytes(minimised)} and never null (webhook, segment). The router then
   * has the contract write the item directly ({@code Contract.applyAsJson}), which builds no
   * output tree, and does not call {@link #encode}.
   */
  default boolean itemIsMinimisedEvent() {
    return false;
  }

  /** How many items and bytes one request may carry. */
  BatchLimits limits();

  /**
   * How many of the leading {@code items} (at least one) one request can carry. All of them for
   * most vendors; a vendor whose request holds one user (GA4: one {@code client_id} per request)
   * stops at the first item of another user, and the sender sends the rest next.
   */
  default int fitInOneRequest(List<byte[]> items) {
    return items.size();
  }

  /** What this encoder changed or left out to satisfy its vendor's rules, by reason. */
  default Adjustments adjustments() {
    return Adjustments.NONE;
  }

  /** One HTTP request carrying {@code items}, in the order given. */
  VendorRequest frame(List<byte[]> items, Instant now);

  /** What to do with the batch after the vendor answered. */
  DeliveryOutcome interpret(VendorResponse response, Instant now);
}
