package dev.sluice.core.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * libphonenumber validation of a bounded candidate (at most a few dozen characters, so its
 * internal regular expressions never see a whole input value).
 */
final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private Phones() {}

  /** A validation result; immutable, so the cache below can share it between threads. */
  private record Checked(String candidate, String region, boolean valid) {}

  /**
   * Direct-mapped cache of recent validations (libphonenumber's parse and its regular expressions
   * cost microseconds, and the same user's number recurs across events). Entries are immutable and
   * replaced whole, so racing threads at worst recompute.
   */
  private static final Checked[] CACHE = new Checked[8192];

  /** Whether {@code candidate} is a valid number: {@code +}-prefixed, or national in {@code region}. */
  static boolean valid(String candidate, String region) {
    int slot = (candidate.hashCode() * 31 + (region == null ? 0 : region.hashCode())) & (CACHE.length - 1);
    Checked c = CACHE[slot];
    if (c != null && c.candidate.equals(candidate) && java.util.Objects.equals(c.region, region)) {
      return c.valid;
    }
    boolean v = check(candidate, region);
    CACHE[slot] = new Checked(candidate, region, v);
    return v;
  }

  private static boolean check(String candidate, String region) {
    try {
      PhoneNumber n = UTIL.parse(candidate, region == null ? "ZZ" : region);
      return UTIL.isValidNumber(n);
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** Regions tried for a number next to a phone word when the value's region is unknown. */
  private static final String[] COMMON_REGIONS = {
    "US", "GB", "IN", "DE", "FR", "BR", "ES", "IT", "MX", "CA", "AU", "NL", "BE", "CH", "AT", "SE",
    "DK", "NO", "FI", "PL", "PT", "IE", "JP", "ZA", "NZ"
  };

  /** Valid as a national number in one of the most common regions. */
  static boolean validSomewhere(String candidate) {
    for (String region : COMMON_REGIONS) {
      if (valid(candidate, region)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code region} is in the North American Numbering Plan (+1). */
  static boolean nanp(String region) {
    return region != null && UTIL.getCountryCodeForRegion(region) == 1;
  }
}
