package dev.sluice.core.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.sluice.core.net.IpLiteral;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A masked shape of a detected value: enough to tell a person what kind of value it was and, for
 * a few categories, which one among their own (the card ending in 1234), never enough to recover
 * it. Reports and the ledger show masks; they never show values.
 *
 * <p>The rule per category (anything that does not have the expected shape gets the category's
 * placeholder instead):
 *
 * <ul>
 *   <li>{@code email}: the first character of the local part and the top-level domain, {@code
 *       a***@***.com}; a one-character local part is not shown ({@code *}), a TLD that is not 2-24
 *       ASCII letters is not shown ({@code a***@***}).
 *   <li>{@code phone}: the country calling code when the number is written with {@code +} and the
 *       last 2 digits, in a fixed shape that hides the length: {@code +1 *** *** **34}, {@code ***
 *       *** **34} without {@code +}. Fewer than 7 digits: placeholder.
 *   <li>{@code card}: the last 4 digits only, in a fixed 16-digit shape: {@code **** **** ****
 *       1234} (PCI DSS allows first 6 and last 4; we show less). Fewer than 12 digits (a CVV
 *       under a card field name): placeholder.
 *   <li>{@code iban}: the country code and the last 4 characters, grouped by 4 as IBANs are
 *       printed: {@code DE** **** **** **** **12 34}.
 *   <li>{@code ip}: IPv4 without its last octet, {@code 203.0.113.*} (the /24 Sluice's {@code
 *       ip-prefix} generalisation keeps anyway); IPv6 its first two groups, {@code 2001:db8:*}.
 *   <li>every other category (names, addresses, locations, MAC addresses, SSNs, dates of birth,
 *       JWTs, secrets, online and device ids, user agents): the placeholder, e.g. {@code [secret]}.
 * </ul>
 *
 * <p>Values found in URLs may be percent-encoded ({@code jane%40example.com}); they are decoded
 * first ({@code +} is left alone: it starts phone numbers). As a last guard, a mask that would
 * contain the value itself is replaced by the placeholder.
 */
public final class Masks {
  private static final int MIN_PHONE_DIGITS = 7;
  private static final int MIN_CARD_DIGITS = 12;

  private Masks() {}

  /**
   * The masked shape of {@code value}, a value detected as {@code category}.
   *
   * @param value the value as found (a span of a string, or a whole value whose field name implies
   *     the category); may be percent-encoded
   */
  public static String mask(Category category, String value) {
    if (value == null || value.isBlank()) {
      return category.placeholder();
    }
    String v = percentDecode(value.strip());
    String m = switch (category) {
      case EMAIL -> email(v);
      case PHONE -> phone(v);
      case PAYMENT_CARD -> card(v);
      case IBAN -> iban(v);
      case IP_ADDRESS -> ip(v);
      default -> null;
    };
    if (m == null || m.contains(v) || m.contains(value.strip())) {
      return category.placeholder();
    }
    return m;
  }

