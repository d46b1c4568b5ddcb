package dev.sluice.core.detect;

/**
 * Payment card numbers: Luhn check plus the issuer (IIN) ranges and lengths of the major brands:
 * Visa, Mastercard (51-55, 2221-2720), American Express, Discover, JCB, Diners Club, UnionPay,
 * Maestro and Mir. A number that passes Luhn but has no known issuer prefix or a wrong length for
 * its brand is not a card.
 */
final class Cards {
  private Cards() {}

  /** Whole-string check: digits with optional spaces or dashes, a known brand, Luhn. */
  static boolean isValid(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    StringBuilder d = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Chars.digit(c)) {
        d.append(c);
      } else if (c != ' ' && c != '-') {
        return false;
      }
    }
    return d.length() >= 13 && brandOk(d, d.length(), false) && luhn(d, d.length());
  }

  /** Luhn over the first {@code n} characters of {@code digits}. */
  static boolean luhn(CharSequence digits, int n) {
    int sum = 0;
    boolean dbl = false;
    for (int i = n - 1; i >= 0; i--) {
      int v = digits.charAt(i) - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static int prefix(CharSequence d, int len) {
    int v = 0;
    for (int i = 0; i < len; i++) {
      v = v * 10 + (d.charAt(i) - '0');
    }
    return v;
  }

  /**
   * Whether the IIN and length fit a known brand.
   *
   * @param allowShortMaestro accept 12-digit Maestro numbers (only with a card cue nearby: a bare
   *     12-digit number is far more often an id)
   */
  static boolean brandOk(CharSequence d, int n, boolean allowShortMaestro) {
    if (n < 12 || n > 19) {
      return false;
    }
    int p1 = d.charAt(0) - '0';
    int p2 = prefix(d, 2);
    int p3 = prefix(d, 3);
    int p4 = prefix(d, 4);
    // Maestro: 12-19 digits
    if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759
        || (p4 >= 6761 && p4 <= 6763)) {
      if (n >= 13 || allowShortMaestro) {
        return true;
      }
    }
    if (n == 12) {
      return false;
    }
    if (p1 == 4) {
      return n == 13 || n >= 16; // Visa
    }
    if (p2 >= 51 && p2 <= 55) {
      return n == 16; // Mastercard
    }
    if (p4 >= 2221 && p4 <= 2720) {
      return n == 16; // Mastercard 2-series
    }
    if (p4 >= 2200 && p4 <= 2204) {
      return n >= 16; // Mir
    }
    if (p2 == 34 || p2 == 37) {
      return n == 15; // American Express
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38) {
      return n == 14; // Diners Club
    }
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) {
      return n >= 16; // Discover
    }
    if (p4 == 2131 || p4 == 1800) {
      return n == 15; // JCB (legacy)
    }
    if (p2 == 35) {
      return n == 16; // JCB
    }
    if (p2 == 62) {
      return n >= 16; // UnionPay
    }
    if (p2 == 67) {
      return n == 16; // UnionPay / Maestro ranges as validator.js reads them
    }
    if (p2 == 81) {
      return n >= 16; // UnionPay 81
    }
    return false;
  }
}
