package dev.sluice.core.detect;

import java.util.Objects;

/**
 * Recent string values that scanned clean, so a value seen again skips the detectors. Analytics
 * events repeat most of their strings (user agents, page titles and URLs, library names, event
 * names, enum-like properties), and a repeat is answered by one hash and one {@code equals}.
 *
 * <p>Only values without findings are held: a value in which detection found personal data is
 * never kept beyond its event. The table is direct-mapped and bounded ({@link #SLOTS} entries of
 * at most {@link #MAX_LENGTH} characters), entries are immutable and replaced whole, so racing
 * threads at worst scan a value twice. A scan depends only on the text and the phone region, which
 * together are the key.
 */
final class CleanValues {
  static final int SLOTS = 1 << 14;
  static final int MAX_LENGTH = 512;

  private record Entry(String text, String region) {}

  private final Entry[] slots = new Entry[SLOTS];

  private static int slot(String text, String region) {
    int h = text.hashCode() * 31 + (region == null ? 0 : region.hashCode());
    return (h ^ (h >>> 14)) & (SLOTS - 1);
  }

  /** Whether {@code text} with this region scanned clean recently. */
  boolean contains(String text, String region) {
    Entry e = slots[slot(text, region)];
    return e != null && e.text.equals(text) && Objects.equals(e.region, region);
  }

  /** Records that {@code text} scanned clean with this region. */
  void add(String text, String region) {
    if (text.length() <= MAX_LENGTH) {
      slots[slot(text, region)] = new Entry(text, region);
    }
  }
}