  private static String email(String v) {
    int at = v.lastIndexOf('@');
    if (at <= 0 || at == v.length() - 1) {
      return null;
    }
    int first = v.codePointAt(0);
    boolean showFirst = at > Character.charCount(first) && Character.isLetterOrDigit(first);
    StringBuilder out = new StringBuilder(16);
    if (showFirst) {
      out.appendCodePoint(first);
    }
    out.append("***@***");
    String domain = v.substring(at + 1);
    int dot = domain.lastIndexOf('.');
    if (dot > 0) {
      String tld = domain.substring(dot + 1);
      if (tld.length() >= 2 && tld.length() <= 24 && asciiLetters(tld)) {
        out.append('.').append(tld.toLowerCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static boolean asciiLetters(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.asciiLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String digits(String v) {
    StringBuilder d = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      if (Chars.digit(v.charAt(i))) {
        d.append(v.charAt(i));
      }
    }
    return d.toString();
  }

  private static String phone(String v) {
    String d = digits(v);
    if (d.length() < MIN_PHONE_DIGITS) {
      return null;
    }
    String last2 = d.substring(d.length() - 2);
    if (v.startsWith("+")) {
      try {
        int cc = PhoneNumberUtil.getInstance().parse(v, "ZZ").getCountryCode();
        if (cc > 0) {
          return "+" + cc + " *** *** **" + last2;
        }
      } catch (NumberParseException e) {
        // no country code to show
      }
    }
    return "*** *** **" + last2;
  }

  private static String card(String v) {
    String d = digits(v);
    if (d.length() < MIN_CARD_DIGITS) {
      return null;
    }
    return "**** **** **** " + d.substring(d.length() - 4);
  }

  private static String iban(String v) {
    StringBuilder c = new StringBuilder(34);
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (Chars.asciiAlnum(ch)) {
        c.append(Character.toUpperCase(ch));
      } else if (ch != ' ' && ch != '-') {
        return null;
      }
    }
    int n = c.length();
    if (n < 15 || n > 34 || !Chars.upper(c.charAt(0)) || !Chars.upper(c.charAt(1))) {
      return null;
    }
    StringBuilder out = new StringBuilder(n + n / 4);
    for (int i = 0; i < n; i++) {
      if (i > 0 && i % 4 == 0) {
        out.append(' ');
      }
      out.append(i < 2 || i >= n - 4 ? c.charAt(i) : '*');
    }
    return out.toString();
  }

  private static String ip(String v) {
    String s = v;
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone > 0) {
      s = s.substring(0, zone);
    }
    if (s.indexOf(':') >= 0) {
      return ipv6(s);
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !digits(p).equals(p) || Integer.parseInt(p) > 255) {
        return null;
      }
    }
    return parts[0] + "." + parts[1] + "." + parts[2] + ".*";
  }

  /** The first two groups of a valid IPv6 address, leading zeros dropped: {@code 2001:db8:*}. */
  private static String ipv6(String s) {
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    List<String> head = groups(dc >= 0 ? s.substring(0, dc) : s, dc < 0);
    List<String> tail = dc >= 0 ? groups(s.substring(dc + 2), true) : List.of();
    if (head == null || tail == null) {
      return null;
    }
    int width = width(head) + width(tail);
    if (dc < 0 ? width != 8 : width > 7) {
      return null;
    }
    List<String> all = new ArrayList<>(head);
    for (int i = width; i < 8; i++) {
      all.add("0");
    }
    all.addAll(tail);
    return trimZeros(all.get(0)) + ":" + trimZeros(all.get(1)) + ":*";
  }

  /** Groups an embedded IPv4 address counts for. */
  private static int width(List<String> groups) {
    int n = groups.size();
    return n > 0 && groups.get(n - 1).indexOf('.') >= 0 ? n + 1 : n;
  }

  /** Colon-separated hex groups (the last may be a dotted IPv4 address when allowed), or null. */
  private static List<String> groups(String s, boolean v4Last) {
    if (s.isEmpty()) {
      return List.of();
    }
    List<String> g = List.of(s.split(":", -1));
    for (int i = 0; i < g.size(); i++) {
      String p = g.get(i);
      boolean v4 = v4Last && i == g.size() - 1 && i > 0 && p.indexOf('.') >= 0 && ip(p) != null;
      if (!v4 && (p.isEmpty() || p.length() > 4 || !hex(p))) {
        return null;
      }
    }
    return g;
  }

  private static boolean hex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.hex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String trimZeros(String g) {
    int i = 0;
    while (i < g.length() - 1 && g.charAt(i) == '0') {
      i++;
    }
    return g.substring(i).toLowerCase(Locale.ROOT);
  }

  /** Decodes {@code %XX} escapes (UTF-8); the value itself when it has none or they are malformed. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Chars.hex(s.charAt(i + 1)) && Chars.hex(s.charAt(i + 2))) {
        bytes.write(IpLiteral.hexDigit(s.charAt(i + 1)) * 16 + IpLiteral.hexDigit(s.charAt(i + 2)));
        i += 3;
      } else {
        int n = Character.charCount(s.codePointAt(i));
        bytes.writeBytes(s.substring(i, i + n).getBytes(StandardCharsets.UTF_8));
        i += n;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return s;
    }
  }
}
