package dev.sluice.bench.accuracy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Fake but well-formed personal data and credentials, made from a seeded {@link Random}: every
 * card passes Luhn and its brand's prefix and length, every IBAN its country length and mod-97,
 * every phone number libphonenumber's validity check for its region, every SSN the SSA's area,
 * group and serial rules. Provider tokens are assembled here at run time (prefix + random body)
 * so no credential-shaped literal sits in the repository.
 *
 * <p>Nothing here reads the detectors: the generators follow the public formats, not Sluice's
 * implementation, so the evaluation measures the detectors instead of mirroring them.
 */
public final class Fakes {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final Random r;

  public Fakes(Random r) {
    this.r = r;
  }

  public Random random() {
    return r;
  }

  public <T> T pick(T[] from) {
    return from[r.nextInt(from.length)];
  }

  // ------------------------------------------------------------------ people

  /**
   * Given names: common US/UK names plus names from other countries. Chosen independently of the
   * name lists Sluice ships (shared/data/names), so recall is not measured on the detector's own
   * dictionary; the report prints how many of them the lists hold.
   */
  static final String[] GIVEN = {
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Betty", "Mark",
    "Sandra", "Steven", "Ashley", "Andrew", "Kimberly", "Joshua", "Emily", "Kevin", "Michelle",
    "Brian", "Amanda", "Jason", "Melissa", "Priya", "Wei", "Aisha", "Lukas", "Sofia", "Mateo",
    "Yuki", "Hiroshi", "Fatima", "Ivan", "Lars", "Kwame", "Elena", "Tomás", "Ingrid", "Raj", "Nina",
    "Oskar", "Leila", "Chloé", "Zoë", "Jordan", "Taylor", "Morgan", "Riley", "Mohammed", "Olga",
    "Giulia", "Siobhan", "Ngozi", "Thabo", "Minh", "Sven", "Björn", "Agnieszka", "Dmitri", "Aaliyah",
    "Diego", "Camila", "Hannah"
  };

