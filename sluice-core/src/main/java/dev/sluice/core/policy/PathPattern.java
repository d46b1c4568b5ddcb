package dev.sluice.core.policy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A field path pattern of a contract: dot-separated segments, {@code *} for exactly one level,
 * {@code **} for any depth (zero or more levels). Array elements are transparent: {@code
 * properties.products.sku} names the {@code sku} of every product.
 */
public record PathPattern(String text, List<String> segments) {
  public static final String ONE = "*";
  public static final String ANY = "**";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_$@\\-]+|\\*|\\*\\*");

  /** Parses {@code text}; throws IllegalArgumentException with the reason when it is not a path. */
  public static PathPattern parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("path pattern is empty");
    }
    List<String> segments = List.of(text.split("\\.", -1));
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("path pattern '" + text + "' has an empty segment");
      }
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException(
            "path pattern '"
                + text
                + "' has an invalid segment '"
                + s
                + "' (use letters, digits, _ $ @ -, or * and ** alone)");
      }
    }
    return new PathPattern(text, segments);
  }

  @Override
  public String toString() {
    return text;
  }
}
