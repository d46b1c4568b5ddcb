package dev.sluice.server;

import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real Sluice on loopback in front of a {@link FakeVendor}, for end-to-end tests: config written
 * as YAML and loaded by the real loader, real stores in a temp data directory.
 */
public final class TestGateway implements AutoCloseable {
  public static final String WRITE_KEY = "wk_test_web";
  public static final String HOOK_SECRET = "test-webhook-secret-0123456789abcdef";

  public static final String DEFAULT_CONTRACT =
      """
          userId: pseudonymize
          anonymousId: pseudonymize
          groupId: pseudonymize
          previousId: pseudonymize
          properties.plan: keep
          traits.plan: keep
          context.page.path: keep
      """;

  public final Path dir;
  public final FakeVendor vendor;
  public final MasterKey masterKey;
  private final String contract;
  private final String extraYaml;
  /** The whole destinations: list, given the vendor's base URL; null for the webhook default. */
  private java.util.function.Function<String, String> destinations;
  /** storage.outboxMaxBytes; tests of backpressure shrink it. */
  public String outboxMaxBytes = "64MiB";
  /**
   * More entries of {@code destinations:} after {@code hook}, as YAML list items at column 2;
   * {@code {vendor}} stands for the fake vendor's base URL (any path under {@code /hook} works).
   */
  public String extraDestinations = "";
  private SluiceServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestGateway(Path dir, String contract, String extraYaml) throws IOException {
    this.dir = dir;
    this.contract = contract;
    this.extraYaml = extraYaml;
    this.vendor = FakeVendor.start(HOOK_SECRET.getBytes(StandardCharsets.UTF_8));
    this.masterKey = MasterKey.generate();
    Files.writeString(dir.resolve("hook.secret"), HOOK_SECRET);
    Files.writeString(dir.resolve("master.key"), masterKey.toBase64());
  }

  public static TestGateway start(Path dir) throws IOException {
    return start(dir, DEFAULT_CONTRACT, "");
  }

  public static TestGateway start(Path dir, String contract, String extraYaml) throws IOException {
    TestGateway g = new TestGateway(dir, contract, extraYaml);
    g.startServer();
    return g;
  }

  /** Like {@link #start(Path, String, String)}, with more destinations (see {@link #extraDestinations}). */
  public static TestGateway start(Path dir, String contract, String extraYaml, String extraDestinations)
      throws IOException {
    TestGateway g = new TestGateway(dir, contract, extraYaml);
    g.extraDestinations = extraDestinations;
    g.startServer();
    return g;
  }

  /**
   * A gateway whose {@code destinations:} list is {@code destinations.apply(vendorBaseUrl)}
   * (YAML list items indented by two spaces), for tests of other vendor destinations.
   */
  public static TestGateway startWithDestinations(Path dir, java.util.function.Function<String, String> destinations)
      throws IOException {
    TestGateway g = new TestGateway(dir, DEFAULT_CONTRACT, "");
    g.destinations = destinations;
    g.startServer();
    return g;
  }

  public String adminUrl(String path) {
    return "http://127.0.0.1:" + server.adminPort() + path;
  }

  public String yaml() {
    String list =
        destinations != null
            ? destinations.apply(vendor.baseUrl())
            : """
                  - name: hook
                    type: webhook
                    options:
                      url: "%s/hook"
                      secret: { file: ./hook.secret }
                    contract:
                %s
                """
                .formatted(vendor.baseUrl(), contract.indent(4))
                + extraDestinations.replace("{vendor}", vendor.baseUrl());
    return yamlWithoutDestinations() + "destinations:\n" + list;
  }

  private String yamlWithoutDestinations() {
    return """
        server:
          ingest: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: 0 }
        storage:
          dataDir: ./data
          outboxMaxBytes: %s
        keys:
          masterKey: { file: ./master.key }
        %s
        sources:
          - name: web
            writeKeys: [ "%s" ]
            allowedOrigins: [ "https://app.example.com" ]
        """
        .formatted(outboxMaxBytes, extraYaml, WRITE_KEY);
  }

  public void startServer() throws IOException {
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, yaml());
    SluiceConfig config = ConfigLoader.load(cfg, Map.of());
    server = SluiceServer.start(config, masterKey, Clock.systemUTC());
  }

  public void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public SluiceServer server() {
    return server;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public String ingestUrl(String path) {
    return "http://127.0.0.1:" + server.ingestPort() + path;
  }

  public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(ingestUrl(path)))
            .header("Content-Type", "application/json")
            .header("Authorization", basic(WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public static String basic(String key) {
    return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  public List<FakeVendor.Received> awaitReceived(int count) throws InterruptedException {
    await(() -> vendor.received().size() >= count, Duration.ofSeconds(20), "vendor to receive " + count + " events");
    return vendor.received();
  }

  public static void await(BooleanSupplier cond, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    stopServer();
    vendor.close();
  }
}
