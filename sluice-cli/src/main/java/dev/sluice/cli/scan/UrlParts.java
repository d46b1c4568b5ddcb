package dev.sluice.cli.scan;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * The little URL reading the HAR scan needs: a URL's host, which part of a URL an offset falls in
 * (so a finding is reported at {@code url.query.email} rather than {@code url}), and whether two
 * hosts belong to the same site.
 */
final class UrlParts {
  /** Second-level labels under which a ccTLD sells registrations ({@code example.co.uk}). */
  private static final Set<String> SECOND_LEVEL =
      Set.of("co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil", "nic");

  private UrlParts() {}

  /** End of {@code scheme://} when the URL starts with one (or {@code //}), else -1. */
  private static int authorityStart(String url) {
    int css = url.indexOf("://");
    if (css > 0 && css <= 32) {
      for (int i = 0; i < css; i++) {
        char c = url.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')));
        if (!ok) {
          return -1;
        }
      }
      return css + 3;
    }
    return url.startsWith("//") ? 2 : -1;
  }

  private static int authorityEnd(String url, int from) {
    int e = from;
    while (e < url.length() && "/?#".indexOf(url.charAt(e)) < 0) {
      e++;
    }
    return e;
  }

  /** The lower-case host of an absolute URL (no user info, no port), or null. */
  static String host(String url) {
    if (url == null) {
      return null;
    }
    int as = authorityStart(url);
    if (as < 0) {
      return null;
    }
    int ae = authorityEnd(url, as);
    int hs = url.lastIndexOf('@', ae - 1) >= as ? url.lastIndexOf('@', ae - 1) + 1 : as;
    String hostPort = url.substring(hs, ae);
    String host;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = close > 0 ? hostPort.substring(1, close) : "";
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
    }
    host = host.toLowerCase(Locale.ROOT);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.isEmpty() ? null : host;
  }

  /**
   * Where {@code offset} falls in {@code url}: {@code host}, {@code userinfo}, {@code path},
   * {@code query.<name>} (or {@code query}), {@code fragment.<name>} (or {@code fragment}).
   */
  static String locate(String url, int offset) {
    int as = authorityStart(url);
    int p = 0;
    if (as >= 0) {
      int ae = authorityEnd(url, as);
      if (offset < ae) {
        int at = url.lastIndexOf('@', ae - 1);
        return at >= as && offset < at ? "userinfo" : "host";
      }
      p = ae;
    }
    int f = url.indexOf('#', p);
    int q = url.indexOf('?', p);
    if (f >= 0 && q > f) {
      q = -1;
    }
    if (f >= 0 && offset > f) {
      String name = paramName(url, f + 1, url.length(), offset);
      return name == null ? "fragment" : "fragment." + name;
    }
    if (q >= 0 && offset > q) {
      String name = paramName(url, q + 1, f >= 0 ? f : url.length(), offset);
      return name == null ? "query" : "query." + name;
    }
    return "path";
  }

  /** The decoded name of the {@code name=value} pair of {@code s[a, b)} holding {@code offset}. */
  private static String paramName(String s, int a, int b, int offset) {
    int start = a;
    for (int i = Math.min(offset, b) - 1; i >= a; i--) {
      char c = s.charAt(i);
      if (c == '&' || c == ';') {
        start = i + 1;
        break;
      }
    }
    int eq = s.indexOf('=', start);
    if (eq < 0 || eq >= offset || eq == start || eq - start > 64) {
      return null;
    }
    String raw = s.substring(start, eq);
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /**
   * Whether two hosts belong to the same site: equal, or the same registrable domain, read as the
   * last two labels, or three under a ccTLD's second level ({@code shop.example.co.uk}). An
   * approximation of the public suffix list that is right for the common cases.
   */
  static boolean sameSite(String a, String b) {
    return a.equals(b) || site(a).equals(site(b));
  }

  static String site(String host) {
    if (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return host; // an IP address is its own site
    }
    String[] labels = host.split("\\.");
    int n = labels.length;
    if (n < 3) {
      return host;
    }
    int keep = labels[n - 1].length() == 2 && SECOND_LEVEL.contains(labels[n - 2]) ? 3 : 2;
    return String.join(".", Arrays.copyOfRange(labels, n - keep, n));
  }
}
