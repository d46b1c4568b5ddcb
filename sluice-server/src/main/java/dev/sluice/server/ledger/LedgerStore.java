package dev.sluice.server.ledger;

import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.ledger.SubjectSketch;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Where the flow ledger is kept across restarts. The embedded implementation is {@link
 * SqliteLedgerStore} ({@code <data>/ledger.db}); a scale-out one (PostgreSQL) implements the same
 * calls. Holds no values: normalised paths, category codes, outcomes, counts, times, and subject
 * sketches (HyperLogLog registers over pseudonyms).
 */
public interface LedgerStore extends AutoCloseable {
  /** Every stored row (totals), for seeding the in-memory ledger at start. */
  List<LedgerEntry> load() throws IOException;

  /**
   * Adds a delta in one transaction: counts are added, first/last seen take the min/max, subject
   * registers the max per register. On failure nothing of it is stored.
   */
  void flush(LedgerSnapshot delta) throws IOException;

  /**
   * Stored rows, sorted; only {@code destination}'s when not null. Without {@code since}, all-time
   * totals. With it, the counts made from {@code since}'s UTC day on (per-day rows summed), for
   * rows last seen at or after {@code since}: windows are counted to the day.
   */
  List<LedgerEntry> entries(String destination, Instant since) throws IOException;

  /**
   * Estimated distinct subjects {@code destination} reached from {@code fromDay} to {@code toDay}
   * (UTC days, inclusive): the day sketches merged, so a subject seen on several days counts once.
   */
  long subjects(String destination, LocalDate fromDay, LocalDate toDay) throws IOException;

  /**
   * Every destination's day sketches from {@code fromDay} to {@code toDay} (UTC days, inclusive;
   * null for no bound), for the data BOM, which merges them over its window.
   */
  List<SubjectSketch> sketches(LocalDate fromDay, LocalDate toDay) throws IOException;

  @Override
  void close() throws IOException;
}
