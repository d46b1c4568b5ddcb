package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import dev.sluice.server.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger in a running gateway: on by default, survives restarts, holds no values, shrugs off a bad file. */
class LedgerGatewayTest {
  static final String EMAIL = "planted.person@example.com";
  static final String NAME = "Plantina Personne";
  static final String IP = "198.51.100.77";
  static final String USER = "user_planted_991";

  @TempDir Path dir;

  static String event(int i) {
    return """
        {"userId":"%s","event":"Signed Up","messageId":"msg-%d",
         "properties":{"plan":"pro","note":"reach me at %s","name":"%s",
                       "invitees":{"%s":true},"scores":{"%s":3}},
         "context":{"ip":"%s","page":{"path":"/signup"}}}
        """
        .formatted(USER, i, EMAIL, NAME, EMAIL, USER, IP);
  }

  static LedgerEntry row(List<LedgerEntry> rows, String path, String category, Outcome outcome) {
    return rows.stream()
        .filter(e -> e.path().equals(path) && e.category().equals(category) && e.outcome() == outcome)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + path + " " + category + " " + outcome + " in " + rows));
  }

  @Test
  void countsAddUpAcrossTwoServerRunsAndTheFileHoldsNoValues() throws Exception {
    try (TestGateway gw = TestGateway.start(dir)) {
      for (int i = 0; i < 3; i++) {
        assertThat(gw.post("/v1/track", event(i)).statusCode()).isEqualTo(200);
      }
      gw.awaitReceived(3);
      gw.stopServer(); // the final flush writes the counts

      gw.startServer();
      // Restored at start: the live ledger already has the first run's totals.
      assertThat(row(gw.server().ledger().snapshot().entries(), FlowLedger.EVENT_PATH, "none", Outcome.SENT).events()).isEqualTo(3);
      for (int i = 3; i < 5; i++) {
        assertThat(gw.post("/v1/track", event(i)).statusCode()).isEqualTo(200);
      }
      gw.awaitReceived(5);
      assertThat(gw.server().ledgerFlusher().flushNow()).isTrue();
      assertThat(gw.server().metrics().scrape()).contains("# TYPE sluice_ledger_flushes_total counter").contains("sluice_ledger_recovered_total 0.0");
      gw.stopServer();
    }

    Path data = dir.resolve("data");
    try (SqliteLedgerStore store = SqliteLedgerStore.open(data, Clock.systemUTC())) {
      List<LedgerEntry> rows = store.entries("hook", null);
      assertThat(row(rows, FlowLedger.EVENT_PATH, "none", Outcome.SENT).events()).isEqualTo(5);
      assertThat(row(rows, "properties.plan", "none", Outcome.SENT).values()).isEqualTo(5);
      assertThat(row(rows, "userId", "online_id", Outcome.PSEUDONYMIZED).values()).isEqualTo(5);
      assertThat(row(rows, "context.ip", "ip", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(5);
      assertThat(row(rows, "properties.:email", "none", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(5);
      assertThat(row(rows, "properties.scores.:id", "none", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(5);
      assertThat(rows).allSatisfy(e -> assertThat(e.source()).isEqualTo("web"));
      // One user, however many runs.
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      assertThat(store.subjects("hook", today.minusDays(1), today)).isEqualTo(1);
    }

    // No planted value, not even a piece of one, anywhere in the ledger's files.
    try (Stream<Path> files = Files.list(data)) {
      List<Path> ledgerFiles = files.filter(p -> p.getFileName().toString().startsWith("ledger.db")).toList();
      assertThat(ledgerFiles).isNotEmpty();
      for (Path f : ledgerFiles) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String planted : List.of(EMAIL, NAME, IP, USER, "planted", "Plantina", "example.com", "reach me")) {
          assertThat(bytes).as("%s in %s", planted, f.getFileName()).doesNotContain(planted);
        }
      }
    }
  }

  @Test
  void aCorruptLedgerFileIsMovedAsideAndEventsStillFlow() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.write(data.resolve("ledger.db"), "garbage, not SQLite ".repeat(300).getBytes(StandardCharsets.US_ASCII));
    try (TestGateway gw = TestGateway.start(dir)) {
      assertThat(gw.post("/v1/track", event(1)).statusCode()).isEqualTo(200);
      gw.awaitReceived(1);
      assertThat(gw.server().metrics().scrape()).contains("sluice_ledger_recovered_total 1.0");
      assertThat(gw.server().ledgerFlusher().flushNow()).isTrue();
      assertThat(gw.server().ledgerFlusher().store().entries("hook", null)).isNotEmpty();
    }
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("ledger.db.corrupt-"));
    }
  }
}