  static final String[] FAMILY = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
    "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
    "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Müller", "Schmidt", "Rossi", "Kowalski", "Nakamura", "Okafor",
    "Petrov", "Sharma", "Andersen", "Haddad", "Novak", "Yilmaz", "O'Brien", "Dubois", "Fischer",
    "Tanaka", "Chen", "Khan", "Silva", "Costa", "Mensah", "Ivanova", "Jensen", "Moreau",
    "Papadopoulos", "Kaczmarek", "Oyelaran", "Lindqvist", "Bianchi", "Fernández"
  };

  public String given() {
    return pick(GIVEN);
  }

  public String family() {
    return pick(FAMILY);
  }

  /** "Maria Garcia", sometimes with a middle initial. */
  public String fullName() {
    String g = given();
    String f = family();
    return r.nextInt(10) == 0 ? g + " " + (char) ('A' + r.nextInt(26)) + ". " + f : g + " " + f;
  }

  private static final String[] MAIL_DOMAINS = {
    "gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.co.uk", "gmx.de", "proton.me",
    "web.de", "orange.fr", "libero.it", "acme-corp.com", "initech.io", "globex.net", "mail.example.org",
    "uni-hamburg.de", "company.co.jp"
  };

  public String email() {
    String g = ascii(given()).toLowerCase(Locale.ROOT);
    String f = ascii(family()).toLowerCase(Locale.ROOT).replace("'", "");
    String local =
        switch (r.nextInt(7)) {
          case 0 -> g + "." + f;
          case 1 -> g.charAt(0) + f;
          case 2 -> g + f + (r.nextInt(90) + 10);
          case 3 -> g + "_" + f;
          case 4 -> g + "+" + pick(new String[] {"news", "shop", "test", "promo"});
          case 5 -> f + "." + g.charAt(0);
          default -> g + (1960 + r.nextInt(45));
        };
    String domain = pick(MAIL_DOMAINS);
    return r.nextInt(12) == 0 ? capitalise(local) + "@" + domain : local + "@" + domain;
  }

  static String ascii(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  // ------------------------------------------------------------------ phones

  /** A phone number, its region, and whether it is written in national form (needs the region). */
  public record Phone(String text, String region, boolean national) {}

  static final String[] PHONE_REGIONS = {"US", "GB", "DE", "FR", "IN", "BR", "JP", "AU", "ES", "NL", "IT", "CA"};

  public Phone phone() {
    String region = pick(PHONE_REGIONS);
    PhoneNumberType type = r.nextInt(3) == 0 ? PhoneNumberType.FIXED_LINE : PhoneNumberType.MOBILE;
    PhoneNumber example = PHONES.getExampleNumberForType(region, type);
    if (example == null) {
      example = PHONES.getExampleNumber(region);
    }
    String nsn = PHONES.getNationalSignificantNumber(example);
    for (int attempt = 0; attempt < 200; attempt++) {
      // keep the leading digits (area/mobile prefix), randomise the subscriber part
      int keep = Math.min(nsn.length() - 4, 3 + r.nextInt(2));
      StringBuilder d = new StringBuilder(nsn.substring(0, keep));
      while (d.length() < nsn.length()) {
        d.append((char) ('0' + r.nextInt(10)));
      }
      try {
        PhoneNumber n = PHONES.parse("+" + example.getCountryCode() + d, "ZZ");
        if (!PHONES.isValidNumberForRegion(n, region) || isFictional(region, d)) {
          continue;
        }
        int style = r.nextInt(10);
        if (style < 3) {
          return new Phone(PHONES.format(n, PhoneNumberFormat.E164), region, false);
        } else if (style < 6) {
          return new Phone(PHONES.format(n, PhoneNumberFormat.INTERNATIONAL), region, false);
        } else {
          return new Phone(PHONES.format(n, PhoneNumberFormat.NATIONAL), region, true);
        }
      } catch (NumberParseException e) {
        // try again
      }
    }
    throw new IllegalStateException("no valid phone number for " + region);
  }

  /** US/CA 555-01xx numbers are reserved for fiction: real traffic does not hold them. */
  private static boolean isFictional(String region, CharSequence nsn) {
    return (region.equals("US") || region.equals("CA")) && nsn.length() == 10
        && nsn.subSequence(3, 6).toString().equals("555");
  }

  // ------------------------------------------------------------------ financial

  /** A payment card number of a real brand's prefix and length that passes Luhn. */
  public String card() {
    String prefix;
    int length;
    int brand = r.nextInt(10);
    if (brand < 4) {
      prefix = "4";
      length = 16;
    } else if (brand < 6) {
      prefix = r.nextBoolean() ? Integer.toString(51 + r.nextInt(5)) : Integer.toString(2221 + r.nextInt(500));
      length = 16;
    } else if (brand < 8) {
      prefix = r.nextBoolean() ? "34" : "37";
      length = 15;
    } else if (brand < 9) {
      prefix = "6011";
      length = 16;
    } else {
      prefix = Integer.toString(3528 + r.nextInt(62));
      length = 16;
    }
    StringBuilder d = new StringBuilder(prefix);
    while (d.length() < length - 1) {
      d.append((char) ('0' + r.nextInt(10)));
    }
    d.append(luhnDigit(d));
    String digits = d.toString();
    return switch (r.nextInt(3)) {
      case 0 -> digits;
      case 1 -> groups(digits, length == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4}, ' ');
      default -> groups(digits, length == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4}, '-');
    };
  }

  static char luhnDigit(CharSequence body) {
    int sum = 0;
    boolean dbl = true; // the check digit will be appended to the right
    for (int i = body.length() - 1; i >= 0; i--) {
      int v = body.charAt(i) - '0';
      if (dbl) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      dbl = !dbl;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  public static boolean luhn(String s) {
    String d = s.replaceAll("[ -]", "");
    if (d.isEmpty() || !d.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return luhnDigit(d.substring(0, d.length() - 1)) == d.charAt(d.length() - 1);
  }

  private static String groups(String digits, int[] sizes, char sep) {
    StringBuilder b = new StringBuilder();
    int pos = 0;
    for (int s : sizes) {
      if (pos > 0) {
        b.append(sep);
      }
      b.append(digits, pos, pos + s);
      pos += s;
    }
    return b.toString();
  }

  /** BBAN layouts (n digits, a upper-case letters) of a few SEPA countries. */
  private static final String[][] IBAN_FORMATS = {
    {"DE", "18n"}, {"GB", "4a14n"}, {"FR", "23n"}, {"NL", "4a10n"}, {"ES", "20n"}, {"IT", "1a22n"},
    {"BE", "12n"}, {"CH", "17n"}, {"AT", "16n"}, {"PL", "24n"}, {"IE", "4a14n"}, {"PT", "21n"}
  };

  /** An IBAN with correct length and mod-97 check digits, compact or in groups of four. */
  public String iban() {
    String[] f = pick(IBAN_FORMATS);
    StringBuilder bban = new StringBuilder();
    String spec = f[1];
    int count = 0;
    for (char c : spec.toCharArray()) {
      if (Character.isDigit(c)) {
        count = count * 10 + (c - '0');
      } else {
        for (int k = 0; k < count; k++) {
          bban.append(c == 'n' ? (char) ('0' + r.nextInt(10)) : (char) ('A' + r.nextInt(26)));
        }
        count = 0;
      }
    }
    String check = ibanCheckDigits(f[0], bban.toString());
    String iban = f[0] + check + bban;
    if (r.nextBoolean()) {
      return iban;
    }
    StringBuilder spaced = new StringBuilder();
    for (int i = 0; i < iban.length(); i += 4) {
      if (i > 0) {
        spaced.append(' ');
      }
      spaced.append(iban, i, Math.min(iban.length(), i + 4));
    }
    return spaced.toString();
  }

  static String ibanCheckDigits(String country, String bban) {
    BigInteger n = new BigInteger(numeric(bban + country + "00"));
    int check = 98 - n.mod(BigInteger.valueOf(97)).intValue();
    return check < 10 ? "0" + check : Integer.toString(check);
  }

  private static String numeric(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (Character.isDigit(c)) {
        b.append(c);
      } else {
        b.append(Character.toUpperCase(c) - 'A' + 10);
      }
    }
    return b.toString();
  }

  /** ISO 13616 lengths, for deciding which gold IBANs are valid (presidio's are Faker-made). */
  private static final java.util.Map<String, Integer> IBAN_LENGTHS = new java.util.HashMap<>();

  static {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18"
        + " DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23"
        + " IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30"
        + " NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23"
        + " TN24 TR26 UA29 VA22 VG24 XK20";
    for (String e : table.split(" ")) {
      IBAN_LENGTHS.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
    }
  }

  /** Country length plus mod-97, spaces ignored. */
  public static boolean ibanValid(String s) {
    String c = s.replace(" ", "").toUpperCase(Locale.ROOT);
    if (c.length() < 5 || !c.chars().allMatch(ch -> Character.isLetterOrDigit(ch) && ch < 128)) {
      return false;
    }
    Integer len = IBAN_LENGTHS.get(c.substring(0, 2));
    if (len == null || len != c.length()) {
      return false;
    }
    return new BigInteger(numeric(c.substring(4) + c.substring(0, 4))).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  /** Whether libphonenumber accepts the text as a number (with {@code region} for national forms). */
  public static boolean phoneValid(String text, String region) {
    try {
      return PHONES.isValidNumber(PHONES.parse(text, region));
    } catch (NumberParseException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ network

  public String ipv4() {
    while (true) {
      int a = 1 + r.nextInt(223);
      if (a == 10 || a == 127 || a == 0) {
        continue;
      }
      return a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }
  }

  public String ipv6() {
    int[] g = new int[8];
    g[0] = 0x2000 + r.nextInt(0x1000);
    for (int i = 1; i < 8; i++) {
      g[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(0x10000);
    }
    if (r.nextInt(3) == 0) {
      // full form
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i > 0) {
          b.append(':');
        }
        b.append(Integer.toHexString(g[i]));
      }
      return b.toString();
    }
    // compressed: a run of zero groups becomes "::"
    int zs = 2 + r.nextInt(3);
    int zl = 1 + r.nextInt(3);
    for (int i = zs; i < zs + zl; i++) {
      g[i] = 0;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < zs; i++) {
      if (i > 0) {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    b.append("::");
    for (int i = zs + zl; i < 8; i++) {
      if (i > zs + zl) {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }

  public String mac() {
    char sep = r.nextInt(3) == 0 ? '-' : ':';
    boolean upper = r.nextBoolean();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        b.append(sep);
      }
      String h = String.format(Locale.ROOT, "%02x", i == 0 ? r.nextInt(64) * 4 : r.nextInt(256));
      b.append(upper ? h.toUpperCase(Locale.ROOT) : h);
    }
    return b.toString();
  }

  /** "lat, lng" with 4-6 decimals, from populated latitudes. */
  public String geo() {
    double lat = -40 + r.nextDouble() * 100;
    double lng = -125 + r.nextDouble() * 270;
    int dec = 4 + r.nextInt(3);
    String fmt = "%." + dec + "f";
    String sep = r.nextBoolean() ? ", " : ",";
    return String.format(Locale.ROOT, fmt, lat) + sep + String.format(Locale.ROOT, fmt, lng);
  }

  // ------------------------------------------------------------------ identifiers

  /** A US SSN that follows the SSA rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
  public String ssn() {
    int area;
    do {
      area = 1 + r.nextInt(899);
    } while (area == 666);
    int group = 1 + r.nextInt(99);
    int serial = 1 + r.nextInt(9999);
    char sep = r.nextInt(5) == 0 ? ' ' : '-';
    return String.format(Locale.ROOT, "%03d%c%02d%c%04d", area, sep, group, sep, serial);
  }

  public String jwt() {
    String alg = pick(new String[] {"HS256", "RS256", "ES256"});
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    long iat = 1_764_000_000L + r.nextInt(5_000_000);
    String payload = "{\"sub\":\"" + (100_000 + r.nextInt(900_000)) + "\",\"name\":\"" + given() + "\",\"iat\":" + iat
        + ",\"exp\":" + (iat + 3600) + "}";
    byte[] sig = new byte[alg.equals("HS256") ? 32 : 64];
    r.nextBytes(sig);
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + e.encodeToString(sig);
  }

  /** A provider credential and its kind. */
  public record Secret(String kind, String value) {}

  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String HEX = "0123456789abcdef";
  private static final String B64URL = ALNUM + "-_";
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  static final String[] SECRET_KINDS = {
    "github-classic", "github-fine-grained", "gitlab", "stripe-secret", "stripe-restricted", "aws-access-key",
    "slack-bot", "google-api", "openai", "anthropic", "sendgrid", "twilio", "npm", "huggingface", "shopify"
  };

  /** A credential in a provider's documented shape (prefix + random body of the right alphabet). */
  public Secret secret() {
    String kind = pick(SECRET_KINDS);
    String v =
        switch (kind) {
          case "github-classic" -> "gh" + "p_" + rand(ALNUM, 36);
          case "github-fine-grained" -> "github" + "_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59);
          case "gitlab" -> "gl" + "pat-" + rand(B64URL, 20);
          case "stripe-secret" -> "sk" + "_live_" + rand(ALNUM, 24 + r.nextInt(76));
          case "stripe-restricted" -> "rk" + "_live_" + rand(ALNUM, 24 + r.nextInt(76));
          case "aws-access-key" -> "AK" + "IA" + rand(UPPER_ALNUM, 16);
          case "slack-bot" -> "xo" + "xb-" + rand("0123456789", 12) + "-" + rand("0123456789", 13) + "-" + rand(ALNUM, 24);
          case "google-api" -> "AI" + "za" + rand(B64URL, 35);
          case "openai" -> "sk" + "-proj-" + rand(B64URL, 74) + "T3Blbk" + "FJ" + rand(B64URL, 74);
          case "anthropic" -> "sk" + "-ant-api03-" + rand(B64URL, 93) + "AA";
          case "sendgrid" -> "S" + "G." + rand(B64URL, 22) + "." + rand(B64URL, 43);
          case "twilio" -> "S" + "K" + rand(HEX, 32);
          case "npm" -> "np" + "m_" + rand(ALNUM, 36);
          case "huggingface" -> "h" + "f_" + rand(LETTERS, 34);
          case "shopify" -> "shp" + "at_" + rand(HEX, 32);
          default -> throw new IllegalStateException(kind);
        };
    return new Secret(kind, v);
  }

  String rand(String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  // ------------------------------------------------------------------ not personal data

  /** A random (version 4, RFC 9562 variant) UUID, as SDKs make device and message ids. */
  public String uuid() {
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  public String hex(int n) {
    return rand(HEX, n);
  }

  public String digits(int n) {
    StringBuilder b = new StringBuilder();
    b.append((char) ('1' + r.nextInt(9)));
    while (b.length() < n) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }
}
