package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomJson;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Outcome;
import dev.sluice.server.TestGateway;
import dev.sluice.server.ledger.SqliteLedgerStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API on a real gateway: who may read it, what it answers, and what it never says. */
class AdminApiHttpTest {
  static final String READ_TOKEN = "adm_read_7f3c9e21b4d84a0c9e5f";
  static final String INCIDENT_TOKEN = "adm_incident_0b8d2c4e6f1a3b5d";
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: keep
      properties.plan: keep
      properties.subject: keep
      properties.coupon: keep
      context.ip: { generalize: ip-prefix }
      """;
  static final String ADMIN_YAML =
      """
      admin:
        tokens:
          - { name: dashboard, token: { file: ./read.token }, scopes: [ read ] }
          - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
      """;
  static final String EVENT =
      "{\"userId\":\"u-%d\",\"anonymousId\":\"anon-%d\",\"event\":\"Order\",\"properties\":{\"plan\":\"pro\","
          + "\"subject\":\"write to jane.doe@example.com\"},\"context\":{\"ip\":\"203.0.113.9\"}}";

  @TempDir Path dir;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("read.token"), READ_TOKEN + "\n");
    Files.writeString(dir.resolve("incident.token"), INCIDENT_TOKEN);
    gw = TestGateway.start(dir, CONTRACT.indent(4), ADMIN_YAML);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.server().adminPort() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return gw.send(b.GET());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  void sendEvents(int n) throws Exception {
    for (int i = 1; i <= n; i++) {
      assertThat(gw.post("/v1/track", EVENT.formatted(i, i)).statusCode()).isEqualTo(200);
    }
    gw.awaitReceived(n);
  }

  @Test
  void withoutATokenTheAnswerIs401WithAChallenge() throws Exception {
    for (String path : new String[] {"/admin/bom", "/admin/destinations", "/admin/ledger"}) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sluice-admin\"");
      assertThat(json(r).get("code").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void anUnknownOrMalformedTokenIs401() throws Exception {
    HttpResponse<String> wrong = get("/admin/bom", "Bearer adm_read_7f3c9e21b4d84a0c9e5X");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(wrong).get("code").asText()).isEqualTo("invalid_token");
    assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");

    HttpResponse<String> basic = get("/admin/bom", TestGateway.basic(READ_TOKEN));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json(basic).get("message").asText()).isEqualTo("the Authorization header must be 'Bearer <token>'");
  }

  @Test
  void aTokenWithoutTheScopeIs403() throws Exception {
    HttpResponse<String> r = get("/admin/bom", "Bearer " + INCIDENT_TOKEN);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("code").asText()).isEqualTo("insufficient_scope");
    assertThat(json(r).get("message").asText()).isEqualTo("admin token 'responder' lacks the scope 'read' this endpoint needs");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"read\"");
    assertThat(gw.server().metrics().count("sluice.admin.denied", "code", "insufficient_scope")).isEqualTo(1.0);
  }

  @Test
  void theBomShowsWhatEachDestinationReceived() throws Exception {
    sendEvents(3);
    HttpResponse<String> r = get("/admin/bom?since=24h", "bearer " + READ_TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");

    Bom bom = BomJson.read(json(r));
    Bom.DestinationFlows hook = bom.destination("hook");
    assertThat(hook.type()).isEqualTo("webhook");
    assertThat(hook.endpoint()).isEqualTo(gw.vendor.baseUrl() + "/hook");
    assertThat(hook.eventsSent()).isEqualTo(3);
    assertThat(hook.subjects()).isEqualTo(3L);
    assertThat(hook.rawCategories()).containsExactly("online_id");
    assertThat(bom.rawFlows()).extracting(Bom.RawFlow::category).containsExactly("online_id");
    assertThat(hook.unseenRules()).extracting(Bom.UnseenRule::pattern).containsExactly("properties.coupon");
    assertThat(hook.fields())
        .anySatisfy(f -> {
          assertThat(f.path()).isEqualTo("properties.subject");
          assertThat(f.category()).isEqualTo("email");
          assertThat(f.protection().code()).isEqualTo("redacted");
        });
    assertThat(r.body()).doesNotContain("jane.doe", "203.0.113.9", "anon-1");
  }

  @Test
  void destinationsListTypeHostContractAndQueues() throws Exception {
    HttpResponse<String> r = get("/admin/destinations", "Bearer " + READ_TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode hook = json(r).at("/destinations/0");
    assertThat(hook.get("name").asText()).isEqualTo("hook");
    assertThat(hook.get("type").asText()).isEqualTo("webhook");
    assertThat(hook.get("endpointHost").asText()).isEqualTo("127.0.0.1");
    assertThat(hook.at("/contract/onPii").asText()).isEqualTo("redact");
    assertThat(hook.at("/contract/rules/1/pattern").asText()).isEqualTo("anonymousId");
    assertThat(hook.at("/contract/rules/1/action").asText()).isEqualTo("keep");
    assertThat(hook.at("/contract/warnings/0").asText()).contains("'anonymousId' raw");
    assertThat(hook.get("outboxDepth").asLong()).isZero();
    assertThat(hook.get("deadLetters").asLong()).isZero();
  }

  @Test
  void theLedgerFiltersByDestinationAndWindow() throws Exception {
    sendEvents(2);
    JsonNode all = json(get("/admin/ledger?destination=hook&since=2020-01-01", "Bearer " + READ_TOKEN));
    assertThat(all.get("destination").asText()).isEqualTo("hook");
    assertThat(all.get("since").asText()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(all.get("rows")).anySatisfy(row -> {
      assertThat(row.get("path").asText()).isEqualTo("(event)");
      assertThat(row.get("outcome").asText()).isEqualTo("SENT");
      assertThat(row.get("events").asLong()).isEqualTo(2);
    });
    assertThat(all.get("rows")).allSatisfy(row -> assertThat(row.get("destination").asText()).isEqualTo("hook"));
    assertThat(paths(all)).doesNotContain("properties.legacy");

    // A row last seen long ago, written into the store between two runs.
    Instant old = Instant.parse("2025-01-15T08:00:00Z");
    gw.stopServer();
    try (SqliteLedgerStore store = SqliteLedgerStore.open(gw.dataDir(), Clock.systemUTC())) {
      store.flush(new LedgerSnapshot(
          List.of(new LedgerEntry("web", "hook", "properties.legacy", "none", Outcome.SENT, 4, 4, old, old)), List.of()));
    }
    gw.startServer();
    assertThat(paths(json(get("/admin/ledger?since=2025-01-01", "Bearer " + READ_TOKEN)))).contains("properties.legacy");
    assertThat(paths(json(get("/admin/ledger?since=7d", "Bearer " + READ_TOKEN))))
        .contains("(event)")
        .doesNotContain("properties.legacy");
    Bom week = BomJson.read(json(get("/admin/bom?since=7d", "Bearer " + READ_TOKEN)));
    assertThat(week.destination("hook").fields()).extracting(Bom.FieldFlow::path).doesNotContain("properties.legacy");
    Bom ever = BomJson.read(json(get("/admin/bom", "Bearer " + READ_TOKEN)));
    assertThat(ever.destination("hook").fields()).extracting(Bom.FieldFlow::path).contains("properties.legacy");
  }

  static List<String> paths(JsonNode ledger) {
    List<String> out = new java.util.ArrayList<>();
    ledger.get("rows").forEach(r -> out.add(r.get("path").asText()));
    return out;
  }

  @Test
  void badParametersAre400WithAClearMessage() throws Exception {
    HttpResponse<String> dest = get("/admin/ledger?destination=mixpanel", "Bearer " + READ_TOKEN);
    assertThat(dest.statusCode()).isEqualTo(400);
    assertThat(json(dest).get("code").asText()).isEqualTo("unknown_destination");
    assertThat(json(dest).get("message").asText()).isEqualTo("unknown destination 'mixpanel' (known: hook)");

    for (String path : new String[] {"/admin/bom?since=yesterday", "/admin/ledger?since=7%20days"}) {
      HttpResponse<String> r = get(path, "Bearer " + READ_TOKEN);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(json(r).get("code").asText()).isEqualTo("bad_since");
      assertThat(json(r).get("message").asText()).contains("is not a time: use an ISO-8601 instant");
    }
  }

  @Test
  void healthAndMetricsStayOpen() throws Exception {
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("# TYPE sluice_ledger_flushes_total counter");
  }

  @Test
  void tokensAppearInNoResponseAndNoLog() throws Exception {
    sendEvents(1);
    StringBuilder bodies = new StringBuilder();
    String[] auths = {null, "Bearer " + READ_TOKEN, "Bearer " + INCIDENT_TOKEN, "Bearer " + READ_TOKEN + "x", "Basic " + READ_TOKEN};
    for (String auth : auths) {
      for (String path : new String[] {"/admin/bom", "/admin/destinations", "/admin/ledger?destination=nope", "/admin/bom?since=x"}) {
        HttpResponse<String> r = get(path, auth);
        bodies.append(r.body()).append(r.headers().map());
      }
    }
    assertThat(bodies.toString()).doesNotContain(READ_TOKEN, INCIDENT_TOKEN);
    gw.close();
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/sluice-test.log"));
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("sluice listening");
    assertThat(text).doesNotContain(READ_TOKEN, INCIDENT_TOKEN);
  }

  @Test
  void withoutConfiguredTokensTheAdminApiIsDisabled(@TempDir Path other) throws Exception {
    try (TestGateway plain = TestGateway.start(other)) {
      HttpResponse<String> r =
          gw.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.server().adminPort() + "/admin/bom"))
                  .header("Authorization", "Bearer " + READ_TOKEN)
                  .GET());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(json(r).get("code").asText()).isEqualTo("admin_disabled");
      assertThat(json(r).get("message").asText()).contains("add admin.tokens to sluice.yaml");
    }
  }
}
