package dev.sluice.core.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * International Bank Account Numbers: a country with IBANs, that country's length and BBAN format
 * (SWIFT IBAN registry notation), and the ISO 7064 mod-97 check. Spaces every four characters are
 * allowed.
 */
final class Ibans {
  /** BBAN format per country: counts of n (digits), a (upper-case letters), c (alphanumerics). */
  private static final String[] SPECS = {
    "AD:8n12c", "AE:19n", "AL:8n16c", "AT:16n", "AZ:4c20n", "BA:16n", "BE:12n", "BG:4a6n8c",
    "BH:4a14c", "BI:23n", "BR:23n1a1c", "BY:4c20n", "CH:5n12c", "CR:18n", "CY:8n16c", "CZ:20n",
    "DE:18n", "DJ:23n", "DK:14n", "DO:4a20n", "DZ:22n", "EE:16n", "EG:25n", "ES:20n", "FI:14n",
    "FK:2a12n", "FO:14n", "FR:10n11c2n", "GB:4a14n", "GE:2c16n", "GI:4a15c", "GL:14n", "GR:7n16c",
    "GT:24c", "HN:4a20n", "HR:17n", "HU:24n", "IE:4a14n", "IL:19n", "IQ:4a15n", "IR:22n", "IS:22n",
    "IT:1a10n12c", "JO:4a4n18c", "KW:4a22c", "KZ:3n13c", "LB:4n20c", "LC:4a24c", "LI:5n12c",
    "LT:16n", "LU:3n13c", "LV:4a13c", "LY:21n", "MA:24n", "MC:10n11c2n", "MD:20c", "ME:18n",
    "MK:3n10c2n", "MN:16n", "MR:23n", "MT:4a5n18c", "MU:4a19n3a", "MZ:21n", "NI:4a20n", "NL:4a10n",
    "NO:11n", "OM:3n16c", "PK:4c16n", "PL:24n", "PS:4a21c", "PT:21n", "QA:4a21c", "RO:4a16c",
    "RS:18n", "RU:14n15c", "SA:2n18c", "SC:4a20n3a", "SD:14n", "SE:20n", "SI:15n", "SK:20n",
    "SM:1a10n12c", "SO:19n", "SV:4c20n", "TL:19n", "TN:20n", "TR:5n17c", "UA:6n19c", "VA:18n",
    "VG:4a16n", "XK:16n", "YE:4a4n18c",
  };

  /** Per-country pattern: one class char ('n', 'a', 'c') per BBAN position. */
  private static final Map<String, char[]> FORMATS = new HashMap<>();

  static {
    for (String spec : SPECS) {
      String country = spec.substring(0, 2);
      StringBuilder pattern = new StringBuilder();
      int count = 0;
      for (int i = 3; i < spec.length(); i++) {
        char c = spec.charAt(i);
        if (Chars.digit(c)) {
          count = count * 10 + (c - '0');
        } else {
          pattern.append(String.valueOf(c).repeat(count));
          count = 0;
        }
      }
      FORMATS.put(country, pattern.toString().toCharArray());
    }
  }

  private Ibans() {}

  /** Whole-string check: spaces and hyphens ignored, case-insensitive (validator.js semantics). */
  static boolean isValid(String s) {
    if (s == null) {
      return false;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '-' || c == '\t') {
        continue;
      }
      if (!Chars.asciiAlnum(c)) {
        return false;
      }
      b.append(Character.toUpperCase(c));
    }
    return valid(b, 0, b.length());
  }

  /** An upper-case, compact candidate {@code s[a, b)}. */
  private static boolean valid(CharSequence s, int a, int b) {
    if (b - a < 15) {
      return false;
    }
    char[] format = format(s.charAt(a), s.charAt(a + 1));
    if (format == null || b - a != 4 + format.length) {
      return false;
    }
    if (!Chars.digit(s.charAt(a + 2)) || !Chars.digit(s.charAt(a + 3))) {
      return false;
    }
    for (int i = 0; i < format.length; i++) {
      char c = s.charAt(a + 4 + i);
      boolean ok =
          switch (format[i]) {
            case 'n' -> Chars.digit(c);
            case 'a' -> Chars.upper(c);
            default -> Chars.digit(c) || Chars.upper(c);
          };
      if (!ok) {
        return false;
      }
    }
    return mod97(s, a, b) == 1;
  }

  private static char[] format(char c1, char c2) {
    if (!Chars.upper(c1) || !Chars.upper(c2)) {
      return null;
    }
    return FORMATS.get(new String(new char[] {c1, c2}));
  }

  private static int mod97(CharSequence s, int a, int b) {
    int r = 0;
    for (int k = 0; k < b - a; k++) {
      char c = s.charAt(a + ((k + 4) % (b - a)));
      if (Chars.digit(c)) {
        r = (r * 10 + (c - '0')) % 97;
      } else {
        r = (r * 100 + (c - 'A' + 10)) % 97;
      }
    }
    return r;
  }

  /**
   * Finds IBANs in {@code s[from, to)}: all upper case or all lower case, compact or grouped by
   * single spaces every four characters.
   */
  static void scan(String s, int from, int to, SpanSink sink) {
    int i = from;
    while (i + 15 <= to) {
      char c0 = s.charAt(i);
      if (!Chars.asciiLetter(c0) || (i > from && Chars.tokenChar(s.charAt(i - 1)))) {
        i++;
        continue;
      }
      int end = match(s, i, to);
      if (end > 0) {
        sink.add(Category.IBAN, i, end, SpanSink.IBAN);
        i = end;
      } else {
        i++;
        while (i < to && Chars.tokenChar(s.charAt(i))) {
          i++; // not a token start
        }
      }
    }
  }

  private static int match(String s, int i, int to) {
    char c0 = s.charAt(i);
    char c1 = s.charAt(i + 1);
    boolean lower = Chars.lower(c0);
    if (lower ? !Chars.lower(c1) : !Chars.upper(c1)) {
      return -1;
    }
    if (!Chars.digit(s.charAt(i + 2)) || !Chars.digit(s.charAt(i + 3))) {
      return -1;
    }
    char[] format = format(Character.toUpperCase(c0), Character.toUpperCase(c1));
    if (format == null) {
      return -1;
    }
    int length = 4 + format.length;
    boolean spaced = i + 4 < to && s.charAt(i + 4) == ' ';
    char[] compact = new char[length];
    int count = 0;
    int j = i;
    while (count < length && j < to) {
      if (spaced && count > 0 && count % 4 == 0) {
        if (s.charAt(j) != ' ') {
          return -1;
        }
        j++;
        if (j >= to) {
          return -1;
        }
      }
      char c = s.charAt(j);
      if (Chars.digit(c)) {
        compact[count++] = c;
      } else if (lower ? Chars.lower(c) : Chars.upper(c)) {
        compact[count++] = Character.toUpperCase(c);
      } else {
        return -1;
      }
      j++;
    }
    if (count != length || (j < to && Chars.tokenChar(s.charAt(j)))) {
      return -1;
    }
    return valid(new String(compact), 0, length) ? j : -1;
  }
}
