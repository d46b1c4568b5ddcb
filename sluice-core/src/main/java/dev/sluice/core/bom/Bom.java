package dev.sluice.core.bom;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The data bill of materials: per destination, what data it received in a window, how each field
 * was protected, and where the observed flows differ from what the contract declares. Built by
 * {@link BomBuilder} from the flow ledger, written and read by {@link BomJson} (docs/bom.md).
 * Holds no values: paths, category codes, counts and times only.
 *
 * @param since start of the window (inclusive), or null for everything the ledger holds
 * @param until end of the window (inclusive)
 * @param destinations declared destinations in config order, then any the ledger holds that the
 *     config no longer declares
 * @param rawFlows every data category that reached a destination raw: the first thing a reviewer
 *     should read
 */
public record Bom(
    Instant generatedAt,
    Instant since,
    Instant until,
    List<DestinationFlows> destinations,
    List<RawFlow> rawFlows) {
  /** The JSON {@code schema} value; bumped when a field changes meaning or is removed. */
  public static final String SCHEMA = "sluice-bom/1";

  public Bom {
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(until, "until");
    destinations = List.copyOf(destinations);
    rawFlows = List.copyOf(rawFlows);
  }

  /** The destination named {@code name}, or null. */
  public DestinationFlows destination(String name) {
    for (DestinationFlows d : destinations) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }

  /**
   * What one destination received.
   *
   * @param declared false when the ledger holds flows to a destination the config no longer has
   * @param type the destination type, or null when unknown
   * @param endpoint where events are delivered, or null when unknown
   * @param eventsSent events delivered to it in the window (the ledger's {@code (event)} row)
   * @param eventsDropped events {@code onPii: drop-event} held back, by triggering category
   * @param subjects estimated distinct data subjects (HyperLogLog over pseudonyms) over the
   *     window's UTC days, or null when the ledger has no sketch for them
   * @param firstSeen earliest first-seen of its rows in the window, or null when it has none
   * @param lastSeen latest last-seen of its rows in the window, or null when it has none
   * @param sources the sources whose events it received, with their event counts
   * @param categories the data categories found in its fields, sorted by code
   * @param fields one row per (path, category, protection), sorted
   * @param unseenRules rules of its contract that allow a field no event carried in the window
   */
  public record DestinationFlows(
      String name,
      boolean declared,
      String type,
      String endpoint,
      long eventsSent,
      Map<String, Long> eventsDropped,
      Long subjects,
      Instant firstSeen,
      Instant lastSeen,
      List<SourceFlow> sources,
      List<CategoryFlow> categories,
      List<FieldFlow> fields,
      List<UnseenRule> unseenRules) {
    public DestinationFlows {
      Objects.requireNonNull(name, "name");
      eventsDropped = Map.copyOf(eventsDropped);
      sources = List.copyOf(sources);
      categories = List.copyOf(categories);
      fields = List.copyOf(fields);
      unseenRules = List.copyOf(unseenRules);
    }

    /** Codes of the categories this destination received raw. */
    public List<String> rawCategories() {
      return categories.stream().filter(CategoryFlow::raw).map(CategoryFlow::category).toList();
    }

    /** Codes of the categories that reached this destination in some form. */
    public List<String> deliveredCategories() {
      return categories.stream().filter(CategoryFlow::delivered).map(CategoryFlow::category).toList();
    }
  }

  /** Events one source sent to a destination. */
  public record SourceFlow(String source, long events) {}

  /**
   * One data category at one destination, over all its paths.
   *
   * @param group the taxonomy group (contact, identity, ...), or null for a code this version
   *     does not know
   * @param protections every way values of it were handled, in {@link Protection} order
   * @param values values of it counted, all protections together
   * @param deliveredValues values that reached the destination in some form
   * @param paths the paths it was found at, sorted
   * @param delivered whether any of it reached the destination (raw, pseudonymised, hashed or
   *     generalised)
   * @param raw whether any of it reached the destination raw
   */
  public record CategoryFlow(
      String category,
      String group,
      List<Protection> protections,
      long values,
      long deliveredValues,
      List<String> paths,
      boolean delivered,
      boolean raw) {
    public CategoryFlow {
      protections = List.copyOf(protections);
      paths = List.copyOf(paths);
    }
  }

  /**
   * One ledger row at one destination, summed over sources.
   *
   * @param category a category code, or {@code none}
   * @param generalizer how the value was coarsened ({@code country}, {@code bucket(10)}, ...) when
   *     the protection is {@link Protection#GENERALIZED} and the contract still says so, else null
   * @param rule the pattern of the contract rule deciding this path, or null (default deny, or a
   *     destination no longer declared)
   * @param sources the sources that sent it, sorted
   */
  public record FieldFlow(
      String path,
      String category,
      Protection protection,
      String generalizer,
      String rule,
      long events,
      long values,
      Instant firstSeen,
      Instant lastSeen,
      List<String> sources) {
    public FieldFlow {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(protection, "protection");
      sources = List.copyOf(sources);
    }
  }

  /**
   * A contract rule that allows a field (any action but {@code drop}) that no event carried in the
   * window: a declared flow that is not observed, often a stale or mistyped rule.
   *
   * @param action how sluice.yaml spells the action, e.g. {@code keep}
   * @param location where the rule was written ({@code file:line:column})
   */
  public record UnseenRule(String pattern, String action, String location) {}

  /** A category that reached a destination raw, with where it was found. */
  public record RawFlow(String destination, String category, String group, List<String> paths, long values) {
    public RawFlow {
      paths = List.copyOf(paths);
    }
  }
}
