package dev.sluice.server.incident;

import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.risk.BlastRadius;
import dev.sluice.core.risk.Exposure;
import dev.sluice.core.risk.KAnonymity;
import dev.sluice.core.risk.RiskModel;
import dev.sluice.core.risk.RiskReport;
import dev.sluice.core.risk.Vendor;
import dev.sluice.core.risk.VendorRisk;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.ledger.LedgerStore;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what each vendor received from the ledger store and hands it to the core risk model: the
 * one place that maps vendors to destinations (registry entries, {@code vendor:} links, and an
 * unknown vendor per unlinked destination).
 */
public final class VendorExposures {
  /** Sketch days start here when a window has no start: before any Sluice ledger existed. */
  private static final LocalDate BEGINNING = LocalDate.of(2000, 1, 1);

  private VendorExposures() {}

  /**
   * Every vendor with its destinations, registry order first, then one unknown vendor per
   * destination the registry does not list (named after it).
   */
  public static Map<String, List<String>> destinationsByVendor(SluiceConfig config) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    config.vendors().forEach(v -> out.put(v.name(), new ArrayList<>()));
    for (DestinationConfig d : config.destinations()) {
      out.computeIfAbsent(d.vendor() == null ? d.name() : d.vendor(), k -> new ArrayList<>()).add(d.name());
    }
    return out;
  }

  /**
   * The vendor a command names: a registry entry, or a destination's name (its vendor).
   *
   * @throws IllegalArgumentException naming the known vendors
   */
  public static String resolveVendor(SluiceConfig config, String name) {
    Map<String, List<String>> all = destinationsByVendor(config);
    if (all.containsKey(name)) {
      return name;
    }
    for (DestinationConfig d : config.destinations()) {
      if (d.name().equals(name) && d.vendor() != null) {
        return d.vendor();
      }
    }
    throw new IllegalArgumentException("unknown vendor '" + name + "'; known vendors: "
        + String.join(", ", all.keySet()));
  }

  /** What {@code destinations} received since {@code since} (null: everything recorded). */
  public static Exposure exposure(LedgerStore store, List<String> destinations, Instant since, LocalDate today)
      throws IOException {
    List<LedgerEntry> rows = new ArrayList<>();
    long subjects = 0;
    LocalDate from = since == null ? BEGINNING : LocalDate.ofInstant(since, ZoneOffset.UTC);
    for (String d : destinations) {
      if (store != null) {
        rows.addAll(store.entries(d, since));
        subjects += store.subjects(d, from, today);
      }
    }
    return Exposure.of(rows, subjects);
  }

  /**
   * What the vendor's store would give an attacker today: its exposure since {@code since} (null:
   * everything) and the k-anonymity of the sample of what it received. {@code store} and {@code
   * samples} may be null (no ledger, no sample).
   */
  public static BlastRadius blastRadius(SluiceConfig config, LedgerStore store, ReceivedSamples samples,
      String vendorName, LocalDate since, LocalDate today) throws IOException {
    String vendor = resolveVendor(config, vendorName);
    List<String> dests = destinationsByVendor(config).get(vendor);
    Instant from = since == null ? null : since.atStartOfDay(ZoneOffset.UTC).toInstant();
    KAnonymity k = samples == null ? KAnonymity.EMPTY : KAnonymity.of(samples.read(dests, since));
    return new BlastRadius(vendor, dests, since, exposure(store, dests, from, today), k);
  }

  /**
   * Every vendor's score as of {@code today}; {@code store} null reads as an empty ledger (no
   * ledger file yet).
   */
  public static RiskReport risk(SluiceConfig config, LedgerStore store, LocalDate since, LocalDate today)
      throws IOException {
    Instant from = since == null ? null : since.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<VendorRisk> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : destinationsByVendor(config).entrySet()) {
      Vendor v = config.vendor(e.getKey()).orElse(null);
      boolean registered = v != null;
      out.add(RiskModel.score(registered ? v : Vendor.unknown(e.getKey()), registered, e.getValue(),
          exposure(store, e.getValue(), from, today), today));
    }
    return new RiskReport(today, since, out);
  }
}
