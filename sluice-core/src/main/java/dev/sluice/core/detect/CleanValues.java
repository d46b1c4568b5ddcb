package dev.sluice.core.detect;

/**
 * Recent string values that scanned clean, so a value seen again skips the detectors. Analytics
 * events repeat most of their strings (user agents, page titles and URLs, library names, event
 * names, enum-like properties), and a repeat is answered by one hash and one comparison.
 *
 * <p>Only values without findings are held: a value in which detection found personal data is
 * never kept beyond its event. The table is direct-mapped and bounded ({@link #SLOTS} entries of
 * at most {@link #MAX_LENGTH} characters), entries are immutable and replaced whole, so racing
 * threads at worst scan a value twice. A scan depends only on the text and the phone region, which
 * together are the key.
 *
 * <p>A key is one string, the text followed by {@code \0} and the two characters of the region
 * ({@code \0\0} for none): a lookup then reads the slot, one string and its bytes. On the hot path
 * these are cache misses (the entries are old objects spread over the heap), and a record holding
 * text and region cost one more of them per leaf; the profile showed the lookup as a sixth of the
 * hot path. Regions of another shape are not remembered.
 */
final class CleanValues {
  static final int SLOTS = 1 << 14;
  static final int MAX_LENGTH = 512;

  private final String[] slots = new String[SLOTS];

  /**
   * Each slot's key hash, a filter read before the key: most values not seen before are turned
   * away here, without touching the key string (a cache miss). Written after the key, and a
   * stale hash only costs a scan, never a wrong answer, since a match still compares the key.
   */
  private final int[] hashes = new int[SLOTS];

  private static int hash(String text, String region) {
    return text.hashCode() * 31 + (region == null ? 0 : region.hashCode());
  }

  private static int slot(int h) {
    return (h ^ (h >>> 14)) & (SLOTS - 1);
  }

  /** The two region characters of a key, or -1 when this region is not remembered. */
  private static int regionChars(String region) {
    if (region == null) {
      return 0;
    }
    if (region.length() != 2 || region.charAt(0) == 0 || region.charAt(1) == 0) {
      return -1;
    }
    return region.charAt(0) << 16 | region.charAt(1);
  }

  /** Whether {@code text} with this region scanned clean recently. */
  boolean contains(String text, String region) {
    int r = regionChars(region);
    if (r < 0) {
      return false;
    }
    int h = hash(text, region);
    int slot = slot(h);
    if (hashes[slot] != h) {
      return false;
    }
    String k = slots[slot];
    int n = text.length();
    return k != null && k.length() == n + 3 && k.charAt(n) == 0 && k.charAt(n + 1) == (char) (r >>> 16)
        && k.charAt(n + 2) == (char) r && k.startsWith(text);
  }

  /** Records that {@code text} scanned clean with this region. */
  void add(String text, String region) {
    int r = regionChars(region);
    if (r >= 0 && text.length() <= MAX_LENGTH) {
      int h = hash(text, region);
      int slot = slot(h);
      slots[slot] = text + '\0' + (char) (r >>> 16) + (char) r;
      hashes[slot] = h;
    }
  }
}
