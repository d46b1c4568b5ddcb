package dev.sluice.core.generalize;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code sha256} action: a normalised, unsalted SHA-256 in lower-case hex, the form Google
 * (Enhanced Conversions, Customer Match) and Meta (Conversions API) require for matching.
 *
 * <p>Normalisation: the value is trimmed; an email (an {@code @} after the first character) is
 * lower-cased; a phone number with a country code ({@code +44 20 7946 0958}, or a national number
 * when a default region is given) is written in E.164 ({@code +442079460958}); anything else is
 * hashed as trimmed. A value that is already a hash is hashed again (a 64-hex-digit value may as
 * well be a secret, which must not pass through): forward pre-hashed fields with {@code keep}.
 * Example: {@code hash(" Jane.Doe@Example.com ")} is the SHA-256 of {@code jane.doe@example.com}.
 *
 * <p><b>Weak protection.</b> An unsalted hash of an email or phone number is a pseudonym anyone can
 * reverse by hashing candidate values (leaked address lists, every number of a country): it hides
 * nothing from a vendor or an attacker who holds such a list. Use it only where the vendor requires
 * it for matching; prefer {@code pseudonymize} everywhere else.
 */
public final class Sha256Normalizer {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final HexFormat HEX = HexFormat.of();

  private Sha256Normalizer() {}

  /** The lower-case hex SHA-256 of {@code value} normalised, phones only with a country code. */
  public static String hash(String value) {
    return hash(value, null);
  }

  /**
   * As {@link #hash(String)}, reading a phone number without country code as a number of {@code
   * defaultRegion} (ISO 3166-1 alpha-2, e.g. "US"; null for none).
   */
  public static String hash(String value, String defaultRegion) {
    byte[] normalized = normalize(value, defaultRegion).getBytes(StandardCharsets.UTF_8);
    return HEX.formatHex(sha256().digest(normalized));
  }

  /** The text that is hashed. */
  static String normalize(String value, String defaultRegion) {
    String s = value.strip();
    if (s.indexOf('@') > 0) {
      return s.toLowerCase(Locale.ROOT);
    }
    if (looksLikePhone(s)) {
      try {
        PhoneNumber n = PHONES.parse(s, defaultRegion == null ? "ZZ" : defaultRegion);
        if (PHONES.isPossibleNumber(n)) {
          return PHONES.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
        }
      } catch (NumberParseException e) {
        // not a number libphonenumber can place: hashed as trimmed
      }
    }
    return s;
  }

  /** Digits with the usual punctuation only, 7 to 17 digits. */
  private static boolean looksLikePhone(String s) {
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') {
        return false;
      }
    }
    return digits >= 7 && digits <= 17;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
