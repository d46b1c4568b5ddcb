package dev.sluice.core.detect;

import java.util.Objects;

/**
 * Personal data found in a string: {@code [start, end)} in UTF-16 offsets into the scanned value
 * (for a URL, offsets into its original, percent-encoded form).
 */
public record Span(Category category, int start, int end) {
  public Span {
    Objects.requireNonNull(category, "category");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  public int length() {
    return end - start;
  }
}
