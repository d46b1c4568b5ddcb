package dev.sluice.core.deliver;

import java.net.URI;
import java.util.Map;

/** One HTTP request to a vendor, built by an {@link Encoder}; the sender only transmits it. */
public record VendorRequest(URI uri, String method, Map<String, String> headers, byte[] body) {
  public VendorRequest {
    headers = Map.copyOf(headers);
  }
}
