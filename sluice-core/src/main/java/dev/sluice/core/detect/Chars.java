package dev.sluice.core.detect;

/** Character classes shared by the hand-written scanners (no regular expressions on values). */
final class Chars {
  private Chars() {}

  static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean asciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean asciiAlnum(char c) {
    return digit(c) || asciiLetter(c);
  }

  static boolean upper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean lower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A letter or digit of any script. */
  static boolean alnum(char c) {
    return c < 128 ? asciiAlnum(c) : Character.isLetterOrDigit(c);
  }

  /** Characters of identifier-like tokens: letters, digits, {@code _} and {@code -}. */
  static boolean tokenChar(char c) {
    return alnum(c) || c == '_' || c == '-';
  }

  /** base64url alphabet. */
  static boolean base64Url(char c) {
    return asciiAlnum(c) || c == '-' || c == '_';
  }

  static boolean space(char c) {
    return c == ' ' || c == '\u00a0' || c == '\u202f';
  }

  static boolean whitespace(char c) {
    if (c <= ' ') {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
    // no other ASCII character is white space; answered before the Unicode table lookup, which
    // showed up in profiles because word scanners ask this of every letter
    return c >= 128 && (c == '\u00a0' || c == '\u2028' || c == '\u2029' || Character.isWhitespace(c));
  }

  /** Shannon entropy in bits per character of {@code s[a, b)}. */
  static double entropy(CharSequence s, int a, int b) {
    int n = b - a;
    if (n <= 0) {
      return 0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int k : counts) {
      if (k > 0) {
        double p = (double) k / n;
        h -= p * Math.log(p);
      }
    }
    if (other > 0) {
      double p = (double) other / n;
      h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }

  /** Case-insensitive ASCII comparison of {@code s[at, at + word.length())} with lower-case {@code word}. */
  static boolean regionIs(CharSequence s, int at, int limit, String word) {
    int n = word.length();
    if (at < 0 || at + n > limit) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(at + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Exact (case-sensitive) comparison of {@code s[at, ...)} with {@code word}. */
  static boolean startsWith(CharSequence s, int at, int limit, String word) {
    int n = word.length();
    if (at < 0 || at + n > limit) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s.charAt(at + i) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** {@code s.indexOf(c, from)} limited to {@code [from, to)}: never reads past {@code to}. */
  static int indexOf(String s, char c, int from, int to) {
    for (int i = Math.max(from, 0); i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s.indexOf(needle, from)} limited to matches inside {@code [from, to)}. */
  static int indexOf(String s, String needle, int from, int to) {
    char first = needle.charAt(0);
    int last = to - needle.length();
    for (int i = Math.max(from, 0); i <= last; i++) {
      if (s.charAt(i) == first && s.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }
}
