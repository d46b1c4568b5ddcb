package dev.sluice.core.bom;

import dev.sluice.core.bom.Bom.CategoryFlow;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Bom.FieldFlow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What started and stopped flowing between two BOMs (an older and a newer one), most important
 * first: categories newly reaching a destination raw, categories newly reaching it, destinations
 * newly receiving data, new fields; then what stopped. {@code sluice bom --diff} prints it and
 * gates CI on it ({@link #newlyFlowing}).
 *
 * <p>A category <em>flows</em> to a destination when some of it is delivered (raw, pseudonymised,
 * hashed or generalised); a field flows when it is not blocked or dropped (redacted text flows).
 */
public record BomDiff(List<Change> changes) {
  public BomDiff {
    changes = List.copyOf(changes);
  }

  /** Kinds of change, in the order they are reported. */
  public enum Kind {
    /** The category reached the destination raw, and did not before (it may have flowed protected). */
    NEW_RAW_CATEGORY("new raw category"),
    /** The category reaches the destination, and did not before. */
    NEW_CATEGORY("new category"),
    /** Data flows to a destination that received nothing before. */
    NEW_DESTINATION("new destination"),
    /** A (path, category, protection) flows that did not before. */
    NEW_FIELD("new field"),
    /** The category no longer reaches the destination raw, but still reaches it. */
    STOPPED_RAW_CATEGORY("no longer raw"),
    STOPPED_CATEGORY("stopped category"),
    STOPPED_DESTINATION("stopped destination"),
    STOPPED_FIELD("stopped field");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether this is something that started flowing. */
    public boolean started() {
      return ordinal() <= NEW_FIELD.ordinal();
    }
  }

  /**
   * One change at one destination.
   *
   * @param category the category code, or null for a destination-level change
   * @param path the field path for field changes, else null
   * @param protection the field's protection for field changes, else null
   */
  public record Change(Kind kind, String destination, String category, String path, Protection protection) {
    public Change {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(destination, "destination");
    }
  }

  public static BomDiff between(Bom older, Bom newer) {
    Map<String, DestinationFlows> before = byName(older);
    Map<String, DestinationFlows> after = byName(newer);
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<Change> out = new ArrayList<>();
    for (String name : names) {
      DestinationFlows b = before.get(name);
      DestinationFlows a = after.get(name);
      Set<String> catsBefore = delivered(b);
      Set<String> catsAfter = delivered(a);
      Set<String> rawBefore = raw(b);
      Set<String> rawAfter = raw(a);
      Set<FieldKey> fieldsBefore = fields(b);
      Set<FieldKey> fieldsAfter = fields(a);
      boolean flowedBefore = !fieldsBefore.isEmpty() || (b != null && b.eventsSent() > 0);
      boolean flowsAfter = !fieldsAfter.isEmpty() || (a != null && a.eventsSent() > 0);
      if (flowsAfter && !flowedBefore) {
        out.add(new Change(Kind.NEW_DESTINATION, name, null, null, null));
      }
      if (flowedBefore && !flowsAfter) {
        out.add(new Change(Kind.STOPPED_DESTINATION, name, null, null, null));
      }
      for (String c : minus(rawAfter, rawBefore)) {
        out.add(new Change(Kind.NEW_RAW_CATEGORY, name, c, null, null));
      }
      for (String c : minus(catsAfter, catsBefore)) {
        if (!rawAfter.contains(c)) {
          out.add(new Change(Kind.NEW_CATEGORY, name, c, null, null));
        }
      }
      for (String c : minus(rawBefore, rawAfter)) {
        if (catsAfter.contains(c)) {
          out.add(new Change(Kind.STOPPED_RAW_CATEGORY, name, c, null, null));
        }
      }
      for (String c : minus(catsBefore, catsAfter)) {
        out.add(new Change(Kind.STOPPED_CATEGORY, name, c, null, null));
      }
      for (FieldKey f : minus(fieldsAfter, fieldsBefore)) {
        out.add(new Change(Kind.NEW_FIELD, name, f.category(), f.path(), f.protection()));
      }
      for (FieldKey f : minus(fieldsBefore, fieldsAfter)) {
        out.add(new Change(Kind.STOPPED_FIELD, name, f.category(), f.path(), f.protection()));
      }
    }
    out.sort(Comparator.comparing(Change::kind).thenComparing(Change::destination)
        .thenComparing(c -> c.category() == null ? "" : c.category())
        .thenComparing(c -> c.path() == null ? "" : c.path()));
    return new BomDiff(out);
  }

  /**
   * The changes through which one of {@code categories} newly reaches a destination, or newly
   * reaches it raw: what {@code --fail-on-new} fails on.
   */
  public List<Change> newlyFlowing(Collection<String> categories) {
    return changes.stream()
        .filter(c -> c.kind() == Kind.NEW_RAW_CATEGORY || c.kind() == Kind.NEW_CATEGORY)
        .filter(c -> categories.contains(c.category()))
        .toList();
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  private static Map<String, DestinationFlows> byName(Bom bom) {
    Map<String, DestinationFlows> m = new LinkedHashMap<>();
    bom.destinations().forEach(d -> m.put(d.name(), d));
    return m;
  }

  private static Set<String> delivered(DestinationFlows d) {
    Set<String> s = new TreeSet<>();
    if (d != null) {
      d.categories().stream().filter(CategoryFlow::delivered).forEach(c -> s.add(c.category()));
    }
    return s;
  }

  private static Set<String> raw(DestinationFlows d) {
    Set<String> s = new TreeSet<>();
    if (d != null) {
      d.categories().stream().filter(CategoryFlow::raw).forEach(c -> s.add(c.category()));
    }
    return s;
  }

  private static Set<FieldKey> fields(DestinationFlows d) {
    Set<FieldKey> s = new TreeSet<>();
    if (d != null) {
      for (FieldFlow f : d.fields()) {
        if (f.protection() != Protection.BLOCKED && f.protection() != Protection.DROPPED_FOR_PII) {
          s.add(new FieldKey(f.path(), f.category(), f.protection()));
        }
      }
    }
    return s;
  }

  private static <T extends Comparable<T>> Set<T> minus(Set<T> a, Set<T> b) {
    Set<T> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
