package dev.sluice.cli;

import dev.sluice.core.risk.BlastRadius;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.ReceivedSamples;
import dev.sluice.server.incident.VendorExposures;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.ledger.SqliteLedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "blast-radius",
    description = "If this vendor's store leaked today: per category what it holds raw, pseudonymised,"
        + " hashed or generalised, subjects reached, and how re-identifiable a sample of what it received is."
        + " See docs/risk.md.",
    mixinStandardHelpOptions = true)
final class BlastRadiusCommand implements Callable<Integer> {
  enum Format { table, json }

  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Parameters(index = "0", paramLabel = "VENDOR", description = "A vendors: entry, or a destination name")
  String vendor;

  @Option(names = "--since", description = "Only what was seen since this day (YYYY-MM-DD); default: everything")
  LocalDate since;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
  Format format;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    Clock clock = Clock.systemUTC();
    Path data = cfg.storage().dataDir();
    ReceivedSamples samples = null;
    if (Files.isDirectory(data.resolve(ReceivedSamples.DIR))) {
      // The sample is encrypted with the outbox key: reading it needs the master key.
      KeyStore keys = CanaryCommand.keys(cfg);
      samples = new ReceivedSamples(data, keys.outboxAead(), cfg.storage().sampleEvery(),
          cfg.storage().sampleRetentionDays(), clock);
    }
    BlastRadius b;
    if (Files.exists(data.resolve(SqliteLedgerStore.FILE))) {
      try (SqliteLedgerStore store = SqliteLedgerStore.openForReading(data)) {
        b = VendorExposures.blastRadius(cfg, store, samples, vendor, since, LocalDate.now(clock));
      }
    } else {
      b = VendorExposures.blastRadius(cfg, null, samples, vendor, since, LocalDate.now(clock));
    }
    System.out.print(format == Format.json ? b.json() : b.table());
    return 0;
  }
}
