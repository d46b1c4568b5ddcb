package dev.sluice.bench.accuracy;

/**
 * A planted value inside one string leaf: {@code [start, end)} in the leaf's text (for a URL, in
 * its percent-encoded form). Exactly one of {@code kind} (personal data that must be found) and
 * {@code distractor} (a value that must not be flagged) is set. {@code detail} says more (secret
 * provider, phone region and format, parameter name) for the report.
 */
public record Label(int start, int end, Kind kind, Distractor distractor, Placement placement, String detail) {
  public boolean isPii() {
    return kind != null;
  }

  public int length() {
    return end - start;
  }
}
