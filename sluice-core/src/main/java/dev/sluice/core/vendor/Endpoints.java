package dev.sluice.core.vendor;

import dev.sluice.core.config.Options;
import java.net.URI;
import java.net.URISyntaxException;

/** Validation shared by vendor packages for endpoint URLs in options. */
public final class Endpoints {
  private Endpoints() {}

  /** {@code value} as an absolute http(s) URI, or a located config error naming {@code key}. */
  public static URI httpUri(Options options, String key, String value) {
    try {
      URI u = new URI(value);
      if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())) {
        throw options.error(key, "'" + value + "' is not an http(s) URL");
      }
      if (u.getHost() == null) {
        throw options.error(key, "'" + value + "' has no host");
      }
      return u;
    } catch (URISyntaxException e) {
      throw options.error(key, "'" + value + "' is not a URL: " + e.getReason());
    }
  }

  /** {@code base} (which may carry a proxy's path prefix) followed by {@code path}, one slash between. */
  public static URI under(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
