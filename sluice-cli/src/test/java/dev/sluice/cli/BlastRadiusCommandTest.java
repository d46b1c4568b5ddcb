package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Outcome;
import dev.sluice.server.incident.ReceivedSamples;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.ledger.SqliteLedgerStore;
import dev.sluice.server.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice blast-radius} joins the ledger's categories with the sample's k-anonymity. */
class BlastRadiusCommandTest {
  @TempDir Path dir;

  @Test
  void reportsCategoriesSubjectsAndReidentification() throws Exception {
    Path cfg = RiskCommandTest.config(dir, "vendors: [ { name: acme } ]");
    MasterKey key = MasterKey.generate();
    Files.writeString(dir.resolve("master.key"), key.toBase64());
    Files.writeString(cfg, Files.readString(cfg).replace("storage: { dataDir: ./data }",
        "storage: { dataDir: ./data }\nkeys: { masterKey: { file: ./master.key } }"));
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Instant t = Instant.now();
    try (SqliteLedgerStore store = SqliteLedgerStore.open(data, Clock.systemUTC())) {
      store.flush(new LedgerSnapshot(List.of(
          new LedgerEntry("app", "analytics", FlowLedger.EVENT_PATH, "none", Outcome.SENT, 30, 30, t, t),
          new LedgerEntry("app", "analytics", "traits.email", "email", Outcome.HASHED, 30, 30, t, t),
          new LedgerEntry("app", "analytics", "userId", "online_id", Outcome.PSEUDONYMIZED, 30, 30, t, t)), List.of()));
    }
    KeyStore keys = KeyStore.open(data, key);
    List<OutboxEntry> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String country = i == 0 ? "IS" : i % 2 == 0 ? "DE" : "FR";
      items.add(new OutboxEntry("analytics", ("{\"context\":{\"ip\":\"" + country + "\"}}").getBytes(StandardCharsets.UTF_8)));
    }
    new ReceivedSamples(data, keys.outboxAead(), 1, 30, Clock.systemUTC()).offer(items);

    CliRun r = CliRun.sluice("blast-radius", "acme", "-c", cfg, "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(r.out());
    assertThat(j.get("destinations").get(0).asText()).isEqualTo("analytics");
    assertThat(j.at("/categories/email/hashed").asLong()).isEqualTo(30);
    assertThat(j.at("/categories/online_id/pseudonymized").asLong()).isEqualTo(30);
    assertThat(j.at("/reidentification/sampleRecords").asLong()).isEqualTo(30);
    assertThat(j.at("/reidentification/k").asLong()).isEqualTo(1);
    assertThat(j.at("/reidentification/uniqueRecords").asLong()).isEqualTo(1);

    CliRun table = CliRun.sluice("blast-radius", "analytics", "-c", cfg);
    assertThat(table.out()).contains("reversible by dictionary", "3.3% unique", "k = 1");

    CliRun unknown = CliRun.sluice("blast-radius", "nope", "-c", cfg);
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown vendor 'nope'");
  }
}
