package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.Erasure;
import dev.sluice.server.incident.Incidents;
import dev.sluice.server.incident.ErasureApi;
import dev.sluice.server.incident.ErasureQueue;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.store.FileOutbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice forget USER_ID}: like {@code sluice incident}, on a stopped gateway's data
 * directory directly (the requests wait in its erasure queue until the gateway starts), or, when
 * the gateway runs, through {@code POST /admin/erasures} with an admin token of scope {@code
 * incident}. The user id goes in the request body, never in a URL.
 */
@Command(
    name = "forget",
    description = "Erasure on request: the pseudonyms each vendor holds for a user (every epoch), queued for the"
        + " vendor's deletion API where one is configured (Mixpanel, Amplitude, PostHog), else listed to send by hand;"
        + " audit-logged without the user id. See docs/incident.md.",
    mixinStandardHelpOptions = true)
final class ForgetCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Parameters(index = "0", arity = "0..1", paramLabel = "USER_ID", description = "The userId (or anonymousId) the app sends")
  String userId;

  @Option(names = {"-d", "--destination"}, paramLabel = "NAME", description = "Only this destination (repeatable); default all")
  List<String> destinations = new ArrayList<>();

  @Option(names = "--status", paramLabel = "REQUEST", description = "Show what became of an earlier request instead")
  String status;

  @Option(names = "--token-file", description = "Admin token (scope incident) for a running gateway;"
      + " default: the " + IncidentCommand.TOKEN_ENV + " environment variable")
  Path tokenFile;

  @Option(names = "--json", description = "Print the answer as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    Path data = cfg.storage().dataDir();
    if (status != null) {
      return printStatus(new AuditLog(data, Clock.systemUTC()).records("request", status));
    }
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("give the user id to forget: sluice forget USER_ID -c sluice.yaml");
    }
    JsonNode answer;
    String via;
    if (FileOutbox.inUse(data.resolve("outbox"))) {
      URI admin = IncidentCommand.adminUri(cfg);
      ObjectNode body = Json.MAPPER.createObjectNode().put("userId", userId);
      destinations.forEach(body.putArray("destinations")::add);
      answer = IncidentCommand.send(admin, IncidentCommand.token(tokenFile), HttpRequest.newBuilder(admin.resolve("/admin/erasures"))
          .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
      via = "the running gateway (" + admin + ")";
    } else {
      KeyStore keys = CanaryCommand.keys(cfg);
      Clock clock = Clock.systemUTC();
      try (ErasureQueue queue = ErasureQueue.open(data, cfg, keys.outboxAead(), new AuditLog(data, clock), clock)) {
        answer = ErasureApi.body(Erasure.forget(cfg, keys, queue, userId, new LinkedHashSet<>(destinations), Incidents.byCli()));
      }
      via = "the data directory (gateway stopped: queued requests are sent when it starts)";
    }
    if (json) {
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      return 0;
    }
    System.out.println("erasure request " + answer.path("request").asText() + ", via " + via);
    for (JsonNode d : answer.path("destinations")) {
      List<String> ids = new ArrayList<>();
      d.path("identifiers").forEach(n -> ids.add(n.asText()));
      String what = ids.isEmpty() ? "no pseudonym (nothing sent yet)" : "id " + String.join(" or ", ids);
      if (d.path("rawIdSent").asBoolean()) {
        what += ", and the raw id (the contract sends it as is)";
      }
      System.out.println("vendor " + d.path("vendor").asText() + " (destination " + d.path("destination").asText() + "): "
          + (d.path("status").asText().equals("queued")
              ? "queued for " + d.path("how").asText() + ": delete the user with " + what
              : "send by hand: delete the user with " + what + ". " + d.path("how").asText()));
    }
    System.out.println("(recorded in " + data.resolve(AuditLog.FILE) + "; sluice forget --status "
        + answer.path("request").asText() + " -c " + config + " shows what the vendors answered)");
    return 0;
  }

  private int printStatus(List<JsonNode> records) throws IOException {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no erasure request " + status + " in the audit log");
    }
    if (json) {
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(records));
      return 0;
    }
    for (JsonNode r : records) {
      String action = r.path("action").asText();
      if (action.equals("erasure.requested")) {
        System.out.println(r.path("time").asText() + " requested");
        for (JsonNode d : r.path("destinations")) {
          System.out.println("  " + d.path("destination").asText() + ": " + d.path("ids").asInt() + " ids, "
              + (d.path("queued").asBoolean() ? "queued" : "to send by hand"));
        }
      } else {
        System.out.println(r.path("time").asText() + " " + r.path("destination").asText() + ": "
            + (action.equals("erasure.sent") ? "accepted by the vendor" : "refused: " + r.path("reason").asText())
            + " (" + r.path("ids").asInt() + " ids)");
      }
    }
    return 0;
  }
}
