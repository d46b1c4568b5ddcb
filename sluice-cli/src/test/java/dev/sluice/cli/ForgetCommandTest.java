package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.store.FileOutbox;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice forget}: offline it queues in the data directory and the gateway sends at start;
 * while the gateway runs it goes through the admin API; bad input and an unreachable gateway are
 * one clear line and exit code 1.
 */
class ForgetCommandTest {
  static final String TOKEN = "adm_incident_0b8d2c4e6f1a3b5d";
  static final String USER = "user_forget_7781";
  @TempDir Path dir;

  private Path config(FakeVendor vendor, int adminPort) throws Exception {
    Files.writeString(dir.resolve("master.key"), MasterKey.generate().toBase64());
    Files.writeString(dir.resolve("hook.secret"), "whsec_0123456789abcdef");
    Files.writeString(dir.resolve("incident.token"), TOKEN);
    Files.writeString(dir.resolve("ph.key"), "phc_project_key");
    Files.writeString(dir.resolve("ph.personal"), "phx_personal_key");
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, """
        server:
          ingest: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: %d }
        storage: { dataDir: ./data }
        keys: { masterKey: { file: ./master.key } }
        admin:
          tokens:
            - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
        sources:
          - name: app
            writeKeys: [ wk_app ]
        destinations:
          - name: hook
            type: webhook
            options: { url: "%s/hook", secret: { file: hook.secret } }
            contract: { userId: pseudonymize }
          - name: ph
            type: posthog
            options:
              endpoint: "%s"
              apiKey: { file: ph.key }
              deletion: { personalApiKey: { file: ph.personal }, projectId: "77" }
            contract: { userId: keep }
        """.formatted(adminPort, vendor.baseUrl(), vendor.baseUrl()));
    return cfg;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void offlineItQueuesAndTheGatewaySendsAtStartThenOnlineItUsesTheAdminApi() throws Exception {
    try (FakeVendor vendor = FakeVendor.start(null)) {
      Path cfg = config(vendor, freePort());

      CliRun noUser = CliRun.sluice("forget", "-c", cfg);
      assertThat(noUser.code()).isEqualTo(1);
      assertThat(noUser.err()).contains("give the user id to forget").doesNotContain("Exception");
      CliRun unknown = CliRun.sluice("forget", USER, "-c", cfg, "-d", "nope");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("unknown destination 'nope' (destinations: hook, ph)");

      CliRun offline = CliRun.sluice("forget", USER, "-c", cfg, "--json");
      assertThat(offline.code()).as(offline.err()).isZero();
      JsonNode answer = Json.MAPPER.readTree(offline.out());
      String request = answer.get("request").asText();
      JsonNode ph = answer.get("destinations").get(1);
      assertThat(ph.get("status").asText()).isEqualTo("queued");
      assertThat(ph.get("rawIdSent").asBoolean()).isTrue(); // the contract keeps userId: the raw id is what PostHog holds
      assertThat(answer.get("destinations").get(0).get("status").asText()).isEqualTo("by-hand");
      assertThat(vendor.uploads()).isEmpty();
      assertThat(Files.readString(dir.resolve("data/audit.log"))).contains(request).doesNotContain(USER);

      CliRun pending = CliRun.sluice("forget", "-c", cfg, "--status", request);
      assertThat(pending.code()).as(pending.err()).isZero();
      assertThat(pending.out()).contains("requested", "ph: 1 ids, queued", "hook: 0 ids, to send by hand");

      var loaded = ConfigLoader.load(cfg, Map.of());
      MasterKey key = MasterKey.fromBase64(Files.readString(dir.resolve("master.key")).strip());
      try (SluiceServer server = SluiceServer.start(loaded, key, Clock.systemUTC())) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (vendor.uploads().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        FakeVendor.Upload sent = vendor.uploads().get(0);
        assertThat(sent.path()).isEqualTo("/api/projects/77/persons/bulk_delete/");
        assertThat(sent.insertIds()).containsExactly(USER);
        while (!Files.readString(dir.resolve("data/audit.log")).contains("erasure.sent") && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        CliRun done = CliRun.sluice("forget", "-c", cfg, "--status", request);
        assertThat(done.out()).contains("ph: accepted by the vendor (1 ids)");

        CliRun noToken = CliRun.sluice("forget", USER, "-c", cfg);
        assertThat(noToken.code()).isEqualTo(1);
        assertThat(noToken.err()).contains("the gateway is running", "--token-file");
        CliRun online = CliRun.sluice("forget", USER, "-c", cfg, "-d", "ph", "--token-file", dir.resolve("incident.token"));
        assertThat(online.code()).as(online.err()).isZero();
        assertThat(online.out()).contains("via the running gateway", "queued for PostHog persons API")
            .doesNotContain("destination hook");
        CliRun onlineUnknown = CliRun.sluice("forget", USER, "-c", cfg, "-d", "nope", "--token-file", dir.resolve("incident.token"));
        assertThat(onlineUnknown.code()).isEqualTo(1);
        assertThat(onlineUnknown.err()).contains("the running gateway refused: unknown destination 'nope'");
      }
    }
  }

  @Test
  void aGatewayThatHoldsTheDataButDoesNotAnswerIsAClearError() throws Exception {
    try (FakeVendor vendor = FakeVendor.start(null)) {
      Path cfg = config(vendor, freePort());
      MasterKey key = MasterKey.fromBase64(Files.readString(dir.resolve("master.key")).strip());
      KeyStore keys = KeyStore.open(dir.resolve("data"), key);
      // Something holds the outbox (a gateway), but nothing listens on the configured admin port.
      try (FileOutbox held = FileOutbox.open(dir.resolve("data/outbox"), keys.outboxAead(), 1 << 20)) {
        CliRun r = CliRun.sluice("forget", USER, "-c", cfg, "--token-file", dir.resolve("incident.token"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("its admin API at http://127.0.0.1:", "did not answer").doesNotContain("at java.");
      }
      assertThat(vendor.uploads()).isEmpty();
    }
  }
}
