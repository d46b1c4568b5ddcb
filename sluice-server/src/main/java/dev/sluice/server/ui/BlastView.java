package dev.sluice.server.ui;

import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.risk.BlastRadius;
import dev.sluice.core.risk.Exposure;
import dev.sluice.core.risk.KAnonymity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The blast radius of a destination's vendor as its dashboard page shows it: the figures {@code
 * sluice blast-radius} prints ({@link BlastRadius}), formatted for the template. Only formatting
 * lives here.
 */
record BlastView(
    String vendor,
    String destinations,
    String subjects,
    String events,
    List<Row> rows,
    boolean reversibleHashes,
    boolean sampled,
    String sampleRecords,
    String quasiIdentifiers,
    String uniqueShare,
    String k,
    String classes,
    List<String> smallestClasses) {

  /**
   * One category: values per outcome in {@link BlastRadius#COLUMNS} order ("-" when none).
   *
   * @param raw whether values of a personal-data category reached the vendor as is
   */
  record Row(String category, List<String> cells, boolean raw) {}

  static BlastView of(BlastRadius b) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Map<Outcome, Exposure.Counts>> e : b.exposure().byCategory().entrySet()) {
      List<String> cells = new ArrayList<>();
      for (Outcome o : BlastRadius.COLUMNS) {
        Exposure.Counts c = e.getValue().get(o);
        cells.add(c == null ? "-" : DestinationView.count(c.values()));
      }
      boolean raw = e.getValue().containsKey(Outcome.SENT) && !e.getKey().equals(LedgerEntry.NO_CATEGORY);
      rows.add(new Row(e.getKey(), cells, raw));
    }
    KAnonymity k = b.sample();
    List<String> smallest = new ArrayList<>();
    k.smallest().forEach((size, n) -> smallest.add(DestinationView.count(n) + " of size " + size));
    return new BlastView(
        b.vendor(),
        String.join(", ", b.destinations()),
        "about " + DestinationView.count(b.exposure().subjects()),
        DestinationView.count(b.exposure().events()),
        rows,
        b.reversibleHashes(),
        k.records() > 0,
        DestinationView.count(k.records()),
        String.join(", ", k.paths()),
        String.format(Locale.ROOT, "%.1f%%", 100 * k.uniqueShare()),
        Long.toString(k.k()),
        DestinationView.count(k.classes()),
        smallest);
  }
}
