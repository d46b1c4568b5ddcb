package dev.sluice.core.generalize;

import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.TextScanner;

import dev.sluice.core.net.IpLiteral;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The host and the templated path of a URL, by a hand-written scanner (no regex, no {@link
 * java.net.URI}, which rejects many URLs browsers send, e.g. with {@code |} or spaces).
 *
 * <p>A URL here is {@code scheme://authority[path][?query][#fragment]} or a protocol-relative
 * {@code //authority...}; the scheme is a letter followed by letters, digits, {@code + - .}.
 */
final class UrlParts {
  private UrlParts() {}

  /** Index just after {@code scheme://} or a leading {@code //}, or -1 when {@code s} is no URL. */
  static int authorityStart(String s) {
    if (s.startsWith("//")) {
      return 2;
    }
    int n = s.length();
    if (n == 0 || !isAsciiLetter(s.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (c == ':') {
        return s.startsWith("//", i + 1) ? i + 3 : -1;
      }
      if (!(isAsciiLetter(c) || isAsciiDigit(c) || c == '+' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  /** Index of the first of {@code / ? # \} at or after {@code from}, or the length. */
  private static int authorityEnd(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        return i;
      }
    }
    return s.length();
  }

  /**
   * The lower-case host name of URL {@code s}, without userinfo, port or trailing dot; null when
   * {@code s} is not a URL, the host is empty or malformed, or the host is an IP address (an IP is
   * personal data, not a domain: use {@code ip-prefix} or {@code country} for it).
   */
  static String host(String s) {
    int start = authorityStart(s);
    if (start < 0) {
      return null;
    }
    int end = authorityEnd(s, start);
    int at = s.lastIndexOf('@', end - 1);
    if (at >= start) {
      start = at + 1;
    }
    if (start < end && s.charAt(start) == '[') {
      return null; // bracketed IPv6 literal
    }
    int colon = s.indexOf(':', start);
    int hostEnd = colon >= 0 && colon < end ? colon : end;
    if (hostEnd < end && !isPort(s, hostEnd + 1, end)) {
      return null;
    }
    if (hostEnd > start && s.charAt(hostEnd - 1) == '.') {
      hostEnd--;
    }
    if (hostEnd == start || hostEnd - start > 253) {
      return null;
    }
    int lastLabel = start;
    for (int i = start; i < hostEnd; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (i == lastLabel) {
          return null; // empty label
        }
        lastLabel = i + 1;
      } else if (!isHostChar(c)) {
        return null;
      }
    }
    if (isNumericLabel(s, lastLabel, hostEnd)) {
      return null; // 203.0.113.7, 3405803783 or 0xcb.0.113.7: browsers read these as IPv4
    }
    return s.substring(start, hostEnd).toLowerCase(Locale.ROOT);
  }

  /**
   * ASCII letters and digits, {@code -}, {@code _}, and non-ASCII letters and marks
   * (internationalised names). Non-ASCII digits are refused: browsers map fullwidth {@code １２７} to
   * {@code 127}, so they could smuggle an IP address through as a "domain".
   */
  private static boolean isHostChar(char c) {
    if (c < 0x80) {
      return isAsciiLetter(c) || isAsciiDigit(c) || c == '-' || c == '_';
    }
    int type = Character.getType(c);
    return Character.isLetter(c)
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  private static boolean isPort(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return to - from <= 5;
  }

  /** WHATWG URL: a host whose last label is a number (decimal or 0x hex) is an IPv4 address. */
  private static boolean isNumericLabel(String s, int from, int to) {
    if (to - from >= 2 && s.charAt(from) == '0' && (s.charAt(from + 1) | 0x20) == 'x') {
      for (int i = from + 2; i < to; i++) {
        if (IpLiteral.hexDigit(s.charAt(i)) < 0) {
          return false;
        }
      }
      return true;
    }
    for (int i = from; i < to; i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The path of URL or absolute path {@code s}, without query, fragment or {@code ;parameters},
   * with identifier-like segments replaced by placeholders (see {@link #template}); {@code /} when
   * a URL has no path; null when {@code s} is neither a URL nor starts with {@code /}.
   */
  static String templatedPath(String s) {
    int from;
    int start = authorityStart(s);
    if (start >= 0) {
      from = authorityEnd(s, start);
      if (from == s.length() || (s.charAt(from) != '/' && s.charAt(from) != '\\')) {
        return "/";
      }
    } else if (s.startsWith("/")) {
      from = 0;
    } else {
      return null;
    }
    int to = from;
    while (to < s.length() && s.charAt(to) != '?' && s.charAt(to) != '#') {
      to++;
    }
    StringBuilder out = new StringBuilder(to - from);
    int seg = from + 1;
    out.append('/');
    while (true) {
      int end = seg;
      int segEnd = -1; // the first ';' of the segment
      while (end < to && s.charAt(end) != '/' && s.charAt(end) != '\\') {
        if (segEnd < 0 && s.charAt(end) == ';') {
          segEnd = end;
        }
        end++;
      }
      out.append(template(s.substring(seg, segEnd < 0 ? end : segEnd)));
      if (end >= to) {
        return out.toString();
      }
      out.append('/');
      seg = end + 1;
    }
  }

  /**
   * One path segment, or its placeholder: {@code :email} (has an {@code @} after its first
   * character), {@code :handle} (starts with {@code @}), {@code :id} (all digits, or a run of 6+
   * digits between separators, as in {@code order-1234567}), {@code :uuid} (8-4-4-4-12 hex), {@code
   * :token} (16+ characters of URL-safe base64/hex that look random, see {@link #looksRandom}). A
   * final {@code .ext} of up to 5 letters or digits is kept: {@code
   * 5f4dcc3b5aa765d61d8327deb882cf99.png} becomes {@code :token.png}. The segment is
   * percent-decoded to be classified; a kept segment is returned as written.
   */
  static String template(String raw) {
    if (raw.isEmpty()) {
      return raw;
    }
    String seg = raw.indexOf('%') >= 0 ? percentDecode(raw) : raw;
    int at = seg.indexOf('@');
    if (at == 0) {
      return ":handle";
    }
    if (at > 0) {
      return ":email";
    }
    int dot = seg.lastIndexOf('.');
    int extLen = seg.length() - dot - 1;
    if (dot > 0 && extLen >= 1 && extLen <= 5 && isAlnum(seg, dot + 1, seg.length())) {
      String placeholder = classify(seg.substring(0, dot));
      if (placeholder != null) {
        return placeholder + seg.substring(dot);
      }
    }
    String placeholder = classify(seg);
    if (placeholder != null) {
      return placeholder;
    }
    // Shape alone misses personal data that looks like words or dotted numbers: a name, a street
    // address, an IP or a form-encoded phone number in a segment ("/users/Jane+Doe/orders").
    Category found = TextScanner.shared().firstCategory(formSpaces(seg));
    return found != null ? ":" + found.code() : raw;
  }

  /** {@code +} between words is a form-encoded space; a leading {@code +} (a phone's) is kept. */
  private static String formSpaces(String seg) {
    if (seg.indexOf('+') < 0) {
      return seg;
    }
    char[] c = seg.toCharArray();
    for (int i = 1; i < c.length; i++) {
      if (c[i] == '+' && Character.isLetterOrDigit(c[i - 1])) {
        c[i] = ' ';
      }
    }
    return new String(c);
  }

  private static String classify(String seg) {
    int n = seg.length();
    if (n == 0) {
      return null;
    }
    boolean allDigits = true;
    boolean longNumberWord = false;
    int wordStart = 0;
    boolean wordDigits = true;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? seg.charAt(i) : '/';
      if (isAsciiDigit(c) || (c >= 0x80 && Character.isDigit(c))) {
        continue;
      }
      allDigits &= i == n;
      if (isAsciiLetter(c)) {
        wordDigits = false;
        continue;
      }
      // a separator ends the word [wordStart, i)
      longNumberWord |= wordDigits && i - wordStart >= 6;
      wordStart = i + 1;
      wordDigits = true;
    }
    if (allDigits) {
      return ":id";
    }
    if (isUuid(seg)) {
      return ":uuid";
    }
    if (n >= 16 && looksRandom(seg)) {
      return ":token";
    }
    return longNumberWord ? ":id" : null;
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : IpLiteral.hexDigit(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A random-looking token: only URL-safe base64/hex characters ({@code A-Z a-z 0-9 - _ = .}), and
   * either digits and letters alternating at least 3 times ({@code 5f4dcc3b}, {@code eyJhbGciOiJ})
   * or upper/lower case flipping at least once per 5 letters ({@code xKqPzRmTwLvNb}). Slugs and
   * words ({@code reset-password}, {@code top-10-tips-for-2024}, {@code iphone15promax}, {@code
   * getUserProfile}) do neither.
   */
  static boolean looksRandom(String s) {
    int letterDigitFlips = 0;
    int caseFlips = 0;
    int letters = 0;
    char prev = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = isAsciiLetter(c);
      boolean digit = isAsciiDigit(c);
      if (!letter && !digit && c != '-' && c != '_' && c != '=' && c != '.') {
        return false;
      }
      if (letter) {
        letters++;
      }
      if (i > 0) {
        boolean prevLetter = isAsciiLetter(prev);
        boolean prevDigit = isAsciiDigit(prev);
        if ((letter && prevDigit) || (digit && prevLetter)) {
          letterDigitFlips++;
        } else if (letter
            && prevLetter
            && Character.isUpperCase(c)
            && Character.isLowerCase(prev)) {
          caseFlips++;
        }
      }
      prev = c;
    }
    return letterDigitFlips >= 3 || (caseFlips >= 3 && caseFlips * 5 >= letters);
  }

  private static String percentDecode(String s) {
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && hexValue(s, i + 1) >= 0) {
        out[n++] = (byte) hexValue(s, i + 1);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        return s; // already decoded text; classify as is
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static int hexValue(String s, int i) {
    if (i + 1 >= s.length()) {
      return -1;
    }
    int hi = IpLiteral.hexDigit(s.charAt(i));
    int lo = IpLiteral.hexDigit(s.charAt(i + 1));
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  private static boolean isAlnum(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isAsciiLetter(c) && !isAsciiDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
