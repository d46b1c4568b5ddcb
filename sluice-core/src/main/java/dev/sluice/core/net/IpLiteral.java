package dev.sluice.core.net;

/**
 * IP address literals, parsed and printed by hand: no {@link java.net.InetAddress#getByName} (which
 * may do DNS) and no regex. The one parser behind the detectors, the {@code generalize} actions and
 * the server's trusted-proxy list.
 *
 * <p>An address is a dotted-quad IPv4 ({@code 203.0.113.7}; no leading zeros, since {@code 010} is
 * octal to some parsers and decimal to others) or an RFC 4291 IPv6 ({@code 2001:db8::1}, {@code
 * ::ffff:203.0.113.7}). {@link #parse(String)} takes exactly that; {@link #parseLenient} also
 * accepts surrounding whitespace, brackets and a zone ({@code [fe80::1%eth0]}).
 */
public final class IpLiteral {
  private IpLiteral() {}

  /** The 4 or 16 address bytes of exactly an address (no brackets, zone, port or space), or null. */
  public static byte[] parse(String s) {
    return s == null ? null : parse(s, 0, s.length());
  }

  /** {@link #parse(String)} of {@code s[from, to)}. */
  public static byte[] parse(CharSequence s, int from, int to) {
    if (to - from < 2 || to - from > 45) {
      return null;
    }
    byte[] out;
    if (indexOf(s, ':', from, to) >= 0) {
      out = new byte[16];
      return v6(s, from, to, out) ? out : null;
    }
    out = new byte[4];
    return v4(s, from, to, out, 0) ? out : null;
  }

  /** Like {@link #parse(String)}, after dropping surrounding whitespace, brackets and a zone id. */
  public static byte[] parseLenient(String text) {
    String s = text.strip();
    if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      s = s.substring(1, s.length() - 1);
      if (s.indexOf(':') < 0) {
        return null;
      }
    }
    int zone = s.indexOf('%');
    if (zone >= 0 && s.indexOf(':') >= 0) {
      if (zone == s.length() - 1) {
        return null;
      }
      s = s.substring(0, zone);
    }
    return parse(s);
  }

  /** Whether {@code s[from, to)} is a dotted-quad IPv4 address. Allocates nothing. */
  public static boolean isIpv4(CharSequence s, int from, int to) {
    return v4(s, from, to, null, 0);
  }

  /** Whether {@code s[from, to)} is an IPv6 address (no zone). Allocates nothing. */
  public static boolean isIpv6(CharSequence s, int from, int to) {
    return to - from >= 2 && to - from <= 45 && v6(s, from, to, null);
  }

  /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; others unchanged. */
  public static byte[] unmapped(byte[] a) {
    return isMapped(a) ? new byte[] {a[12], a[13], a[14], a[15]} : a;
  }

  /** Whether {@code a} is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
  public static boolean isMapped(byte[] a) {
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

  /**
   * Dotted quad for 4 bytes, RFC 5952 canonical text (lower case, longest zero run as ::) for 16.
   */
  public static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** The value of an ASCII hex digit, or -1 ({@link Character#digit} also accepts other scripts). */
  public static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Dotted quad {@code s[from, to)} into {@code out[at, at + 4)} (when out is not null). */
  private static boolean v4(CharSequence s, int from, int to, byte[] out, int at) {
    int part = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return false;
      }
      if (out != null) {
        out[at + part] = (byte) value;
      }
      part++;
      if (part == 4) {
        return i == to;
      }
      if (i >= to || s.charAt(i) != '.') {
        return false;
      }
      i++;
    }
  }

  /** IPv6 {@code s[from, to)} into {@code out} (16 bytes, when not null). */
  private static boolean v6(CharSequence s, int from, int to, byte[] out) {
    int gap = indexOf(s, "::", from, to);
    if (gap >= 0 && indexOf(s, "::", gap + 1, to) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groups(s, from, to, out, 0, true) == 16;
    }
    int headLen = groups(s, from, gap, out, 0, false);
    if (headLen < 0) {
      return false;
    }
    // the tail is parsed to the front of its own area, then moved to the end of the 16 bytes
    byte[] tail = out == null ? null : new byte[16];
    int tailLen = groups(s, gap + 2, to, tail, 0, true);
    if (tailLen < 0 || headLen + tailLen > 14) {
      return false; // "::" stands for at least one zero group
    }
    if (out != null) {
      System.arraycopy(tail, 0, out, 16 - tailLen, tailLen);
    }
    return true;
  }

  /**
   * Parses colon-separated hex groups of {@code s[from, to)} into {@code out} from offset {@code
   * at}; the last group may be a dotted IPv4 address when {@code v4Last}. Returns the number of
   * bytes, or -1 when malformed. An empty range is zero groups.
   */
  private static int groups(CharSequence s, int from, int to, byte[] out, int at, boolean v4Last) {
    if (from == to) {
      return 0;
    }
    int n = at;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && s.charAt(i) != ':' && s.charAt(i) != '.') {
        int d = hexDigit(s.charAt(i));
        if (d < 0 || i - start >= 4) {
          return -1;
        }
        value = (value << 4) | d;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // embedded IPv4: only as the last element, where it fills the last 32 bits
        if (!v4Last || indexOf(s, ':', start, to) >= 0 || n + 4 > 16 || !v4(s, start, to, out, n)) {
          return -1;
        }
        return n + 4 - at;
      }
      if (i == start || n + 2 > 16) {
        return -1;
      }
      if (out != null) {
        out[n] = (byte) (value >> 8);
        out[n + 1] = (byte) value;
      }
      n += 2;
      if (i == to) {
        return n - at;
      }
      i++; // the ':'
      if (i == to) {
        return -1; // trailing single colon
      }
    }
  }

  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(CharSequence s, String two, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (s.charAt(i) == two.charAt(0) && s.charAt(i + 1) == two.charAt(1)) {
        return i;
      }
    }
    return -1;
  }
}
