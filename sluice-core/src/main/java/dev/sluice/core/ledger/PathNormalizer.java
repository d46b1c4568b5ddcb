package dev.sluice.core.ledger;

import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.TextScanner;

/**
 * Turns a field path as the contract reports it (array positions already collapsed) into the
 * path the ledger counts under: map keys that look like identifiers become templates, so a map
 * keyed by user ids is one ledger path and not one per user, and no identifier or email address
 * is ever kept as a key.
 *
 * <p>Per dot-separated segment, first match wins:
 *
 * <ul>
 *   <li>contains {@code @}: {@code :email} (see below);
 *   <li>longer than {@value #MAX_SEGMENT} characters: {@code :long};
 *   <li>only digits: {@code :id};
 *   <li>a UUID ({@code 8-4-4-4-12} hex digits): {@code :uuid};
 *   <li>16 or more hex digits, at least one a digit: {@code :hex};
 *   <li>5 or more digits anywhere ({@code user_12345}, {@code +15551234567}): {@code :id};
 *   <li>a separator ({@code _ - :}) then 3 or more digits at the end ({@code user_991}): {@code
 *       :id};
 *   <li>20 or more characters with at least 3 digits (random tokens): {@code :id};
 *   <li>a key with spaces in which the text scanner finds personal data (a name or street
 *       address used as a key): {@code :name}, {@code :address}, ... (the category's code).
 * </ul>
 *
 * <p>Keys that look like ordinary names are kept ({@code step_2}, {@code sha256}, {@code
 * pageViews}); so is an identifier that looks like one ({@code jdoe}, {@code user-42}). The ledger's
 * key cap bounds what such maps can cost.
 *
 * <p><b>Emails.</b> The contract joins keys with dots, and an email key has dots of its own
 * ({@code jane.doe@mail.example.com}), so its pieces land in several segments. To never keep a
 * piece of an address, the segment holding the {@code @} takes with it every segment before it
 * except the first (the top-level field) and every following segment that looks like a domain
 * label: {@code properties.invitees.jane.doe@mail.example.com} becomes {@code
 * properties.:email}. This loses the name of the map; it never loses the category.
 *
 * <p>Idempotent: a normalised path normalises to itself.
 */
public final class PathNormalizer {
  public static final String ID = ":id";
  public static final String UUID = ":uuid";
  public static final String HEX = ":hex";
  public static final String EMAIL = ":email";
  public static final String LONG = ":long";
  static final int MAX_SEGMENT = 64;

  private PathNormalizer() {}

  /** The ledger path for {@code path}; the same instance when nothing needs templating. */
  public static String normalize(String path) {
    int n = path.length();
    int start = 0;
    boolean changes = false;
    while (start <= n) {
      int end = path.indexOf('.', start);
      if (end < 0) {
        end = n;
      }
      if (template(path, start, end) != null) {
        changes = true;
        break;
      }
      start = end + 1;
    }
    return changes ? rebuild(path) : path;
  }

  private static String rebuild(String path) {
    String[] segs = path.split("\\.", -1);
    StringBuilder out = new StringBuilder(path.length());
    int at = -1;
    for (int i = 0; i < segs.length; i++) {
      if (segs[i].indexOf('@') >= 0) {
        at = i;
        break;
      }
    }
    int i = 0;
    while (i < segs.length) {
      String seg = segs[i];
      if (i == at || (at > 0 && i > 0 && i < at)) {
        if (i < at) {
          i = at; // pieces of the address before the @ go with it
          continue;
        }
        append(out, EMAIL);
        i++;
        while (i < segs.length && isDomainLabel(segs[i])) {
          i++;
        }
        at = nextAt(segs, i);
        continue;
      }
      String t = template(seg, 0, seg.length());
      append(out, t == null ? seg : t);
      i++;
    }
    return out.toString();
  }

  private static int nextAt(String[] segs, int from) {
    for (int i = from; i < segs.length; i++) {
      if (segs[i].indexOf('@') >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static void append(StringBuilder out, String seg) {
    if (!out.isEmpty()) {
      out.append('.');
    }
    out.append(seg);
  }

  /** The template for {@code s[from, to)}, or null when the segment is kept. */
  static String template(String s, int from, int to) {
    int len = to - from;
    if (len == 0) {
      return null;
    }
    int digits = 0;
    int hex = 0;
    boolean at = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
      } else if (c == '@') {
        at = true;
      }
    }
    if (at) {
      return EMAIL;
    }
    if (len > MAX_SEGMENT) {
      return LONG;
    }
    if (digits == len) {
      return ID;
    }
    if (len == 36 && isUuid(s, from)) {
      return UUID;
    }
    if (hex == len && len >= 16 && digits > 0) {
      return HEX;
    }
    if (digits >= 5 || (len >= 20 && digits >= 3) || numberedAfterSeparator(s, from, to)) {
      return ID;
    }
    // A key that is itself personal data (a name, a street address) must not become a stored
    // path. Such keys are words with spaces; ordinary keys have none, so they skip the scanner
    // (raw paths holding id keys are normalised on every event).
    if (s.indexOf(' ', from) < 0 || s.indexOf(' ', from) >= to) {
      return null;
    }
    Category found = TextScanner.shared().firstCategory(s.substring(from, to));
    return found != null ? ":" + found.code() : null;
  }

  /** Ends in a separator ({@code _ - :}) and 3 or more digits: {@code user_991}, {@code order-1042}. */
  private static boolean numberedAfterSeparator(String s, int from, int to) {
    int i = to;
    while (i > from && s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9') {
      i--;
    }
    if (to - i < 3 || i == from) {
      return false;
    }
    char sep = s.charAt(i - 1);
    return sep == '_' || sep == '-' || sep == ':';
  }

  private static boolean isUuid(String s, int from) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(from + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDomainLabel(String seg) {
    if (seg.isEmpty() || seg.length() > 63) {
      return false;
    }
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
