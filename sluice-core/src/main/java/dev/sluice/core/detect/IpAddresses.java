package dev.sluice.core.detect;

import dev.sluice.core.net.IpLiteral;

/**
 * IPv4 and IPv6 addresses (parsed by {@link IpLiteral}: no DNS, no {@code InetAddress}) and MAC
 * addresses.
 * IPv4 in free text is found by {@link NumberScanner}; this class finds IPv6 and MAC addresses.
 */
final class IpAddresses {
  private static final int MAX_V6 = 64;

  private IpAddresses() {}

  /** Either version, whole string (validator.js {@code isIP} semantics). */
  static boolean isIp(String s) {
    return isIpv4(s, 0, s.length()) || isIpv6(s, 0, s.length());
  }

  /** Dotted quad, each part 0-255 without leading zeros. */
  static boolean isIpv4(CharSequence s, int a, int b) {
    return IpLiteral.isIpv4(s, a, b);
  }

  /** RFC 4291 text form, with an optional embedded IPv4 tail and an optional zone id. */
  static boolean isIpv6(CharSequence s, int a, int b) {
    int end = b;
    for (int k = a; k < b; k++) {
      if (s.charAt(k) == '%') {
        if (k + 1 == b) {
          return false;
        }
        for (int z = k + 1; z < b; z++) {
          char c = s.charAt(z);
          if (!Chars.asciiAlnum(c) && c != '.') {
            return false;
          }
        }
        end = k;
        break;
      }
    }
    return IpLiteral.isIpv6(s, a, end);
  }

  /** Six hex pairs joined by one consistent separator ({@code :} or {@code -}) at {@code s[a, a + 17)}. */
  static boolean isMac(CharSequence s, int a, int b) {
    if (b - a != 17) {
      return false;
    }
    char sep = s.charAt(a + 2);
    if (sep != ':' && sep != '-') {
      return false;
    }
    for (int k = 0; k < 17; k++) {
      char c = s.charAt(a + k);
      if (k % 3 == 2 ? c != sep : !Chars.hex(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a valid address can point at a person: the unspecified ({@code 0.0.0.0}, {@code ::})
   * and loopback ({@code 127.0.0.0/8}, {@code ::1}) addresses cannot.
   */
  static boolean personal(CharSequence s, int a, int b) {
    if (b - a >= 4 && Chars.startsWith(s, a, b, "127.")) {
      return false;
    }
    String v = s.subSequence(a, b).toString();
    return !(v.equals("0.0.0.0") || v.equals("::") || v.equals("::1") || v.equals("0:0:0:0:0:0:0:1")
        || v.equals("0:0:0:0:0:0:0:0"));
  }

  private static boolean v6Char(char c) {
    return Chars.hex(c) || c == ':' || c == '.';
  }

  /** IPv6 and MAC addresses in {@code s[from, to)}. */
  static void scan(String s, int from, int to, SpanSink sink) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (!(Chars.hex(c) || c == ':')) {
        i++;
        continue;
      }
      if (i > from) {
        char p = s.charAt(i - 1);
        if (Chars.alnum(p) || p == ':' || p == '.' || p == '_' || p == '-') {
          i = skipToken(s, i, to);
          continue;
        }
      }
      // MAC first: a fixed 17-character shape
      if (i + 17 <= to && isMac(s, i, i + 17) && (i + 17 == to || !boundaryViolated(s.charAt(i + 17)))) {
        sink.add(Category.MAC_ADDRESS, i, i + 17, SpanSink.MAC);
        i += 17;
        continue;
      }
      int j = i;
      int colons = 0;
      while (j < to && v6Char(s.charAt(j)) && j - i <= MAX_V6) {
        if (s.charAt(j) == ':') {
          colons++;
        }
        j++;
      }
      if (j - i > MAX_V6 || colons < 2) {
        i = skipToken(s, j, to);
        continue;
      }
      int e = j;
      if (e < to && s.charAt(e) == '%') {
        int z = e + 1;
        while (z < to && (Chars.asciiAlnum(s.charAt(z)))) {
          z++;
        }
        if (z > e + 1) {
          e = z;
        }
      }
      while (e > i + 1
          && (s.charAt(e - 1) == '.' || (s.charAt(e - 1) == ':' && s.charAt(e - 2) != ':'))) {
        e--; // sentence punctuation
      }
      boolean hasHex = false;
      for (int k = i; k < e && !hasHex; k++) {
        hasHex = Chars.hex(s.charAt(k));
      }
      if (hasHex && (e == to || !boundaryViolated(s.charAt(e))) && isIpv6(s, i, e) && personal(s, i, e)) {
        sink.add(Category.IP_ADDRESS, i, e, SpanSink.IP);
      }
      i = Math.max(e, i + 1);
    }
  }

  private static boolean boundaryViolated(char next) {
    return Chars.alnum(next) || next == '_';
  }

  private static int skipToken(String s, int i, int to) {
    while (i < to) {
      char c = s.charAt(i);
      if (!(Chars.alnum(c) || c == ':' || c == '.' || c == '_' || c == '-')) {
        break;
      }
      i++;
    }
    return i;
  }
}
