package dev.sluice.core.ledger;

import java.util.List;

/**
 * An immutable view of the ledger: rows sorted by {@link LedgerEntry#ORDER}, subject sketches
 * sorted by destination and day. Either the totals ({@link FlowLedger#snapshot()}) or what
 * changed since the last flush (the argument of {@link LedgerSink#write}).
 */
public record LedgerSnapshot(List<LedgerEntry> entries, List<SubjectSketch> subjects) {
  public static final LedgerSnapshot EMPTY = new LedgerSnapshot(List.of(), List.of());

  public LedgerSnapshot {
    entries = List.copyOf(entries);
    subjects = List.copyOf(subjects);
  }

  public boolean isEmpty() {
    return entries.isEmpty() && subjects.isEmpty();
  }
}
