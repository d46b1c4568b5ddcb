package dev.sluice.server.admin;

import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomBuilder;
import dev.sluice.core.bom.DeclaredDestination;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Contract;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.ledger.LedgerStore;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The BOM as the server and {@code sluice bom} read it: the declared side from the config, the
 * observed side from the ledger store (rows seen since the window's start and the day sketches of
 * its days).
 */
public final class LedgerBom {
  private LedgerBom() {}

  /** Reads the window from {@code store} and builds the BOM. */
  public static Bom read(LedgerStore store, List<DeclaredDestination> declared, Instant since, Instant now)
      throws IOException {
    LocalDate from = since == null ? null : LocalDate.ofInstant(since, ZoneOffset.UTC);
    LedgerSnapshot observed =
        new LedgerSnapshot(store.entries(null, since), store.sketches(from, LocalDate.ofInstant(now, ZoneOffset.UTC)));
    return BomBuilder.build(observed, declared, since, now, now);
  }

  /**
   * The declared side of every destination in {@code config}, using {@code contracts} (the running
   * server's) where given, else compiling each contract without keys (offline, only rules are read).
   */
  public static List<DeclaredDestination> declared(SluiceConfig config, Map<String, Contract> contracts) {
    List<DeclaredDestination> out = new ArrayList<>();
    for (DestinationConfig d : config.destinations()) {
      Contract c = contracts.get(d.name());
      if (c == null) {
        c = d.contract(Pseudonymizer.CHECK_ONLY);
      }
      URI endpoint = DestinationEndpoint.of(d.encoder());
      out.add(new DeclaredDestination(d.name(), d.type().name(), endpoint == null ? null : endpoint.toString(), c));
    }
    return out;
  }
}
