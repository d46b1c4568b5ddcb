package dev.sluice.server.vendor.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mixpanel ingestion endpoints over HTTP: formats, flags, answers, and bad input. */
class MixpanelReceiverTest {
  static final String TOKEN = TestGateway.WRITE_KEY;
  static final String TRACK = "{\"event\":\"Order Completed\",\"properties\":{\"token\":\"" + TOKEN + "\",\"distinct_id\":\"u-1\",\"plan\":\"pro\"}}";

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

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl(pathAndQuery))).GET());
  }

  HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl(path))).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void acceptsEveryWayTheSdksSendData() throws Exception {
    assertThat(get("/track?data=" + URLEncoder.encode(b64(TRACK), StandardCharsets.UTF_8) + "&ip=1&verbose=0").body()).isEqualTo("1");
    assertThat(get("/track/?verbose=1&data=" + URLEncoder.encode(TRACK, StandardCharsets.UTF_8)).body()).isEqualTo("{\"status\":1,\"error\":null}");
    // mixpanel-node posts base64 without URL-encoding it
    assertThat(post("/track", "application/x-www-form-urlencoded", "data=" + b64("[" + TRACK + "]")).body()).isEqualTo("1");
    // newer mixpanel-browser posts URL-encoded JSON
    assertThat(post("/track/", "application/x-www-form-urlencoded", "data=" + URLEncoder.encode("[" + TRACK + "]", StandardCharsets.UTF_8) + "&verbose=1").body())
        .isEqualTo("{\"status\":1,\"error\":null}");
    assertThat(post("/track", "application/json", "[" + TRACK + "," + TRACK + "]").body()).isEqualTo("1");
    assertThat(post("/engage", "application/x-www-form-urlencoded", "data=" + b64("{\"$token\":\"" + TOKEN + "\",\"$distinct_id\":\"u-1\",\"$set\":{\"plan\":\"pro\"}}")).body())
        .isEqualTo("1");
    var got = gw.awaitReceived(7);
    assertThat(got).extracting(r -> r.event().get("type").asText()).containsOnly("track", "identify");
    assertThat(got.get(0).event().get("properties").toString()).isEqualTo("{\"plan\":\"pro\"}");
  }

  @Test
  void importAnswersLikeMixpanelIncludingFailedRecords() throws Exception {
    String ok = "{\"event\":\"E\",\"properties\":{\"token\":\"" + TOKEN + "\",\"distinct_id\":\"u\",\"time\":1767225600,\"$insert_id\":\"i-1\"}}";
    String noTime = "{\"event\":\"E\",\"properties\":{\"token\":\"" + TOKEN + "\",\"distinct_id\":\"u\",\"$insert_id\":\"i-2\"}}";
    HttpResponse<String> r = post("/import?strict=1", "application/json", "[" + ok + "]");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"code\":200,\"num_records_imported\":1,\"status\":1}");
    r = post("/import?strict=1", "application/json", "[" + ok + "," + noTime + "]");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode b = Json.MAPPER.readTree(r.body());
    assertThat(b.get("num_records_imported").asInt()).isEqualTo(1);
    assertThat(b.get("failed_records").toString())
        .isEqualTo("[{\"index\":1,\"$insert_id\":\"i-2\",\"field\":\"properties.time\",\"message\":\"'properties.time' is required by /import\"}]");
    // what mixpanel-node (verbose=0) expects
    assertThat(post("/import?verbose=0", "application/x-www-form-urlencoded", "data=" + b64(ok)).body()).isEqualTo("1");
    gw.awaitReceived(3);
  }

  @Test
  void badInputIsAClear4xxNeverA500() throws Exception {
    HttpResponse<String> r = get("/track?data=%25%25garbage");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("0");
    assertThat(r.headers().firstValue("X-Sluice-Error")).hasValue("invalid_data: data is neither JSON nor base64-encoded JSON");
    r = get("/track?verbose=1&data=" + URLEncoder.encode("{\"event\":", StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("status").asInt()).isZero();
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).startsWith("malformed_json: malformed JSON at line 1");
    assertThat(get("/track").statusCode()).isEqualTo(400);
    r = get("/track?verbose=1&data=" + URLEncoder.encode("{\"event\":\"E\",\"properties\":{\"token\":\"nope\"}}", StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown project token");
    r = post("/engage?verbose=1", "application/json", "{\"$token\":\"" + TOKEN + "\",\"$distinct_id\":\"u\",\"$add\":{\"n\":1}}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("'$add' has no Segment identify equivalent");
    r = gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl("/track"))).header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(TRACK)));
    assertThat(r.statusCode()).isEqualTo(403);
    r = post("/import", "application/json", "{");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).get("code").asInt()).isEqualTo(400);
    assertThat(gw.vendor.received()).isEmpty();
  }

  @Test
  void oversizedBatchesNameMixpanelsLimit() throws Exception {
    HttpResponse<String> r = post("/track?verbose=1", "application/json", "[" + (TRACK + ",").repeat(2000) + TRACK + "]");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("Mixpanel accepts at most 2000 records per request");
    String big = "{\"event\":\"E\",\"properties\":{\"token\":\"" + TOKEN + "\",\"pad\":\"" + "x".repeat(8000) + "\"}}";
    r = post("/import", "application/json", "[" + (big + ",").repeat(300) + big + "]");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).contains("bytes");
  }

  @Test
  void browserPreflightIsAnsweredForAllowedOrigins() throws Exception {
    HttpResponse<String> r =
        gw.send(HttpRequest.newBuilder(URI.create(gw.ingestUrl("/track/"))).header("Origin", "https://app.example.com").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
  }

  static boolean anyReceived(FakeVendor v) {
    return !v.received().isEmpty();
  }
}
