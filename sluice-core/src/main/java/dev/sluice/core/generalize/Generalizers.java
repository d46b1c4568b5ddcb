package dev.sluice.core.generalize;

/** Builds a {@link Generalizer} from its spelling in sluice.yaml. */
public final class Generalizers {
  /** The valid spellings, for error messages. */
  public static final String VALID =
      "country, ip-prefix, browser, os, domain, path, day, month, bucket(N), age-band";

  private static final Generalizer IP_PREFIX = new Generalizer.IpPrefix();
  private static final Generalizer BROWSER = new Generalizer.Browser();
  private static final Generalizer OS = new Generalizer.Os();
  private static final Generalizer DOMAIN = new Generalizer.Domain();
  private static final Generalizer PATH = new Generalizer.UrlPath();
  private static final Generalizer DAY = new Generalizer.Day();
  private static final Generalizer MONTH = new Generalizer.Month();

  private Generalizers() {}

  /**
   * Parses the YAML spelling: "country", "ip-prefix", "browser", "os", "domain", "path", "day",
   * "month", "bucket(10)", "age-band". Surrounding blanks are ignored; names are lower case. {@code
   * browser} and {@code os} load the user agent rules now (under a second, once per JVM), so the
   * first event does not pay for it.
   *
   * @throws IllegalArgumentException naming the problem and listing the valid names
   */
  public static Generalizer parse(String spec, GeneralizeContext ctx) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("generalize needs one of: " + VALID);
    }
    String s = spec.strip();
    switch (s) {
      case "country" -> {
        if (ctx == null || ctx.countries() == null) {
          throw new IllegalArgumentException(
              "generalize 'country' needs the IP-to-country database, and none is available");
        }
        return new Generalizer.Country(ctx.countries());
      }
      case "ip-prefix" -> {
        return IP_PREFIX;
      }
      case "browser" -> {
        UserAgentLabels.load();
        return BROWSER;
      }
      case "os" -> {
        UserAgentLabels.load();
        return OS;
      }
      case "domain" -> {
        return DOMAIN;
      }
      case "path" -> {
        return PATH;
      }
      case "day" -> {
        return DAY;
      }
      case "month" -> {
        return MONTH;
      }
      case "age-band" -> {
        if (ctx == null) {
          throw new IllegalArgumentException("generalize 'age-band' needs today's date");
        }
        return new Generalizer.AgeBand(ctx.today());
      }
      default -> {
        if (s.startsWith("bucket")) {
          return new Generalizer.Bucket(bucketSize(s));
        }
        throw new IllegalArgumentException("unknown generalization '" + s + "'; valid: " + VALID);
      }
    }
  }

  /** N in {@code bucket(N)}: a positive decimal integer, blanks allowed inside the parentheses. */
  private static long bucketSize(String s) {
    String rest = s.substring("bucket".length()).strip();
    if (rest.length() < 2 || rest.charAt(0) != '(' || rest.charAt(rest.length() - 1) != ')') {
      throw new IllegalArgumentException(
          "'" + s + "': write the bucket size in parentheses, e.g. bucket(10); valid: " + VALID);
    }
    String n = rest.substring(1, rest.length() - 1).strip();
    boolean digits = !n.isEmpty() && n.length() <= 18;
    for (int i = 0; i < n.length() && digits; i++) {
      digits = n.charAt(i) >= '0' && n.charAt(i) <= '9';
    }
    long size = digits ? Long.parseLong(n) : 0;
    if (size < 1) {
      throw new IllegalArgumentException(
          "'"
              + s
              + "': the bucket size must be a positive integer, e.g. bucket(10); valid: "
              + VALID);
    }
    return size;
  }
}
