package dev.sluice.core.bom;

/** A field of a destination's BOM as the builder sums it and the diff compares it. */
record FieldKey(String path, String category, Protection protection) implements Comparable<FieldKey> {
  @Override
  public int compareTo(FieldKey o) {
    int c = path.compareTo(o.path);
    if (c == 0) {
      c = category.compareTo(o.category);
    }
    return c != 0 ? c : protection.compareTo(o.protection);
  }
}
