package dev.sluice.server.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.KeyStore;
import java.net.URI;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure on request against a real gateway and the fake vendor's deletion APIs: each vendor gets
 * its own request (method, path, credentials, body) naming the pseudonyms of every epoch; a 503 is
 * retried, a 400 becomes a failed request with the vendor's message; a request queued while the
 * gateway was stopped is sent when it starts; a destination without deletion credentials is
 * listed, not queued. The audit log holds request ids and counts, never the ids.
 */
class ErasureEndToEndTest {
  static final String USER = "user_erase_5150";
  static final String TOKEN = "adm_incident_0b8d2c4e6f1a3b5d";
  static final String READ_TOKEN = "adm_read_7f3c9e21b4d84a0c9e5f";
  static final String ADMIN_YAML = """
      admin:
        tokens:
          - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
          - { name: dashboard, token: { file: ./read.token }, scopes: [ read ] }
      """;
  static final String DESTINATIONS = """
        - name: mp
          type: mixpanel
          options:
            endpoint: "{vendor}"
            apiSecret: { file: ./mp.secret }
            deletion: { endpoint: "{vendor}", oauthToken: { file: ./mp.oauth }, projectToken: "0f3a9c1e77", complianceType: GDPR }
          contract: { userId: pseudonymize }
        - name: amp
          type: amplitude
          options:
            endpoint: "{vendor}"
            apiKey: { file: ./amp.key }
            deletion: { endpoint: "{vendor}", secretKey: { file: ./amp.secret }, requester: "dpo@example.com" }
          contract: { userId: pseudonymize }
        - name: ph
          type: posthog
          options:
            endpoint: "{vendor}"
            apiKey: { file: ./ph.key }
            deletion: { personalApiKey: { file: ./ph.personal }, projectId: "4242" }
          contract: { userId: pseudonymize }
        - name: ph-nocreds
          type: posthog
          options: { endpoint: "{vendor}", apiKey: { file: ./ph.key } }
          contract: { userId: pseudonymize }
      """;

  @TempDir Path dir;
  TestGateway gw;

  @BeforeEach
  void prepare() throws Exception {
    Files.writeString(dir.resolve("incident.token"), TOKEN);
    Files.writeString(dir.resolve("read.token"), READ_TOKEN);
    Files.writeString(dir.resolve("mp.secret"), "mp-api-secret");
    Files.writeString(dir.resolve("mp.oauth"), "mp-gdpr-oauth-token");
    Files.writeString(dir.resolve("amp.key"), "amp-api-key");
    Files.writeString(dir.resolve("amp.secret"), "amp-secret-key");
    Files.writeString(dir.resolve("ph.key"), "phc_project_key");
    Files.writeString(dir.resolve("ph.personal"), "phx_personal_key");
    gw = TestGateway.prepare(dir, TestGateway.DEFAULT_CONTRACT, ADMIN_YAML);
    gw.extraDestinations = DESTINATIONS;
  }

  @AfterEach
  void stop() {
    gw.stopServer();
    gw.vendor.close();
  }

  /** Rotates every destination once (two epochs) and returns the pseudonyms a vendor holds, by destination. */
  private Map<String, List<String>> twoEpochs() throws Exception {
    gw.writeConfig();
    KeyStore keys = KeyStore.open(gw.dataDir(), gw.masterKey);
    Map<String, List<String>> out = new java.util.HashMap<>();
    for (String d : List.of("hook", "mp", "amp", "ph", "ph-nocreds")) {
      keys.rotate(d);
      out.put(d, List.of(keys.pseudonymizer(d, 1).pseudonym(USER), keys.pseudonymizer(d, 2).pseudonym(USER)));
    }
    return out;
  }

