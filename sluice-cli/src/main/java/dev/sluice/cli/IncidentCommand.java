package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.Incidents;
import dev.sluice.server.incident.ReceivedSamples;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.ledger.SqliteLedgerStore;
import dev.sluice.server.store.FileOutbox;
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
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice incident open|close VENDOR}: on a stopped gateway's data directory directly, or,
 * when the gateway runs (its outbox is locked), through {@code POST /admin/incidents} with an
 * admin token of scope {@code incident}. Both paths run the same {@link Incidents} code.
 */
@Command(
    name = "incident",
    description = "Cut a vendor off (hold its deliveries, rotate its pseudonym keys, write the impact report"
        + " and an audit record) or let it back. See docs/incident.md.",
    mixinStandardHelpOptions = true,
    subcommands = {IncidentCommand.Open.class, IncidentCommand.Close.class})
final class IncidentCommand {
  static final String TOKEN_ENV = "SLUICE_ADMIN_TOKEN";

  /** The options both subcommands take. */
  static final class Target {
    @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
    Path config;

    @Option(names = "--token-file", description = "Admin token (scope incident) for a running gateway;"
        + " default: the " + TOKEN_ENV + " environment variable")
    Path tokenFile;

    @Parameters(index = "0", paramLabel = "VENDOR", description = "A vendors: entry, or a destination name")
    String vendor;

    SluiceConfig load() {
      return ConfigLoader.load(config, System.getenv());
    }
  }

  interface Action {
    Incidents.Result offline(Incidents incidents) throws IOException;

    HttpRequest.Builder online(URI admin);
  }

  @Command(name = "open", description = "Open an incident for a vendor.", mixinStandardHelpOptions = true)
  static final class Open implements Callable<Integer> {
    @Mixin Target target;

    @Option(names = "--reason", required = true, description = "Why (kept in the audit log and the report; no personal data)")
    String reason;

    @Option(names = "--discard-queue", description = "Discard the vendor's queued events instead of holding them")
    boolean discardQueue;

    @Option(names = "--aware-at", description = "When you became aware of the breach (ISO-8601, e.g."
        + " 2026-11-25T08:00:00Z); the 72-hour notification clock runs from here. Default: now")
    Instant awareAt;

    @Override
    public Integer call() throws Exception {
      return run(target, new Action() {
        @Override
        public Incidents.Result offline(Incidents incidents) throws IOException {
          return incidents.open(target.vendor, reason, discardQueue, awareAt, Incidents.byCli());
        }

        @Override
        public HttpRequest.Builder online(URI admin) {
          ObjectNode body = Json.MAPPER.createObjectNode();
          body.put("vendor", target.vendor);
          body.put("reason", reason);
          body.put("discardQueue", discardQueue);
          if (awareAt != null) {
            body.put("awareAt", awareAt.toString());
          }
          return HttpRequest.newBuilder(admin.resolve("/admin/incidents"))
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
      });
    }
  }

  @Command(name = "close", description = "Close a vendor's incident: delivery resumes with the new epoch.",
      mixinStandardHelpOptions = true)
  static final class Close implements Callable<Integer> {
    @Mixin Target target;

    @Override
    public Integer call() throws Exception {
      return run(target, new Action() {
        @Override
        public Incidents.Result offline(Incidents incidents) throws IOException {
          return incidents.close(target.vendor, Incidents.byCli());
        }

        @Override
        public HttpRequest.Builder online(URI admin) {
          return HttpRequest.newBuilder(admin.resolve("/admin/incidents/" + target.vendor + "/close"))
              .POST(HttpRequest.BodyPublishers.noBody());
        }
      });
    }
  }

