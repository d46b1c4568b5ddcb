package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every class of bad input gets a clear JSON 4xx naming the problem; never a 500. */
class BadInputHttpTest {
  @TempDir static Path dir;
  static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = TestGateway.start(dir, TestGateway.DEFAULT_CONTRACT, "limits:\n  maxEventBytes: 2KB\n  maxBatchBytes: 8KB\n  maxDepth: 8\n");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(gw.ingestUrl(path)));
  }

  static JsonNode expect(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    return body;
  }

  static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return gw.send(
        req(path)
            .header("Content-Type", contentType)
            .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void missingWriteKeyIs401() throws Exception {
    expect(gw.send(req("/v1/track").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}"))), 401, "unauthorized");
  }

  @Test
  void unknownWriteKeyIs401() throws Exception {
    expect(gw.send(req("/v1/track").header("Authorization", TestGateway.basic("nope"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}"))), 401, "unauthorized");
  }

  @Test
  void unknownWriteKeyInBodyIs401() throws Exception {
    expect(gw.send(req("/v1/track").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"nope\",\"userId\":\"u\",\"event\":\"E\"}"))), 401, "unauthorized");
  }

  @Test
  void malformedJsonNamesThePosition() throws Exception {
    JsonNode b = expect(post("/v1/track", "application/json", "{\"userId\":\"u\",\n \"event\": }"), 400, "malformed_json");
    assertThat(b.get("message").asText()).contains("line 2");
  }

  @Test
  void wrongFieldTypeIs400() throws Exception {
    JsonNode b = expect(post("/v1/track", "application/json", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":[1,2]}"), 400, "invalid_field");
    assertThat(b.get("message").asText()).contains("properties");
  }

  @Test
  void trackWithoutEventNameIs400() throws Exception {
    JsonNode b = expect(post("/v1/track", "application/json", "{\"userId\":\"u\"}"), 400, "missing_field");
    assertThat(b.get("message").asText()).contains("event");
  }

  @Test
  void oversizeEventIs413() throws Exception {
    expect(post("/v1/track", "application/json", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"" + "a".repeat(3000) + "\"}}"), 413, "too_large");
  }

  @Test
  void unsupportedMediaTypeIs415() throws Exception {
    expect(post("/v1/track", "application/xml", "<track/>"), 415, "unsupported_media_type");
  }

  @Test
  void gzipThatIsNotGzipIs400() throws Exception {
    expect(gw.send(req("/v1/track").header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}"))), 400, "bad_gzip");
  }

  /** Found by ReceiverFuzzTest: Jackson guessed UTF-32 from leading NULs, and the 503 said "storage". */
  @Test
  void bytesThatLookLikeUtf32AreA400NotAStorageFailure() throws Exception {
    byte[] body = new byte[64];
    body[7] = 'p';
    body[6] = 'q';
    body[5] = 'e';
    body[4] = 'v';
    expect(gw.send(req("/v1/track").header("Content-Type", "application/json")
        .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))), 400, "invalid_encoding");
  }

  @Test
  void tooDeepIs400() throws Exception {
    String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
    expect(post("/v1/track", "application/json", "{\"userId\":\"u\",\"event\":\"E\",\"properties\":" + deep + "}"), 400, "too_deep");
  }

  @Test
  void unknownPathIsJson404() throws Exception {
    expect(post("/v1/nope", "application/json", "{}"), 404, "not_found");
  }

  @Test
  void corsPreflightAnsweredForAllowedOriginOnly() throws Exception {
    HttpResponse<String> ok = gw.send(req("/v1/t").header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(ok.statusCode()).isBetween(200, 204);
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    // mixpanel-browser sends withCredentials: without this the browser hides the answer and the SDK retries
    assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    HttpResponse<String> denied = gw.send(req("/v1/t").header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(denied.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void requestFromAnOriginTheSourceDoesNotAllowIs403() throws Exception {
    expect(gw.send(req("/v1/track").header("Origin", "https://evil.example").header("Content-Type", "text/plain")
        .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}"))), 403, "origin_not_allowed");
  }

  @Test
  void rejectionsAreCountedInMetrics() throws Exception {
    post("/v1/track", "application/json", "{");
    HttpResponse<String> m = gw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.server().adminPort() + "/metrics")).GET());
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).contains("sluice_events_rejected_total{reason=\"malformed_json\"}");
  }
}