  private HttpResponse<String> forget(String body, String token) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create(gw.adminUrl("/admin/erasures")))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private List<FakeVendor.Upload> deletions(String pathPart, int count) throws Exception {
    TestGateway.await(() -> uploads(pathPart).size() >= count, Duration.ofSeconds(20), count + " deletion requests at " + pathPart);
    return uploads(pathPart);
  }

  private List<FakeVendor.Upload> uploads(String pathPart) {
    return gw.vendor.uploads().stream().filter(u -> u.path().contains(pathPart)).toList();
  }

  private String wireBody(String pathPart) {
    return gw.vendor.wire().stream().filter(w -> w.startsWith("/") && w.lines().findFirst().orElse("").contains(pathPart))
        .findFirst().orElseThrow().lines().skip(1).reduce("", String::concat);
  }

  private List<String> audit() throws Exception {
    return Files.readAllLines(gw.dataDir().resolve(AuditLog.FILE));
  }

  private void awaitAudit(String action, int count) throws Exception {
    TestGateway.await(() -> {
      try {
        return Files.exists(gw.dataDir().resolve(AuditLog.FILE))
            && audit().stream().filter(l -> l.contains("\"action\":\"" + action + "\"")).count() >= count;
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(20), count + " " + action);
  }

  @Test
  void eachVendorGetsItsDeletionRequestWithEveryEpoch() throws Exception {
    Map<String, List<String>> held = twoEpochs();
    gw.startServer();

    HttpResponse<String> r = forget("{\"userId\":\"" + USER + "\"}", TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode answer = Json.MAPPER.readTree(r.body());
    String request = answer.get("request").asText();
    Map<String, JsonNode> byDest = new java.util.HashMap<>();
    answer.get("destinations").forEach(d -> byDest.put(d.get("destination").asText(), d));
    assertThat(byDest.get("mp").get("status").asText()).isEqualTo("queued");
    assertThat(byDest.get("amp").get("status").asText()).isEqualTo("queued");
    assertThat(byDest.get("ph").get("status").asText()).isEqualTo("queued");
    assertThat(byDest.get("hook").get("status").asText()).isEqualTo("by-hand");
    assertThat(byDest.get("hook").get("how").asText()).contains("webhook");
    assertThat(byDest.get("ph-nocreds").get("status").asText()).isEqualTo("by-hand");
    assertThat(byDest.get("ph-nocreds").get("how").asText()).contains("no deletion credentials configured", "PostHog");

    FakeVendor.Upload mp = deletions("/data-deletions/", 1).get(0);
    assertThat(mp.path()).isEqualTo("/api/app/data-deletions/v3.0/");
    assertThat(mp.query()).isEqualTo("token=0f3a9c1e77");
    assertThat(mp.authorization()).isEqualTo("Bearer mp-gdpr-oauth-token");
    assertThat(mp.insertIds()).containsExactlyElementsOf(held.get("mp"));
    assertThat(Json.MAPPER.readTree(wireBody("/data-deletions/")).get("compliance_type").asText()).isEqualTo("GDPR");

    FakeVendor.Upload amp = deletions("/deletions/users", 1).get(0);
    assertThat(amp.path()).isEqualTo("/api/2/deletions/users");
    assertThat(amp.authorization()).isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("amp-api-key:amp-secret-key".getBytes(StandardCharsets.UTF_8)));
    assertThat(amp.insertIds()).containsExactlyElementsOf(held.get("amp"));
    JsonNode ampBody = Json.MAPPER.readTree(wireBody("/deletions/users"));
    assertThat(ampBody.get("requester").asText()).isEqualTo("dpo@example.com");
    assertThat(ampBody.get("ignore_invalid_ids").asBoolean()).isTrue();

    // No deletion endpoint given: a self-hosted PostHog (the destination's endpoint) serves the API.
    FakeVendor.Upload ph = deletions("/bulk_delete/", 1).get(0);
    assertThat(ph.path()).isEqualTo("/api/projects/4242/persons/bulk_delete/");
    assertThat(ph.authorization()).isEqualTo("Bearer phx_personal_key");
    assertThat(ph.insertIds()).containsExactlyElementsOf(held.get("ph"));
    assertThat(Json.MAPPER.readTree(wireBody("/bulk_delete/")).get("delete_events").asBoolean()).isTrue();
    // Only the three destinations with credentials were called: ph-nocreds' pseudonyms went nowhere.
    assertThat(String.join("\n", gw.vendor.wire())).doesNotContain(held.get("ph-nocreds").get(0), held.get("hook").get(0));

    awaitAudit("erasure.sent", 3);
    String log = String.join("\n", audit());
    assertThat(log).contains("\"action\":\"erasure.requested\"", "\"request\":\"" + request + "\"")
        .contains("\"by\":\"admin token responder\"") // the token's name, never the token
        .doesNotContain(USER, TOKEN);
    for (List<String> ps : held.values()) {
      assertThat(log).doesNotContain(ps.get(0), ps.get(1));
    }
    assertThat(gw.server().erasures().pending("mp")).isZero();

    // The status route reads the same records back.
    HttpResponse<String> status = gw.send(HttpRequest.newBuilder(URI.create(gw.adminUrl("/admin/erasures/" + request)))
        .header("Authorization", "Bearer " + TOKEN).GET());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("erasure.requested", "erasure.sent").doesNotContain(USER);
  }

  @Test
  void a503IsRetriedAndA400FailsWithTheVendorsMessage() throws Exception {
    twoEpochs();
    gw.startServer();
    gw.vendor.failNext(1, 503);
    HttpResponse<String> r = forget("{\"userId\":\"" + USER + "\",\"destinations\":[\"mp\"]}", TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    List<FakeVendor.Upload> tries = deletions("/data-deletions/", 2);
    assertThat(tries.get(1).insertIds()).isEqualTo(tries.get(0).insertIds());
    awaitAudit("erasure.sent", 1);
    assertThat(audit().stream().filter(l -> l.contains("erasure.failed")).count()).isZero();

    gw.vendor.failNext(1, 400);
    HttpResponse<String> second = forget("{\"userId\":\"" + USER + "\",\"destinations\":[\"amp\"]}", TOKEN);
    String request = Json.MAPPER.readTree(second.body()).get("request").asText();
    awaitAudit("erasure.failed", 1);
    String failed = audit().stream().filter(l -> l.contains("erasure.failed")).findFirst().orElseThrow();
    assertThat(failed).contains("\"request\":\"" + request + "\"", "\"destination\":\"amp\"", "HTTP 400: injected failure");
    // Refused for good: parked, not retried.
    Thread.sleep(1500);
    assertThat(uploads("/deletions/users")).hasSize(1);
    assertThat(gw.server().erasures().pending("amp")).isZero();
    assertThat(gw.server().erasures().refused("amp")).isEqualTo(1);
  }

  @Test
  void aRefusalThatQuotesTheIdsIsRecordedWithoutThem() throws Exception {
    Map<String, List<String>> held = twoEpochs();
    gw.startServer();
    String echoed = held.get("ph").get(1);
    gw.vendor.failNext(1, 400, null,
        "{\"type\":\"validation_error\",\"code\":\"invalid_input\",\"detail\":\"no person with distinct_id " + echoed + "\"}");
    HttpResponse<String> r = forget("{\"userId\":\"" + USER + "\",\"destinations\":[\"ph\"]}", TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    awaitAudit("erasure.failed", 1);
    String log = String.join("\n", audit());
    assertThat(log).contains("HTTP 400: no person with distinct_id <id>").doesNotContain(echoed);
  }

  @Test
  void aRequestQueuedWhileStoppedIsSentAtStart() throws Exception {
    Map<String, List<String>> held = twoEpochs();
    SluiceConfig config = ConfigLoader.load(gw.writeConfig(), Map.of());
    KeyStore keys = KeyStore.open(gw.dataDir(), gw.masterKey);
    Erasure.Result result;
    try (ErasureQueue queue = ErasureQueue.open(gw.dataDir(), config, keys.outboxAead(),
        new AuditLog(gw.dataDir(), Clock.systemUTC()), Clock.systemUTC())) {
      result = Erasure.forget(config, keys, queue, USER, Set.of("ph"), "test");
      assertThat(queue.pending("ph")).isEqualTo(1);
    }
    assertThat(result.requests()).singleElement().satisfies(q -> assertThat(q.queued()).isTrue());
    // On disk only encrypted: neither the user id nor a pseudonym is readable in the queue files.
    for (Path p : Files.walk(gw.dataDir().resolve("erasures")).filter(Files::isRegularFile).toList()) {
      String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      assertThat(bytes).doesNotContain(USER, held.get("ph").get(0));
    }
    assertThat(gw.vendor.uploads()).isEmpty();

    gw.startServer();
    assertThat(deletions("/bulk_delete/", 1).get(0).insertIds()).containsExactlyElementsOf(held.get("ph"));
    awaitAudit("erasure.sent", 1);
  }

  @Test
  void theRouteNeedsTheIncidentScopeAndAUserId() throws Exception {
    gw.startServer();
    assertThat(forget("{\"userId\":\"" + USER + "\"}", READ_TOKEN).statusCode()).isEqualTo(403);
    assertThat(forget("{\"userId\":\"" + USER + "\"}", "nope-nope-nope-nope").statusCode()).isEqualTo(401);
    HttpResponse<String> missing = forget("{}", TOKEN);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"success\":false", "userId is required");
    assertThat(forget("{\"userId\":42}", TOKEN).statusCode()).isEqualTo(400);
    assertThat(forget("not json", TOKEN).statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = forget("{\"userId\":\"u1\",\"destinations\":[\"nope\"]}", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown destination 'nope'");
    assertThat(gw.vendor.uploads()).isEmpty();
    assertThat(Files.exists(gw.dataDir().resolve(AuditLog.FILE))).isFalse();
  }
}
