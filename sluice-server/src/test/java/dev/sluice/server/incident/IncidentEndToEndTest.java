package dev.sluice.server.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incident mode against a real gateway and a fake vendor, through the admin API: after opening,
 * the vendor receives nothing (also across a restart) while events are still accepted and queued;
 * after closing, it receives every one of them, with pseudonyms of the new epoch.
 */
class IncidentEndToEndTest {
  static final String TOKEN = "adm_incident_0b8d2c4e6f1a3b5d";
  static final String READ_TOKEN = "adm_read_7f3c9e21b4d84a0c9e5f";
  static final String ADMIN_YAML = """
      admin:
        tokens:
          - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
          - { name: dashboard, token: { file: ./read.token }, scopes: [ read ] }
      vendors:
        - name: acme
          breachNotificationHours: 96
      """;

  @TempDir Path dir;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("incident.token"), TOKEN);
    Files.writeString(dir.resolve("read.token"), READ_TOKEN);
    // The destination is "hook"; the registry entry "acme" is linked by the destination name in
    // the requests below ("hook" resolves to its vendor when linked, else names its own vendor).
    gw = TestGateway.start(dir, TestGateway.DEFAULT_CONTRACT, ADMIN_YAML);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private HttpResponse<String> admin(String path, String body, String token) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.server().adminPort() + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private void track(String user, String event) throws Exception {
    HttpResponse<String> r = gw.post("/v1/track", "{\"userId\":\"" + user + "\",\"event\":\"" + event + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void openHoldsAndRotatesCloseDeliversTheHeldEventsUnderTheNewEpoch() throws Exception {
    track("user_8412", "Before");
    List<FakeVendor.Received> before = gw.awaitReceived(1);
    String oldPseudonym = before.get(0).event().get("userId").asText();
    assertThat(oldPseudonym).startsWith("ps1_1_");

    HttpResponse<String> opened = admin("/admin/incidents",
        "{\"vendor\":\"hook\",\"reason\":\"vendor reported a breach\",\"awareAt\":\"2026-11-25T08:00:00Z\"}", TOKEN);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    JsonNode body = Json.MAPPER.readTree(opened.body());
    assertThat(body.get("status").asText()).isEqualTo("open");
    assertThat(body.at("/report/epochs/hook/exposedUpTo").asInt()).isEqualTo(1);
    assertThat(body.at("/report/epochs/hook/current").asInt()).isEqualTo(2);
    assertThat(body.at("/report/notificationDeadline").asText()).isEqualTo("2026-11-28T08:00:00Z");
    assertThat(body.at("/report/events").asLong()).isEqualTo(1);
    assertThat(Path.of(body.get("reportMarkdown").asText())).exists();

    track("user_8412", "During1");
    track("user_9000", "During2");
    TestGateway.await(() -> gw.server().pending("hook") == 2, Duration.ofSeconds(10), "two events queued");

    // A restart keeps the vendor held.
    gw.stopServer();
    gw.startServer();
    track("user_8412", "AfterRestart");
    assertThat(gw.server().pending("hook")).isEqualTo(3);
    // The sender polls at least once a second; give it two chances to (wrongly) send.
    Thread.sleep(2500);
    assertThat(gw.vendor.received()).hasSize(1);
    assertThat(gw.server().pending("hook")).isEqualTo(3);

    HttpResponse<String> closed = admin("/admin/incidents/hook/close", "", TOKEN);
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    List<FakeVendor.Received> all = gw.awaitReceived(4);
    assertThat(all).hasSize(4);
    List<JsonNode> after = all.subList(1, 4).stream().map(r -> (JsonNode) r.event()).toList();
    assertThat(after).extracting(e -> e.get("event").asText())
        .containsExactlyInAnyOrder("During1", "During2", "AfterRestart");
    for (JsonNode e : after) {
      assertThat(e.get("userId").asText()).startsWith("ps1_2_");
    }
    assertThat(after.stream().filter(e -> e.get("event").asText().equals("During1")).findFirst().orElseThrow()
        .get("userId").asText()).isNotEqualTo(oldPseudonym);

    List<String> audit = Files.readAllLines(gw.dataDir().resolve("audit.log"));
    assertThat(audit).hasSize(2);
    assertThat(audit.get(0)).contains("\"action\":\"incident.open\"", "\"vendor\":\"hook\"");
    assertThat(audit.get(1)).contains("\"action\":\"incident.close\"");
    assertThat(String.join("\n", audit)).doesNotContain("user_8412", "user_9000");
  }

  @Test
  void discardQueueDropsWhatWasWaiting() throws Exception {
    HttpResponse<String> opened = admin("/admin/incidents", "{\"vendor\":\"hook\",\"reason\":\"r\"}", TOKEN);
    assertThat(opened.statusCode()).isEqualTo(201);
    track("user_1", "Queued");
    TestGateway.await(() -> gw.server().pending("hook") == 1, Duration.ofSeconds(10), "queued");
    // Already open: 409, nothing changes.
    HttpResponse<String> again = admin("/admin/incidents", "{\"vendor\":\"hook\",\"reason\":\"r\",\"discardQueue\":true}", TOKEN);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(gw.server().pending("hook")).isEqualTo(1);
    assertThat(admin("/admin/incidents/hook/close", "", TOKEN).statusCode()).isEqualTo(200);
    gw.awaitReceived(1);

    HttpResponse<String> discard = admin("/admin/incidents",
        "{\"vendor\":\"hook\",\"reason\":\"r2\",\"discardQueue\":true}", TOKEN);
    assertThat(discard.statusCode()).isEqualTo(201);
    track("user_2", "Kept");
    // A second incident on the same vendor rotates again.
    assertThat(Json.MAPPER.readTree(discard.body()).at("/report/epochs/hook/current").asInt()).isEqualTo(3);
    assertThat(admin("/admin/incidents/hook/close", "", TOKEN).statusCode()).isEqualTo(200);
    gw.awaitReceived(2);
    assertThat(gw.vendor.received().get(1).event().get("userId").asText()).startsWith("ps1_3_");
  }

  @Test
  void badRequestsAreClear4xx() throws Exception {
    assertThat(admin("/admin/incidents", "{\"vendor\":\"hook\",\"reason\":\"r\"}", READ_TOKEN).statusCode()).isEqualTo(403);
    assertThat(admin("/admin/incidents", "{\"vendor\":\"hook\",\"reason\":\"r\"}", "nope-nope-nope-nope").statusCode())
        .isEqualTo(401);
    HttpResponse<String> unknown = admin("/admin/incidents", "{\"vendor\":\"hok\",\"reason\":\"r\"}", TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"success\":false", "unknown vendor 'hok'");
    assertThat(admin("/admin/incidents", "{\"vendor\":\"hook\"}", TOKEN).statusCode()).isEqualTo(400);
    assertThat(admin("/admin/incidents", "[1]", TOKEN).statusCode()).isEqualTo(400);
    assertThat(admin("/admin/incidents", "{\"vendor\":\"hook\",\"reason\":\"r\",\"awareAt\":\"yesterday\"}", TOKEN)
        .statusCode()).isEqualTo(400);
    assertThat(admin("/admin/incidents/hook/close", "", TOKEN).statusCode()).isEqualTo(409);
  }
}
