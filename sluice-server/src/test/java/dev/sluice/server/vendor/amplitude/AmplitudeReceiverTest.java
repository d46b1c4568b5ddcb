package dev.sluice.server.vendor.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Amplitude's HTTP V2 and Batch endpoints over HTTP: answers in Amplitude's shapes, bad input. */
class AmplitudeReceiverTest {
  static final String EVENT = "{\"event_type\":\"Order Completed\",\"user_id\":\"user-1\",\"event_properties\":{\"plan\":\"pro\"}}";

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

  HttpResponse<String> post(String path, String body) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl(path))).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static String upload(String... events) {
    return "{\"api_key\":\"" + TestGateway.WRITE_KEY + "\",\"events\":[" + String.join(",", events) + "]}";
  }

  @Test
  void httpApiAndBatchApiAnswerLikeAmplitude() throws Exception {
    String body = upload(EVENT, EVENT);
    HttpResponse<String> r = post("/2/httpapi", body);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode b = Json.MAPPER.readTree(r.body());
    assertThat(b.get("code").asInt()).isEqualTo(200);
    assertThat(b.get("events_ingested").asInt()).isEqualTo(2);
    assertThat(b.get("payload_size_bytes").asInt()).isEqualTo(body.length());
    assertThat(b.get("server_upload_time").asLong()).isPositive();
    assertThat(post("/amplitude/batch", upload(EVENT)).statusCode()).isEqualTo(200);
    var got = gw.awaitReceived(3);
    assertThat(got.get(0).event().get("event").asText()).isEqualTo("Order Completed");
    assertThat(got.get(0).event().get("properties").toString()).isEqualTo("{\"plan\":\"pro\"}");
  }

  @Test
  void invalidEventsRefuseTheRequestWithTheirIndices() throws Exception {
    HttpResponse<String> r = post("/2/httpapi", upload(EVENT, "{\"user_id\":\"user-1\"}", "{\"event_type\":\"e\",\"user_id\":\"u\"}"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(
        "{\"code\":400,\"error\":\"Invalid field values on some events\",\"events_with_missing_fields\":{\"event_type\":[1]},"
            + "\"events_with_invalid_id_lengths\":{\"user_id\":[2]}}");
    assertThat(gw.server().metrics().count("sluice.events.accepted", "source", "web")).isZero(); // nothing ingested, like Amplitude
  }

  @Test
  void wholeRequestRefusalsAreFinalForTheSdk() throws Exception {
    HttpResponse<String> r = post("/2/httpapi", "{\"events\":[" + EVENT + "]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}");
    r = post("/2/httpapi", "{\"api_key\":\"nope\",\"events\":[" + EVENT + "]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).startsWith("Invalid API key");
    r = post("/2/httpapi", "{\"api_key\":");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode b = Json.MAPPER.readTree(r.body());
    assertThat(b.get("error").asText()).startsWith("malformed JSON at line 1");
    assertThat(b.get("missing_field").asText()).isEqualTo("events");
    r = gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl("/2/httpapi"))).header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(upload(EVENT))));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).startsWith("Invalid API key for this origin");
    assertThat(gw.vendor.received()).isEmpty();
  }

  @Test
  void oversizedUploadsNameAmplitudesLimit() throws Exception {
    HttpResponse<String> r = post("/2/httpapi", upload((EVENT + ",").repeat(2000) + EVENT));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).isEqualTo("Payload too large: Amplitude accepts at most 2000 events per request");
    String big = "{\"event_type\":\"e\",\"user_id\":\"user-1\",\"event_properties\":{\"pad\":\"" + "x".repeat(8000) + "\"}}";
    r = post("/2/httpapi", upload((big + ",").repeat(140) + big));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).isEqualTo("Payload too large: Amplitude accepts at most 1048576 bytes per request");
  }
}
