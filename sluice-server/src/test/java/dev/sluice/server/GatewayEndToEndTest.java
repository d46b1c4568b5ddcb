package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.fakevendor.FakeVendor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given this event and this contract, the vendor gets exactly this; over real HTTP and disk. */
class GatewayEndToEndTest {
  static final List<String> PLANTED =
      List.of("jane.doe@example.com", "Jane Doe", "203.0.113.42", "user_8412", "anon-3f9c", "+1 415 555 0134");

  @TempDir Path dir;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    gw = TestGateway.start(dir);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  static final String IDENTIFY =
      """
      {"userId":"user_8412","anonymousId":"anon-3f9c","messageId":"m-identify-1",
       "traits":{"email":"jane.doe@example.com","name":"Jane Doe","phone":"+1 415 555 0134","plan":"pro"},
       "context":{"ip":"203.0.113.42","page":{"path":"/signup","url":"https://app.example.com/signup?email=jane.doe@example.com"}},
       "timestamp":"2026-11-25T09:30:00.000Z"}
      """;

  @Test
  void vendorReceivesOnlyWhatTheContractAllows() throws Exception {
    HttpResponse<String> r = gw.post("/v1/identify", IDENTIFY);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"success\":true}");

    ObjectNode got = gw.awaitReceived(1).get(0).event();
    assertThat(got.properties().stream().map(e -> e.getKey()))
        .containsExactlyInAnyOrder("type", "messageId", "timestamp", "userId", "anonymousId", "traits", "context");
    assertThat(got.get("type").asText()).isEqualTo("identify");
    assertThat(got.get("userId").asText()).matches("ps1_1_[A-Za-z0-9_-]{22}");
    assertThat(got.get("anonymousId").asText()).matches("ps1_1_[A-Za-z0-9_-]{22}").isNotEqualTo(got.get("userId").asText());
    assertThat(got.get("traits").toString()).isEqualTo("{\"plan\":\"pro\"}");
    assertThat(got.get("context").toString()).isEqualTo("{\"page\":{\"path\":\"/signup\"}}");
    assertThat(got.get("messageId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    for (String p : PLANTED) {
      assertThat(got.toString()).doesNotContain(p);
    }
  }

  @Test
  void samePseudonymForTheSameUserAcrossEvents() throws Exception {
    gw.post("/v1/track", "{\"userId\":\"user_8412\",\"event\":\"A\"}");
    gw.post("/v1/t", "{\"userId\":\"user_8412\",\"event\":\"B\"}");
    List<FakeVendor.Received> got = gw.awaitReceived(2);
    assertThat(got.get(0).event().get("userId")).isEqualTo(got.get(1).event().get("userId"));
    assertThat(got.get(0).event().get("event").asText()).isIn("A", "B");
  }

  @Test
  void batchWithWriteKeyInBodyAsTextPlainAndGzip() throws Exception {
    String batch =
        "{\"writeKey\":\"" + TestGateway.WRITE_KEY + "\",\"batch\":["
            + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"One\",\"properties\":{\"plan\":\"pro\",\"email\":\"jane.doe@example.com\"}},"
            + "{\"type\":\"page\",\"anonymousId\":\"a1\",\"name\":\"Home\"}]}";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(batch.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.ingestUrl("/v1/b")))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(buf.toByteArray())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<FakeVendor.Received> got = gw.awaitReceived(2);
    JsonNode track = got.stream().map(FakeVendor.Received::event).filter(e -> e.get("type").asText().equals("track")).findFirst().orElseThrow();
    assertThat(track.get("properties").toString()).isEqualTo("{\"plan\":\"pro\"}");
    assertThat(track.get("event").asText()).isEqualTo("One");
  }

  @Test
  void partialBatchSaysWhichItemsWereRejected() throws Exception {
    HttpResponse<String> r =
        gw.post("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Ok\"},{\"type\":\"track\",\"userId\":\"u\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("rejected")).hasSize(1);
    assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(gw.awaitReceived(1)).hasSize(1);
  }

  @Test
  void eventsAcknowledgedBeforeAStopAreDeliveredAfterRestart() throws Exception {
    gw.vendor.failNext(Integer.MAX_VALUE, 503); // vendor down: nothing can leave
    for (int i = 0; i < 20; i++) {
      assertThat(gw.post("/v1/track", "{\"userId\":\"u" + i + "\",\"event\":\"E" + i + "\"}").statusCode()).isEqualTo(200);
    }
    gw.stopServer();
    assertThat(gw.vendor.received()).isEmpty();
    gw.vendor.failNext(0, 503); // vendor back
    gw.startServer();
    List<FakeVendor.Received> got = gw.awaitReceived(20);
    assertThat(got.stream().map(r -> r.event().get("event").asText()).distinct()).hasSize(20);
  }

  @Test
  void dataDirectoryHoldsNoPlantedRawValues() throws Exception {
    gw.vendor.failNext(Integer.MAX_VALUE, 503); // keep everything queued in the outbox
    for (int i = 0; i < 5; i++) {
      assertThat(gw.post("/v1/identify", IDENTIFY.replace("m-identify-1", "m-" + i)).statusCode()).isEqualTo(200);
    }
    assertNothingPlantedOnDisk();
    gw.vendor.failNext(Integer.MAX_VALUE, 400); // now refuse for good: all of it becomes dead letters
    TestGateway.await(() -> gw.server().pending("hook") == 0, java.time.Duration.ofSeconds(30), "dead-lettering");
    gw.stopServer();
    assertNothingPlantedOnDisk();
  }

  private void assertNothingPlantedOnDisk() throws Exception {
    try (Stream<Path> files = Files.walk(gw.dataDir())) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertThat(all).isNotEmpty();
      for (Path f : all) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String p : PLANTED) {
          assertThat(content).as("%s must not contain %s", f, p).doesNotContain(p);
        }
        // Minimised items are encrypted too: not even the envelope is readable.
        assertThat(content).as("%s", f).doesNotContain("identify");
      }
    }
  }
}
