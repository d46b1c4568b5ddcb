package dev.sluice.core.risk;

/** One line of a score's explanation: the points it adds (negative: evidence in favour) and why. */
public record Factor(int points, String reason) {
  @Override
  public String toString() {
    return (points > 0 ? "+" : points < 0 ? "\u2212" : "") + Math.abs(points) + ": " + reason;
  }
}
