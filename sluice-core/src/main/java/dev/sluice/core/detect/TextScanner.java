package dev.sluice.core.detect;

import java.util.List;
import java.util.Objects;

/**
 * Finds personal data in one string value: free text, or a URL (or URL part) that it splits and
 * checks part by part.
 *
 * <p>Every detector is a hand-written scanner with a cheap trigger ({@code @}, a digit, a token
 * start, a capitalised word, {@code ://}) that reads a bounded amount of text around it; exact
 * validators (libphonenumber, Luhn and IIN ranges, mod-97, IP parsing, JWT header, entropy) run
 * only on candidates. The work per value is linear in its length: there are no backtracking
 * regular expressions.
 *
 * <p>Thread-safe and meant to be shared: build one (it loads the name lists once) and reuse it for
 * every event. A value without findings returns the shared empty list.
 */
public final class TextScanner {
  private final PersonNames names;
  private final Urls urls;

  /** The process-wide scanner, built on first use: the name lists are loaded once per JVM. */
  public static TextScanner shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final TextScanner INSTANCE = new TextScanner();
  }

  /** Loads the name lists from the class path; prefer {@link #shared()}. */
  public TextScanner() {
    this.names = new PersonNames(NameTable.load());
    this.urls = new Urls(this);
  }

  /**
   * Sorted, non-overlapping spans of personal data in {@code text}; offsets are into {@code text}
   * itself (for a URL, into its percent-encoded form).
   *
   * @param hints where the value comes from (phone region); {@link ScanHints#NONE} when unknown
   */
  public List<Span> scan(String text, ScanHints hints) {
    Objects.requireNonNull(hints, "hints");
    if (text == null || neverPersonal(text)) {
      return List.of();
    }
    SpanCollector out = new SpanCollector();
    scanValue(text, 0, text.length(), hints, out, 0);
    return out.result();
  }

  /**
   * The category of the first personal data in {@code text}, or null: for names that must never
   * carry personal data themselves (URL path segments, ledger keys), where any finding replaces
   * the whole name.
   */
  public Category firstCategory(String text) {
    List<Span> spans = scan(text, ScanHints.NONE);
    return spans.isEmpty() ? null : spans.get(0).category();
  }

  /** Too short for any finding, a UUID or a timestamp: no detector would report anything. */
  static boolean neverPersonal(String text) {
    return text.length() < 3 || uuidOrTimestamp(text);
  }

  /**
   * A UUID ({@code 8-4-4-4-12} hex digits) or an ISO-8601 timestamp ({@code 2024-01-15T10:30:00},
   * optional fraction and zone): ids and times that no detector reports, answered without running
   * any (they are a large share of an event's strings).
   */
  static boolean uuidOrTimestamp(String s) {
    int n = s.length();
    if (n == 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-' && s.charAt(23) == '-') {
      for (int i = 0; i < n; i++) {
        if (i != 8 && i != 13 && i != 18 && i != 23 && !Chars.hex(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }
    // yyyy-mm-ddThh:mm[:ss[.fff...]][Z|+hh:mm|-hh:mm]
    if (n < 16 || n > 35 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
        || s.charAt(13) != ':') {
      return false;
    }
    if (!digits(s, 0, 4) || !digits(s, 5, 7) || !digits(s, 8, 10) || !digits(s, 11, 13) || !digits(s, 14, 16)) {
      return false;
    }
    int i = 16;
    if (i < n && s.charAt(i) == ':') {
      if (i + 3 > n || !digits(s, i + 1, i + 3)) {
        return false;
      }
      i += 3;
      if (i < n && s.charAt(i) == '.') {
        int d = ++i;
        while (i < n && Chars.digit(s.charAt(i))) {
          i++;
        }
        if (i == d || i - d > 9) {
          return false;
        }
      }
    }
    if (i == n) {
      return true;
    }
    char z = s.charAt(i);
    if (z == 'Z') {
      return i + 1 == n;
    }
    if (z == '+' || z == '-') {
      return (i + 6 == n && digits(s, i + 1, i + 3) && s.charAt(i + 3) == ':' && digits(s, i + 4, i + 6))
          || (i + 5 == n && digits(s, i + 1, i + 5));
    }
    return false;
  }

  private static boolean digits(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      if (!Chars.digit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A value or URL part {@code s[from, to)}: a URL when it has that shape, else free text. */
  void scanValue(String s, int from, int to, ScanHints hints, SpanSink sink, int depth) {
    int a = from;
    int b = to;
    while (a < b && Chars.whitespace(s.charAt(a))) {
      a++;
    }
    while (b > a && Chars.whitespace(s.charAt(b - 1))) {
      b--;
    }
    if (b - a < 3) {
      return;
    }
    char c = s.charAt(a);
    boolean maybeUrl = c == '/' || c == '?' || c == '#' || c == 'w' || c == 'W'
        || Chars.indexOf(s, ':', a, Math.min(b, a + 34)) > 0;
    if (depth <= Urls.MAX_DEPTH && maybeUrl && Urls.isUrlValue(s, a, b)) {
      urls.scan(s, a, b, hints, sink, depth);
    } else {
      scanText(s, a, b, hints, sink, depth);
    }
  }

  /** Free text: URLs inside it are split like URL values, the rest goes through every detector. */
  private void scanText(String s, int from, int to, ScanHints hints, SpanSink sink, int depth) {
    int f = features(s, from, to);
    if ((f & SCHEME_SEPARATOR) == 0 || depth > Urls.MAX_DEPTH) {
      scanPlain(s, from, to, f, hints, sink);
      return;
    }
    int gap = from;
    int i = from;
    while (i < to) {
      int css = Chars.indexOf(s, "://", i, to);
      if (css < 0) {
        break;
      }
      int start = Urls.embeddedStart(s, gap, css);
      if (start < 0) {
        i = css + 3;
        continue;
      }
      int end = Urls.embeddedEnd(s, start, to);
      if (start > gap) {
        scanPlain(s, gap, start, features(s, gap, start), hints, sink);
      }
      urls.scan(s, start, end, hints, sink, depth + 1);
      gap = end;
      i = Math.max(end, css + 3);
    }
    if (gap < to) {
      scanPlain(s, gap, to, features(s, gap, to), hints, sink);
    }
  }

  // what a window holds, from one pass over it: detectors whose trigger is absent are skipped
  private static final int AT = 1;
  private static final int DIGIT = 2;
  private static final int UPPER = 4;
  private static final int LETTER = 8;
  private static final int COLON_OR_EQUALS = 16;
  private static final int OTHER_SCRIPT = 64;
  private static final int SCHEME_SEPARATOR = 128; // "://"
  private static final int SPACE = 256;
  /** Two colons (IPv6) or five dashes (a MAC address written with dashes). */
  private static final int V6_OR_MAC = 512;
  /** Two letters then two digits: where every IBAN starts. */
  private static final int IBAN_START = 1024;
  /** A space, comma or dot: what separates a house number from its street. */
  private static final int WORD_BREAK = 2048;

  private static int features(String s, int from, int to) {
    int f = 0;
    int colons = 0;
    int dashes = 0;
    // classes of the previous characters, two bits each: 1 letter, 2 digit (for IBAN_START)
    int shape = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int cls = 0;
      if (c < 128) {
        if (c >= 'a' && c <= 'z') {
          f |= LETTER;
          cls = 1;
        } else if (c >= 'A' && c <= 'Z') {
          f |= LETTER | UPPER;
          cls = 1;
        } else if (c >= '0' && c <= '9') {
          f |= DIGIT;
          cls = 2;
        } else if (c == '@' || c == '%') {
          f |= AT;
        } else if (c == ':' || c == '=') {
          f |= COLON_OR_EQUALS;
          if (c == ':') {
            colons++;
            if (i + 2 < to && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
              f |= SCHEME_SEPARATOR;
            }
          }
        } else if (c == '-') {
          dashes++;
        } else if (c == ' ') {
          f |= SPACE | WORD_BREAK;
        } else if (c == ',' || c == '.') {
          f |= WORD_BREAK;
        }
      } else if (Character.isLetter(c)) {
        f |= LETTER | OTHER_SCRIPT;
      }
      shape = ((shape << 2) | cls) & 0xff;
      if (shape == 0b01_01_10_10) {
        f |= IBAN_START;
      }
    }
    if (colons >= 2 || dashes >= 5) {
      f |= V6_OR_MAC;
    }
    return f;
  }

  /** Every value detector over {@code s[from, to)}. */
  private void scanPlain(String s, int from, int to, int f, ScanHints hints, SpanSink sink) {
    if (to - from < 3) {
      return;
    }
    if ((f & LETTER) != 0 && to - from >= 14) { // the shortest credential shape (a JWT) is longer
      int mark = sink instanceof SpanCollector c ? c.size() : -1;
      Secrets.scan(s, from, to, sink);
      if (mark >= 0 && ((SpanCollector) sink).addedWhole(mark, from, to)) {
        // A credential spans the whole text (a JWT or API key as a value, URL segment or query
        // value): every other detector's span would overlap it and lose to its higher priority,
        // so running them would not change the result. They would walk the whole token again.
        return;
      }
    }
    if ((f & AT) != 0) {
      Emails.scan(s, from, to, sink);
    }
    if ((f & DIGIT) != 0) {
      NumberScanner.scan(s, from, to, hints, sink);
      if ((f & IBAN_START) != 0) {
        Ibans.scan(s, from, to, sink);
      }
      if ((f & (LETTER | WORD_BREAK)) == (LETTER | WORD_BREAK)) {
        StreetAddresses.scan(s, from, to, sink);
      }
    }
    if ((f & V6_OR_MAC) != 0) {
      IpAddresses.scan(s, from, to, sink); // "::" alone has no digit, "fe80::a" may not either
    }
    if ((f & COLON_OR_EQUALS) != 0) {
      LabelledValues.scan(s, from, to, sink);
    }
    if ((f & (UPPER | OTHER_SCRIPT)) != 0) {
      names.scan(s, from, to, sink);
    } else if ((f & (LETTER | SPACE)) == (LETTER | SPACE)) {
      names.scanLowercase(s, from, to, sink); // "my name is lena andersson"
    }
  }
}
