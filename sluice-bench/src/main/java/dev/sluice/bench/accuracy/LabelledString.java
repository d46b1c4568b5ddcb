package dev.sluice.bench.accuracy;

import java.util.List;

/**
 * One string leaf of a labelled event: its text, the phone region its event implies (or null),
 * its path in the event and the values planted in it (empty for clean leaves).
 */
public record LabelledString(String text, String region, String path, List<Label> labels) {
  public boolean hasPii() {
    for (Label l : labels) {
      if (l.isPii()) {
        return true;
      }
    }
    return false;
  }
}
