package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.keys.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice incident} works on a stopped data directory and through a running gateway. */
class IncidentCommandTest {
  static final String TOKEN = "adm_incident_0b8d2c4e6f1a3b5d";
  @TempDir Path dir;

  private Path config() throws Exception {
    CliConfig.keys(dir);
    Files.writeString(dir.resolve("incident.token"), TOKEN);
    return CliConfig.yaml(dir, """
        admin:
          tokens:
            - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
        vendors:
          - name: acme
        destinations:
          - name: hook
            type: webhook
            vendor: acme
            options: { url: "https://example.org/in", secret: { file: hook.secret } }
            contract: { userId: pseudonymize }
        """);
  }

  @Test
  void offlineOpenAndCloseOnTheDataDirectory() throws Exception {
    Path cfg = config();
    CliRun open = CliRun.sluice("incident", "open", "acme", "-c", cfg, "--reason", "vendor breach notice",
        "--aware-at", "2026-11-25T08:00:00Z", "--discard-queue");
    assertThat(open.code()).as(open.err()).isZero();
    assertThat(open.out()).contains("open, via the data directory", "notify by: 2026-11-28T08:00:00Z", "impact.md");
    assertThat(Files.readString(dir.resolve("data/audit.log")))
        .contains("incident.open", "vendor breach notice", "\"by\":\"cli " + System.getProperty("user.name") + "\"");
    assertThat(Files.readString(dir.resolve("data/keys/pseudonym-hook.keyset"))).contains("\"2\"");

    CliRun again = CliRun.sluice("incident", "open", "acme", "-c", cfg, "--reason", "x");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already under incident").doesNotContain("Exception");

    CliRun close = CliRun.sluice("incident", "close", "hook", "-c", cfg);
    assertThat(close.code()).as(close.err()).isZero();
    assertThat(close.out()).contains("closed");
    assertThat(Files.readAllLines(dir.resolve("data/audit.log"))).hasSize(2);
  }

  @Test
  void whileTheGatewayRunsItGoesThroughTheAdminApi() throws Exception {
    Path cfg = config();
    var loaded = ConfigLoader.load(cfg, Map.of());
    MasterKey key = MasterKey.fromBase64(Files.readString(dir.resolve("master.key")).strip());
    // The CLI reads the admin port from sluice.yaml: pin it to the running server's.
    try (SluiceServer server = SluiceServer.start(loaded, key, Clock.systemUTC())) {
      Files.writeString(cfg, Files.readString(cfg).replace("admin: { host: 127.0.0.1, port: 0 }",
          "admin: { host: 127.0.0.1, port: " + server.adminPort() + " }"));
      CliRun noToken = CliRun.sluice("incident", "open", "acme", "-c", cfg, "--reason", "r");
      assertThat(noToken.code()).isEqualTo(1);
      assertThat(noToken.err()).contains("the gateway is running", "--token-file");

      CliRun open = CliRun.sluice("incident", "open", "acme", "-c", cfg, "--reason", "r",
          "--token-file", dir.resolve("incident.token"));
      assertThat(open.code()).as(open.err()).isZero();
      assertThat(open.out()).contains("via the running gateway", "destinations: hook");
      assertThat(server.incidents().held()).containsExactly("hook");

      CliRun close = CliRun.sluice("incident", "close", "acme", "-c", cfg, "--token-file", dir.resolve("incident.token"));
      assertThat(close.code()).as(close.err()).isZero();
      assertThat(server.incidents().held()).isEmpty();
    }
  }
}
