package dev.sluice.cli;

import dev.sluice.core.risk.RiskReport;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.VendorExposures;
import dev.sluice.server.ledger.SqliteLedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "risk",
    description = "Score every vendor from what it receives (the ledger) and the evidence on file"
        + " (vendors: in sluice.yaml), riskiest first, each point explained. Model: docs/risk.md.",
    mixinStandardHelpOptions = true)
final class RiskCommand implements Callable<Integer> {
  enum Format { table, json, markdown }

  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Option(names = "--since", description = "Only ledger rows seen since this day (YYYY-MM-DD); default: everything")
  LocalDate since;

  @Option(names = "--format", defaultValue = "table", description = "table, json or markdown (default: ${DEFAULT-VALUE})")
  Format format;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    Clock clock = Clock.systemUTC();
    LocalDate today = LocalDate.now(clock);
    Path dataDir = cfg.storage().dataDir();
    RiskReport report;
    if (Files.exists(dataDir.resolve(SqliteLedgerStore.FILE))) {
      try (SqliteLedgerStore store = SqliteLedgerStore.open(dataDir, clock)) {
        report = VendorExposures.risk(cfg, store, since, today);
      }
    } else {
      report = VendorExposures.risk(cfg, null, since, today);
    }
    System.out.print(switch (format) {
      case table -> report.table();
      case json -> report.json();
      case markdown -> report.markdown();
    });
    return 0;
  }
}
