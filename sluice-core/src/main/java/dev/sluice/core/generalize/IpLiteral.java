package dev.sluice.core.generalize;

/**
 * IP address literals, parsed and printed by hand: no {@link java.net.InetAddress#getByName} (which
 * may do DNS) and no regex.
 *
 * <p>Accepted: dotted-quad IPv4 ({@code 203.0.113.7}; no leading zeros, since {@code 010} is octal
 * to some parsers and decimal to others) and RFC 4291 IPv6 ({@code 2001:db8::1}, {@code
 * ::ffff:203.0.113.7}), optionally in brackets and with a zone ({@code fe80::1%eth0}, dropped).
 * Surrounding whitespace is ignored. Anything else, including {@code host:port}, is not a literal.
 */
final class IpLiteral {
  private IpLiteral() {}

  /** The 4 or 16 address bytes of {@code text}, or null when it is not an IP literal. */
  static byte[] parse(String text) {
    String s = text.strip();
    if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      s = s.substring(1, s.length() - 1);
      return s.indexOf(':') >= 0 ? parseV6(s) : null;
    }
    if (s.indexOf(':') >= 0) {
      return parseV6(s);
    }
    return parseV4(s, 0, s.length());
  }

  /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; others unchanged. */
  static byte[] unmapped(byte[] a) {
    if (a.length != 16) {
      return a;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return a;
      }
    }
    if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
      return a;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }

  /**
   * Dotted quad for 4 bytes, RFC 5952 canonical text (lower case, longest zero run as ::) for 16.
   */
  static String format(byte[] a) {
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

  private static byte[] parseV4(String s, int from, int to) {
    byte[] out = new byte[4];
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
        return null;
      }
      out[part++] = (byte) value;
      if (part == 4) {
        return i == to ? out : null;
      }
      if (i >= to || s.charAt(i) != '.') {
        return null;
      }
      i++;
    }
  }

  private static byte[] parseV6(String s) {
    int zone = s.indexOf('%');
    if (zone >= 0) {
      if (zone == s.length() - 1) {
        return null;
      }
      s = s.substring(0, zone);
    }
    if (s.length() < 2 || s.length() > 45) {
      return null;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] out = new byte[16];
    if (gap < 0) {
      return groups(s, 0, s.length(), out, 0, true) == 16 ? out : null;
    }
    byte[] tail = new byte[16];
    int headLen = groups(s, 0, gap, out, 0, false);
    int tailLen = groups(s, gap + 2, s.length(), tail, 0, true);
    if (headLen < 0 || tailLen < 0 || headLen + tailLen > 14) {
      return null; // "::" stands for at least one zero group
    }
    System.arraycopy(tail, 0, out, 16 - tailLen, tailLen);
    return out;
  }

  /**
   * Parses colon-separated hex groups of s[from, to) into out from offset {@code at}; the last
   * group may be a dotted IPv4 address when {@code v4Last}. Returns the number of bytes written, or
   * -1 when malformed. An empty range is zero groups.
   */
  private static int groups(String s, int from, int to, byte[] out, int at, boolean v4Last) {
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
        // Embedded IPv4: only as the last element, and only where it fills the last 32 bits.
        int end = s.indexOf(':', start);
        if (!v4Last || (end >= 0 && end < to) || n + 4 > 16) {
          return -1;
        }
        byte[] v4 = parseV4(s, start, to);
        if (v4 == null) {
          return -1;
        }
        System.arraycopy(v4, 0, out, n, 4);
        return n + 4 - at;
      }
      if (i == start || n + 2 > 16) {
        return -1;
      }
      out[n++] = (byte) (value >> 8);
      out[n++] = (byte) value;
      if (i == to) {
        return n - at;
      }
      i++; // the ':'
      if (i == to) {
        return -1; // trailing single colon
      }
    }
  }

  /**
   * The value of an ASCII hex digit, or -1 ({@link Character#digit} also accepts non-ASCII digits).
   */
  static int hexDigit(char c) {
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
}
