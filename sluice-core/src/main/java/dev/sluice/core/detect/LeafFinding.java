package dev.sluice.core.detect;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What detection found in one leaf of an event: the category its field name implies (or null)
 * and the spans of personal data in its value (empty for non-strings or clean strings). {@code
 * path} is the leaf's dotted path with array positions collapsed ({@code properties.items.sku}).
 */
public record LeafFinding(String path, Category byName, List<Span> spans) {
  /** Every category found, by name and by value. */
  public Set<Category> categories() {
    Set<Category> out = EnumSet.noneOf(Category.class);
    if (byName != null) {
      out.add(byName);
    }
    for (Span s : spans) {
      out.add(s.category());
    }
    return out;
  }
}
