package dev.sluice.core.deliver;

/** A vendor's limits per request: items and body bytes (framing included). */
public record BatchLimits(int maxItems, int maxBytes) {
  public BatchLimits {
    if (maxItems < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("batch limits must be positive");
    }
  }
}
