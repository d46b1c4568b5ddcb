package dev.sluice.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers whose {@code X-Forwarded-For} header is believed: IPv4/IPv6 addresses and CIDR ranges.
 * Entries are IP literals only, parsed by hand; nothing here ever performs a DNS lookup. An
 * IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is treated as the IPv4 address it carries.
 */
public final class TrustedProxies {
  /** Trusts nobody: the peer address is the client address. The default. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses {@code entries}; throws IllegalArgumentException naming the first bad entry. A CIDR
   * with host bits set ({@code 10.0.0.1/8}) is rejected rather than silently widened.
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Range> out = new ArrayList<>(entries.size());
    for (String e : entries) {
      out.add(Range.parse(e));
    }
    return new TrustedProxies(out);
  }

  /** True when {@code peer} is inside one of the ranges. */
  public boolean trusts(InetAddress peer) {
    byte[] a = unmap(peer.getAddress());
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** True when some entry is a whole address family ({@code 0.0.0.0/0} or {@code ::/0}). */
  public boolean trustsEveryone() {
    return ranges.stream().anyMatch(r -> r.prefix == 0);
  }

  /** The entries as written. */
  public List<String> entries() {
    return ranges.stream().map(r -> r.text).toList();
  }

  @Override
  public String toString() {
    return "TrustedProxies" + entries();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedProxies t && t.entries().equals(entries());
  }

  @Override
  public int hashCode() {
    return entries().hashCode();
  }

  /**
   * {@code text} as an address when it is an IPv4 or IPv6 literal (no brackets, no zone, no port),
   * empty otherwise. Never resolves names, so it is safe on untrusted input such as
   * X-Forwarded-For entries.
   */
  public static Optional<InetAddress> parseAddress(String text) {
    byte[] b = literal(text);
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(b)); // by bytes: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes", e);
    }
  }

  /** The bytes of an IP literal (4 or 16), or null. */
  static byte[] literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 45) {
      return null;
    }
    return s.indexOf(':') >= 0 ? v6(s) : v4(s);
  }

  private static byte[] v4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = s.length();
    while (true) {
      int start = i;
      int v = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return null;
        }
      }
      int len = i - start;
      if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
        return null; // empty, too large, or a leading zero (octal in some parsers)
      }
      out[part++] = (byte) v;
      if (part == 4) {
        return i == n ? out : null;
      }
      if (i >= n || s.charAt(i) != '.') {
        return null;
      }
      i++;
    }
  }

  private static byte[] v6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    int[] h = groups(head, gap < 0);
    int[] t = groups(tail, true);
    if (h == null || t == null) {
      return null;
    }
    int words = h.length + t.length;
    if (gap < 0 ? words != 8 : words > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int k = 0; k < h.length; k++) {
      out[2 * k] = (byte) (h[k] >>> 8);
      out[2 * k + 1] = (byte) h[k];
    }
    for (int k = 0; k < t.length; k++) {
      int w = 8 - t.length + k;
      out[2 * w] = (byte) (t[k] >>> 8);
      out[2 * w + 1] = (byte) t[k];
    }
    return out;
  }

  /** 16-bit words of a ':'-separated run; the last part may be a dotted IPv4 when {@code lastMayBeV4}. */
  private static int[] groups(String run, boolean lastMayBeV4) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    List<Integer> words = new ArrayList<>(8);
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p];
      if (p == parts.length - 1 && lastMayBeV4 && part.indexOf('.') >= 0) {
        byte[] v4 = v4(part);
        if (v4 == null) {
          return null;
        }
        words.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        words.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < part.length(); k++) {
        int d = Character.digit(part.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      words.add(v);
    }
    return words.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean isMapped(byte[] a) {
    if (a.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] unmap(byte[] a) {
    return isMapped(a) ? new byte[] {a[12], a[13], a[14], a[15]} : a;
  }

  private record Range(String text, byte[] network, int prefix) {
    static Range parse(String text) {
      int slash = text.indexOf('/');
      String addr = slash < 0 ? text : text.substring(0, slash);
      byte[] net = literal(addr);
      if (net == null) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an IP address or CIDR range (host names are not accepted: no DNS lookups)");
      }
      int bits = net.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = text.substring(slash + 1);
        if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > bits) {
          throw new IllegalArgumentException(
              "'" + text + "' has a bad prefix length: use /0 to /" + bits);
        }
        prefix = Integer.parseInt(p);
      }
      if (isMapped(net) && prefix >= 96) {
        net = unmap(net);
        prefix -= 96;
      }
      byte[] masked = mask(net, prefix);
      if (!java.util.Arrays.equals(masked, net)) {
        throw new IllegalArgumentException(
            "'" + text + "' has host bits set; did you mean " + show(masked) + "/" + prefix + "?");
      }
      return new Range(text, net, prefix);
    }

    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      return java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] a, int prefix) {
      byte[] out = a.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, prefix - 8 * i));
        out[i] &= (byte) (0xff << (8 - keep));
      }
      return out;
    }

    /** The address in its usual short form (RFC 5952 for IPv6: the longest zero run as ::). */
    private static String show(byte[] a) {
      if (a.length == 4) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
      }
      int[] w = new int[8];
      for (int i = 0; i < 8; i++) {
        w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
      }
      int bestStart = -1;
      int bestLen = 1;
      for (int i = 0; i < 8; ) {
        int j = i;
        while (j < 8 && w[j] == 0) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j == i ? i + 1 : j;
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          sb.append("::");
          i += bestLen - 1;
          continue;
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
          sb.append(':');
        }
        sb.append(Integer.toHexString(w[i]));
      }
      return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Range r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }
}
