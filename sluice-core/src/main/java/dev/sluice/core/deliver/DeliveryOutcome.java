package dev.sluice.core.deliver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a vendor's answer means for the batch it answered. */
public sealed interface DeliveryOutcome {
  /** Accepted; the batch leaves the outbox. */
  record Delivered() implements DeliveryOutcome {}

  /** Transient failure; send again after {@code after} if the vendor said, else back off. */
  record Retry(Optional<Duration> after, String reason) implements DeliveryOutcome {}

  /** Permanent failure; the batch is parked in the dead-letter store with the reason. */
  record Rejected(String reason) implements DeliveryOutcome {}

  /**
   * The vendor refused some items for good and said which: {@code rejected} maps an item's index
   * in the batch to the vendor's reason, and those items are parked as dead letters. The others
   * were accepted ({@code resendRest} false: Mixpanel's {@code /import} ingests the valid records
   * of a 400), or nothing was ingested and they must be sent again without the refused ones
   * ({@code resendRest} true: Amplitude's 400 with {@code events_with_invalid_fields}).
   */
  record Partial(Map<Integer, String> rejected, boolean resendRest) implements DeliveryOutcome {
    public Partial {
      rejected = Map.copyOf(rejected);
    }
  }

  DeliveryOutcome DELIVERED = new Delivered();

  /**
   * The usual HTTP reading: 2xx delivered; 408, 429 and 5xx retried (honouring Retry-After);
   * other 4xx rejected. Vendors with richer answers refine this in their encoder.
   */
  static DeliveryOutcome fromStatus(VendorResponse r, Instant now) {
    int s = r.status();
    if (s >= 200 && s < 300) {
      return DELIVERED;
    }
    if (s == 408 || s == 429 || s >= 500) {
      return new Retry(r.retryAfter().flatMap(h -> RetryAfter.parse(h, now)), "HTTP " + s);
    }
    return new Rejected("HTTP " + s);
  }
}
