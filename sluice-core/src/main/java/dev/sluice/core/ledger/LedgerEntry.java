package dev.sluice.core.ledger;

import dev.sluice.core.policy.Outcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One ledger row: how often values at {@code path} with data {@code category} met {@code
 * outcome} on their way from {@code source} to {@code destination}. {@code events} counts the
 * events that had at least one such value, {@code values} the values themselves (an array of
 * three products is one event and three values). A totals row carries everything counted; a
 * delta row (see {@link FlowLedger#flush}) what was counted since the previous flush.
 *
 * @param path the normalised path ({@link PathNormalizer}), {@link FlowLedger#EVENT_PATH} for
 *     whole events or {@link FlowLedger#OTHER_PATH} past the key cap
 * @param category a {@link dev.sluice.core.detect.Category#code()} or {@link #NO_CATEGORY}
 * @param firstSeen when the first of these values was counted
 * @param lastSeen when the latest of these values was counted
 */
public record LedgerEntry(
    String source,
    String destination,
    String path,
    String category,
    Outcome outcome,
    long events,
    long values,
    Instant firstSeen,
    Instant lastSeen)
    implements Comparable<LedgerEntry> {
  /** The category of a value in which detection found nothing. */
  public static final String NO_CATEGORY = "none";

  public static final Comparator<LedgerEntry> ORDER =
      Comparator.comparing(LedgerEntry::source)
          .thenComparing(LedgerEntry::destination)
          .thenComparing(LedgerEntry::path)
          .thenComparing(LedgerEntry::category)
          .thenComparing(LedgerEntry::outcome);

  public LedgerEntry {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (events < 0 || values < 0) {
      throw new IllegalArgumentException("ledger counts cannot be negative");
    }
  }

  @Override
  public int compareTo(LedgerEntry o) {
    return ORDER.compare(this, o);
  }
}
