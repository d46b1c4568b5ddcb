package dev.sluice.core.detect;

import java.util.List;
import java.util.Objects;

/**
 * Replaces detected spans with their category placeholders ({@code [email]}, {@code [phone]}, ...),
 * keeping everything else. Inside a URL (after its {@code scheme://}, or anywhere in a path, query
 * or fragment value) the placeholder is percent-encoded so the URL stays valid:
 * {@code https://app.example/reset?email=%5Bemail%5D&token=%5Bsecret%5D}.
 */
public final class Redaction {
  private static final String[] ENCODED = new String[Category.values().length];

  static {
    for (Category c : Category.values()) {
      ENCODED[c.ordinal()] = "%5B" + c.code() + "%5D";
    }
  }

  private Redaction() {}

  /**
   * The redacted text.
   *
   * @param spans sorted, non-overlapping spans inside {@code text}, as {@link TextScanner#scan}
   *     returns them
   * @return {@code text} itself when there are no spans
   * @throws IllegalArgumentException when spans are out of order, overlap or fall outside the text
   */
  public static String redact(String text, List<Span> spans) {
    Objects.requireNonNull(text, "text");
    if (spans.isEmpty()) {
      return text;
    }
    int n = text.length();
    // URL ranges: the whole value, or URLs embedded in free text
    int a = 0;
    int b = n;
    while (a < b && Chars.whitespace(text.charAt(a))) {
      a++;
    }
    while (b > a && Chars.whitespace(text.charAt(b - 1))) {
      b--;
    }
    boolean wholeUrl = Urls.isUrlValue(text, a, b);
    int authority = wholeUrl ? Urls.authorityStart(text, a, b) : -1;
    int encodeFrom = authority >= 0 ? authority : a;
    StringBuilder out = new StringBuilder(n + 16 * spans.size());
    int pos = 0;
    int urlStart = -1;
    int urlEnd = -1;
    int searchFrom = 0;
    for (Span s : spans) {
      if (s.start() < pos || s.end() > n) {
        throw new IllegalArgumentException(
            "spans must be sorted, non-overlapping and inside the text: " + s);
      }
      boolean encode;
      if (wholeUrl) {
        encode = s.start() >= encodeFrom;
      } else {
        while (urlEnd <= s.start() && searchFrom < n) {
          int css = Chars.indexOf(text, "://", searchFrom, n);
          if (css < 0) {
            searchFrom = n;
            urlStart = -1;
            urlEnd = -1;
            break;
          }
          int start = Urls.embeddedStart(text, 0, css);
          searchFrom = css + 3;
          if (start >= 0) {
            urlStart = css + 3;
            urlEnd = Urls.embeddedEnd(text, start, n);
            searchFrom = Math.max(searchFrom, urlEnd);
          }
        }
        encode = urlStart >= 0 && s.start() >= urlStart && s.end() <= urlEnd;
      }
      out.append(text, pos, s.start());
      out.append(encode ? ENCODED[s.category().ordinal()] : s.category().placeholder());
      pos = s.end();
    }
    out.append(text, pos, n);
    return out.toString();
  }
}
