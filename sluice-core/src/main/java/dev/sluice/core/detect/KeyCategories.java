package dev.sluice.core.detect;

/**
 * {@link FieldNames#classify} for the keys one {@link EventScanner} meets, in a small direct-mapped
 * table: an event's keys recur on every event, and Jackson interns them, so a lookup is usually one
 * array read and one reference comparison. {@code FieldNames}' own cache is a shared {@code
 * ConcurrentHashMap}, whose lookup cost showed up in the profile of the event walk (6% of it).
 * Entries are immutable and replaced whole, so racing threads at worst classify a key twice.
 */
final class KeyCategories {
  private static final int SLOTS = 1 << 10;

  private record Entry(String key, Category category) {}

  private final Entry[] slots = new Entry[SLOTS];

  Category classify(String key) {
    int h = key.hashCode();
    int slot = (h ^ (h >>> 10)) & (SLOTS - 1);
    Entry e = slots[slot];
    if (e != null && (e.key == key || e.key.equals(key))) {
      return e.category;
    }
    Category c = FieldNames.classify(key);
    slots[slot] = new Entry(key, c);
    return c;
  }
}
