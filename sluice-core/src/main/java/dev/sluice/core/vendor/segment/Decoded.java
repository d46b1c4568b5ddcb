package dev.sluice.core.vendor.segment;

import dev.sluice.core.event.Event;
import java.util.List;

/**
 * What one Segment request decoded to: the canonical events accepted (in request order), the
 * batch items refused (single-event requests never have any: their problems are a 4xx), and the
 * write key carried in the body, or null when the body carries none (then only the {@code
 * Authorization} header can name the source).
 */
public record Decoded(List<Event> accepted, List<Rejection> rejected, String writeKey) {
  public Decoded {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
  }
}
