package dev.sluice.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detect stage's result for one event: findings keyed by the leaf node they were found in, so
 * each destination's policy looks a leaf up in O(1) without re-scanning. Only leaves with a
 * finding are held; most leaves have none and cost nothing.
 */
public final class EventFindings {
  public static final EventFindings NONE = new EventFindings(Map.of());

  private final Map<JsonNode, LeafFinding> byLeaf;

  EventFindings(Map<JsonNode, LeafFinding> byLeaf) {
    this.byLeaf = byLeaf;
  }

  static EventFindings of(IdentityHashMap<JsonNode, LeafFinding> byLeaf) {
    return byLeaf == null || byLeaf.isEmpty() ? NONE : new EventFindings(byLeaf);
  }

  /** The finding for a leaf of this event's tree, or null. */
  public LeafFinding of(JsonNode leaf) {
    return byLeaf.isEmpty() ? null : byLeaf.get(leaf);
  }

  /** All findings, for accounting (the ledger counts what was found even where it was dropped). */
  public Collection<LeafFinding> all() {
    return byLeaf.values();
  }

  public boolean isEmpty() {
    return byLeaf.isEmpty();
  }

  /** For tests. */
  List<LeafFinding> list() {
    return List.copyOf(byLeaf.values());
  }
}