  static int run(Target target, Action action) throws Exception {
    SluiceConfig cfg = target.load();
    Path data = cfg.storage().dataDir();
    Path outboxDir = data.resolve("outbox");
    if (FileOutbox.inUse(outboxDir)) {
      return online(cfg, target, action);
    }
    MasterKey master = MasterKey.fromBase64(new String(cfg.masterKeyBytes(), StandardCharsets.UTF_8));
    Files.createDirectories(data);
    KeyStore keys = KeyStore.open(data, master);
    boolean hasLedger = Files.exists(data.resolve(SqliteLedgerStore.FILE));
    try (FileOutbox outbox = FileOutbox.open(outboxDir, keys.outboxAead(), cfg.storage().outboxMaxBytes());
        SqliteLedgerStore ledger = hasLedger ? SqliteLedgerStore.openForReading(data) : null) {
      Clock clock = Clock.systemUTC();
      ReceivedSamples samples = new ReceivedSamples(data, keys.outboxAead(), cfg.storage().sampleEvery(),
          cfg.storage().sampleRetentionDays(), clock);
      Incidents incidents = new Incidents(data, cfg, keys, outbox, () -> ledger, samples,
          Incidents.DeliveryControl.OFFLINE, clock);
      Incidents.Result r = action.offline(incidents);
      print(r.id(), r.vendor(), r.status(), String.join(", ", r.destinations()),
          r.report() == null ? null : r.report().notificationDeadline().toString(),
          r.reportMarkdown() == null ? null : r.reportMarkdown().toString(), "the data directory (gateway stopped)");
      return 0;
    }
  }

  private static int online(SluiceConfig cfg, Target target, Action action) throws Exception {
    String token = token(target.tokenFile);
    URI admin = adminUri(cfg);
    JsonNode body = send(admin, token, action.online(admin).timeout(Duration.ofSeconds(120)));
    print(body.path("incident").asText(), body.path("vendor").asText(), body.path("status").asText(),
        String.join(", ", java.util.stream.StreamSupport.stream(body.path("destinations").spliterator(), false)
            .map(JsonNode::asText).toList()),
        body.at("/report/notificationDeadline").isMissingNode() ? null : body.at("/report/notificationDeadline").asText(),
        body.has("reportMarkdown") ? body.get("reportMarkdown").asText() : null, "the running gateway (" + admin + ")");
    return 0;
  }

  /**
   * Sends an admin API request with the token; the answer's JSON, or a one-line error for a
   * gateway that does not answer or refuses (its {@code message}).
   */
  static JsonNode send(URI admin, String token, HttpRequest.Builder request) throws InterruptedException {
    HttpResponse<String> resp;
    try {
      resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
          request.header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the gateway holds the data directory, but its admin API at " + admin
          + " did not answer (" + e.getClass().getSimpleName() + "): check that it runs and admin.host/port in the config");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(resp.body());
    } catch (IOException e) {
      body = null;
    }
    if (resp.statusCode() / 100 != 2 || body == null) {
      String message = body != null && body.has("message") ? body.get("message").asText() : "HTTP " + resp.statusCode();
      throw new IllegalStateException("the running gateway refused: " + message);
    }
    return body;
  }

  /** The running gateway's admin listener, as the config names it. */
  static URI adminUri(SluiceConfig cfg) {
    return URI.create("http://" + hostForUri(cfg.server().admin().host()) + ":" + cfg.server().admin().port());
  }

  /** The admin token from {@code tokenFile}, else the environment; a clear error without one. */
  static String token(Path tokenFile) throws IOException {
    String t = tokenFile != null
        ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip()
        : System.getenv(TOKEN_ENV);
    if (t == null || t.isBlank()) {
      throw new IllegalStateException("the gateway is running (its outbox is locked), so this goes through its"
          + " admin API: give an admin token with scope incident in " + TOKEN_ENV + " or --token-file");
    }
    return t;
  }

  private static String hostForUri(String host) {
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::")) {
      return "[::1]";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static void print(String id, String vendor, String status, String destinations, String deadline,
      String report, String via) {
    System.out.println("incident " + id + " (vendor " + vendor + "): " + status + ", via " + via);
    System.out.println("  destinations: " + destinations + (status.equals("open")
        ? " (delivery held, pseudonym keys rotated)" : " (delivery resumed)"));
    if (deadline != null) {
      System.out.println("  notify by: " + deadline + " (GDPR Art. 33, 72 hours from awareness)");
    }
    if (report != null) {
      System.out.println("  impact report: " + report + " (and impact.json)");
    }
  }
}
