package dev.sluice.cli;

import dev.sluice.server.keys.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A data directory for CLI tests: {@code master.key}, {@code hook.secret} and a {@code sluice.yaml}
 * with loopback listeners on free ports, data under {@code ./data} and one source {@code app}
 * (write key {@code wk_app}); each test adds its vendors, destinations and admin tokens.
 */
final class CliConfig {
  static final String HOOK_SECRET = "test-webhook-secret-0123456789abcdef";

  private CliConfig() {}

  /** Writes a fresh {@code master.key} and {@code hook.secret} into {@code dir}; returns the key. */
  static MasterKey keys(Path dir) throws IOException {
    MasterKey key = MasterKey.generate();
    Files.writeString(dir.resolve("master.key"), key.toBase64());
    Files.writeString(dir.resolve("hook.secret"), HOOK_SECRET);
    return key;
  }

  /** Writes {@code dir/sluice.yaml}: the common part, then {@code rest} (top-level YAML). */
  static Path yaml(Path dir, String rest) throws IOException {
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, """
        server:
          ingest: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: 0 }
        storage: { dataDir: ./data }
        keys: { masterKey: { file: ./master.key } }
        sources:
          - name: app
            writeKeys: [ wk_app ]
        """ + rest);
    return cfg;
  }

  /** Posts {@code json} to the ingest port's {@code /v1/identify} as source {@code app}. */
  static HttpResponse<String> identify(int ingestPort, String json) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ingestPort + "/v1/identify"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("wk_app:".getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
