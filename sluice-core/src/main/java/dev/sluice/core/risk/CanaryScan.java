package dev.sluice.core.risk;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what can attribute a leak in a suspicious text (a phishing email, a dump): canary email
 * aliases ({@code canary+<vendor>-<10 random>@<domain>}, which name the vendor they were planted
 * for) and Sluice pseudonyms ({@code ps1_<epoch>_<22 base64url>}, attributable to a destination
 * and epoch only through the canary registry, since they are keyed hashes), and SHA-256 hex digests,
 * which may be a canary alias hashed by a {@code sha256} rule (the alias names its vendor, so its
 * unsalted hash does too, though every vendor would compute the same hash).
 */
public final class CanaryScan {
  /** The random part of a canary: 10 lower-case letters and digits. */
  public static final int RANDOM_LENGTH = 10;
  private static final Pattern EMAIL = Pattern.compile(
      "canary\\+([a-z0-9][a-z0-9_-]{0,62})-([a-z0-9]{" + RANDOM_LENGTH + "})@([A-Za-z0-9.-]+[A-Za-z0-9])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SHA256_HEX = Pattern.compile("(?<![A-Za-z0-9])[0-9A-Fa-f]{64}(?![A-Za-z0-9])");
  private static final Pattern PSEUDONYM = Pattern.compile("(?<![A-Za-z0-9_-])ps1_([0-9]{1,9})_([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])");

  private CanaryScan() {}

  /** A canary alias found: the vendor it names and the whole address (lower-cased). */
  public record CanaryEmail(String vendor, String address) {}

  /** The canary emails in {@code text}, in order of appearance, each once. */
  public static Set<CanaryEmail> emails(CharSequence text) {
    Set<CanaryEmail> out = new LinkedHashSet<>();
    Matcher m = EMAIL.matcher(text);
    while (m.find()) {
      out.add(new CanaryEmail(m.group(1).toLowerCase(java.util.Locale.ROOT),
          m.group().toLowerCase(java.util.Locale.ROOT)));
    }
    return out;
  }

  /** The pseudonyms in {@code text}, in order of appearance, each once. */
  public static Set<String> pseudonyms(CharSequence text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PSEUDONYM.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The 64-hex-digit tokens in {@code text} (lower-cased), in order of appearance, each once. */
  public static Set<String> sha256Hex(CharSequence text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = SHA256_HEX.matcher(text);
    while (m.find()) {
      out.add(m.group().toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /** The epoch written in a pseudonym. */
  public static int epoch(String pseudonym) {
    return Integer.parseInt(pseudonym.substring(4, pseudonym.indexOf('_', 4)));
  }
}
