package dev.sluice.server.compat;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.TestGateway;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.MasterKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Sluice with one source speaking PostHog and GA4 (its keys: a PostHog project key and a
 * GA4 {@code measurement_id:api_secret} pair) routed to a {@code posthog} and a {@code ga4}
 * destination, both pointing at one {@link FakeVendor}. Each destination has its own contract.
 */
public final class PostHogGa4Gateway implements AutoCloseable {
  public static final String PROJECT_KEY = "phc_test_project_key";
  public static final String MEASUREMENT_ID = "G-TEST12345";
  public static final String API_SECRET = "mp_secret_abc123";
  public static final String VENDOR_PROJECT_KEY = "phc_vendor_side_key";
  public static final String VENDOR_SECRET = "vendor_mp_secret";

  public final FakeVendor vendor;
  private final SluiceServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private PostHogGa4Gateway(Path dir, String posthogContract, String ga4Contract) throws IOException {
    vendor = FakeVendor.start(null);
    MasterKey key = MasterKey.generate();
    Files.writeString(dir.resolve("master.key"), key.toBase64());
    Files.writeString(dir.resolve("posthog.key"), VENDOR_PROJECT_KEY);
    Files.writeString(dir.resolve("ga4.secret"), VENDOR_SECRET);
    String yaml =
        """
        server:
          ingest: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: 0 }
        storage:
          dataDir: ./data
        keys:
          masterKey: { file: ./master.key }
        sources:
          - name: app
            writeKeys: [ "%s", "%s:%s" ]
            allowedOrigins: [ "https://app.example.com" ]
            destinations: [ posthog, ga4 ]
        destinations:
          - name: posthog
            type: posthog
            options:
              apiKey: { file: ./posthog.key }
              endpoint: "%s"
            contract:
        %s
          - name: ga4
            type: ga4
            options:
              measurementId: G-VENDOR999
              apiSecret: { file: ./ga4.secret }
              endpoint: "%s"
            contract:
        %s
        """
            .formatted(
                PROJECT_KEY, MEASUREMENT_ID, API_SECRET, vendor.baseUrl(), posthogContract.indent(6),
                vendor.baseUrl(), ga4Contract.indent(6));
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, yaml);
    server = SluiceServer.start(ConfigLoader.load(cfg, Map.of()), key, Clock.systemUTC());
  }

  public static PostHogGa4Gateway start(Path dir, String posthogContract, String ga4Contract) throws IOException {
    return new PostHogGa4Gateway(dir, posthogContract, ga4Contract);
  }

  public SluiceServer server() {
    return server;
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.ingestPort() + pathAndQuery;
  }

  public HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(10));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the vendor holds {@code count} events that arrived on {@code path}. */
  public List<FakeVendor.Received> awaitReceived(String path, int count) throws InterruptedException {
    TestGateway.await(
        () -> vendor.received().stream().filter(r -> r.path().equals(path)).count() >= count,
        Duration.ofSeconds(20),
        count + " events on " + path);
    return vendor.received().stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.close();
    vendor.close();
  }
}
