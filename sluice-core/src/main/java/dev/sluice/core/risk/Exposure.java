package dev.sluice.core.risk;

import dev.sluice.core.detect.Category;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a vendor received, read from the flow ledger: per data category and outcome the values
 * that left, the fields (paths) they were at, and the subjects reached. Only outcomes that leave
 * Sluice count (sent, pseudonymised, hashed, generalised, redacted); blocked fields do not.
 *
 * @param byCategory category code → outcome → counts, sorted by code
 * @param events events delivered (the {@code (event)} rows)
 * @param subjects estimated distinct subjects reached (summed over the vendor's destinations,
 *     whose pseudonym keys differ, so an upper bound when one person reaches several)
 */
public record Exposure(SortedMap<String, Map<Outcome, Counts>> byCategory, long events, long subjects) {
  /** Values and the distinct fields they were at. */
  public record Counts(long values, Set<String> paths) {
    Counts add(long v, String path) {
      Set<String> p = new TreeSet<>(paths);
      p.add(path);
      return new Counts(values + v, p);
    }
  }

  public static final Exposure NONE = new Exposure(new TreeMap<>(), 0, 0);

  /** The exposure in {@code entries} (any destinations; the caller picks the vendor's). */
  public static Exposure of(Collection<LedgerEntry> entries, long subjects) {
    SortedMap<String, Map<Outcome, Counts>> out = new TreeMap<>();
    long events = 0;
    for (LedgerEntry e : entries) {
      if (!leaves(e.outcome())) {
        continue;
      }
      if (e.path().equals(dev.sluice.core.ledger.FlowLedger.EVENT_PATH)) {
        events += e.events();
        continue;
      }
      out.computeIfAbsent(e.category(), c -> new EnumMap<>(Outcome.class))
          .merge(e.outcome(), new Counts(e.values(), Set.of(e.path())), (a, b) -> a.add(b.values(), e.path()));
    }
    return new Exposure(out, events, subjects);
  }

  /** Whether a value with this outcome reached the vendor in some form. */
  public static boolean leaves(Outcome o) {
    return switch (o) {
      case SENT, PSEUDONYMIZED, HASHED, GENERALIZED, REDACTED -> true;
      case BLOCKED_BY_CONTRACT, DROPPED_FOR_PII -> false;
    };
  }

  /** Counts for one category and outcome, or null. */
  public Counts get(String category, Outcome outcome) {
    Map<Outcome, Counts> m = byCategory.get(category);
    return m == null ? null : m.get(outcome);
  }

  /** The known category of a code, or null for {@code none} and codes this version does not know. */
  static Category category(String code) {
    return Category.byCode(code);
  }
}
