package dev.sluice.core.deliver;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a vendor's answer means for the batch it answered. */
public sealed interface DeliveryOutcome {
  /** Accepted; the batch leaves the outbox. */
  record Delivered() implements DeliveryOutcome {}

  /** Transient failure; send again after {@code after} if the vendor said, else back off. */
  record Retry(Optional<Duration> after, String reason) implements DeliveryOutcome {}

  /** Permanent failure; the batch is parked in the dead-letter store with the reason. */
  record Rejected(String reason) implements DeliveryOutcome {}

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
