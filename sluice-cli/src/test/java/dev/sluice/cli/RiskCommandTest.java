package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Outcome;
import dev.sluice.server.ledger.SqliteLedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice risk} reads the registry and the data directory's ledger and ranks vendors. */
class RiskCommandTest {
  @TempDir Path dir;

  static Path config(Path dir, String vendors) throws Exception {
    Files.writeString(dir.resolve("hook.secret"), "whsec_0123456789abcdef\n");
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, """
        storage: { dataDir: ./data }
        sources:
          - name: app
            writeKeys: [ wk_app ]
        %s
        destinations:
          - name: analytics
            type: webhook
            vendor: acme
            options: { url: "https://example.org/in", secret: { file: hook.secret } }
            contract: { userId: pseudonymize, properties.email: keep }
          - name: archive
            type: webhook
            options: { url: "https://example.org/in2", secret: { file: hook.secret } }
            contract: { userId: pseudonymize }
        """.formatted(vendors));
    return cfg;
  }

  @Test
  void ranksVendorsFromTheLedgerAndTheRegistry() throws Exception {
    Path cfg = config(dir, """
        vendors:
          - name: acme
            dpaSigned: 2024-05-10
            mfa: sms
        """);
    Instant t = Instant.now();
    Files.createDirectories(dir.resolve("data"));
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir.resolve("data"), Clock.systemUTC())) {
      store.flush(new LedgerSnapshot(List.of(
          new LedgerEntry("app", "analytics", FlowLedger.EVENT_PATH, "none", Outcome.SENT, 10, 10, t, t),
          new LedgerEntry("app", "analytics", "properties.email", "email", Outcome.SENT, 10, 10, t, t)), List.of()));
    }
    CliRun r = CliRun.sluice("risk", "-c", cfg, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode vendors = Json.MAPPER.readTree(r.out()).get("vendors");
    assertThat(vendors.get(0).get("vendor").asText()).isEqualTo("acme");
    assertThat(vendors.get(0).get("destinations").get(0).asText()).isEqualTo("analytics");
    assertThat(vendors.get(0).get("factors").toString())
        .contains("receives email raw (10 values in 1 field)", "SMS-based MFA", "DPA signed 2024-05-10");
    assertThat(vendors.get(1).get("vendor").asText()).isEqualTo("archive");
    assertThat(vendors.get(1).get("registered").asBoolean()).isFalse();

    CliRun table = CliRun.sluice("risk", "-c", cfg);
    assertThat(table.out()).contains("acme: ", "+30: receives email raw");
  }

  @Test
  void withoutALedgerEveryVendorStillGetsItsTrustScore() throws Exception {
    CliRun r = CliRun.sluice("risk", "-c", config(dir, "vendors: [ { name: acme } ]"), "--format", "markdown");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("# Vendor risk", "## acme", "## archive", "nothing delivered yet");
    assertThat(dir.resolve("data/ledger.db")).doesNotExist();
  }
}
