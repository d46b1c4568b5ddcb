package dev.sluice.server.admin;

import dev.sluice.core.deliver.Encoder;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Where a destination delivers, for the BOM and {@code /admin/destinations}. Read from the request
 * the encoder frames for an empty batch: the one place every encoder states its URL, so a new
 * vendor package needs nothing more. Only scheme, host, port and path are kept: some vendors take
 * credentials in the query string (GA4's {@code api_secret}) or in user info.
 */
public final class DestinationEndpoint {
  private DestinationEndpoint() {}

  /** {@code scheme://host[:port]/path}, or null when the encoder cannot frame an empty batch. */
  public static URI of(Encoder encoder) {
    URI u;
    try {
      u = encoder.frame(List.of(), Instant.EPOCH).uri();
    } catch (RuntimeException e) {
      return null;
    }
    if (u == null || u.getScheme() == null || u.getHost() == null) {
      return null;
    }
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    return URI.create(u.getScheme() + "://" + u.getHost() + port + path);
  }
}
