package dev.sluice.core.detect;

/**
 * What the scanner may know about where a value comes from.
 *
 * @param region ISO 3166-1 alpha-2 region (upper case) used to read phone numbers written without
 *     a {@code +} country code; null when unknown (then only {@code +}-prefixed numbers are phone
 *     numbers)
 */
public record ScanHints(String region) {
  /** Nothing known. */
  public static final ScanHints NONE = new ScanHints(null);

  public ScanHints {
    region = normaliseRegion(region);
  }

  /**
   * Hints from an event's context: the region of {@code context.locale} ({@code "en-US"}, {@code
   * "pt_BR"}) when it has one, else {@code context.location.country} when it is a two-letter code.
   * Either may be null.
   */
  public static ScanHints fromContext(String locale, String country) {
    String region = null;
    if (locale != null) {
      // language[-_]REGION[...]: take the first two-letter alphabetic subtag after the language
      int n = locale.length();
      int i = 0;
      while (i < n && locale.charAt(i) != '-' && locale.charAt(i) != '_') {
        i++;
      }
      while (i < n && region == null) {
        int s = i + 1;
        int e = s;
        while (e < n && locale.charAt(e) != '-' && locale.charAt(e) != '_' && locale.charAt(e) != '.') {
          e++;
        }
        if (e - s == 2) {
          region = normaliseRegion(locale.substring(s, e));
        }
        i = e;
        if (i < n && locale.charAt(i) == '.') {
          break; // en_US.UTF-8: encoding follows
        }
      }
    }
    if (region == null) {
      region = normaliseRegion(country);
    }
    return region == null ? NONE : new ScanHints(region);
  }

  private static String normaliseRegion(String r) {
    if (r == null) {
      return null;
    }
    String t = r.strip();
    if (t.length() != 2) {
      return null;
    }
    char a = Character.toUpperCase(t.charAt(0));
    char b = Character.toUpperCase(t.charAt(1));
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
      return null;
    }
    return "" + a + b;
  }
}
