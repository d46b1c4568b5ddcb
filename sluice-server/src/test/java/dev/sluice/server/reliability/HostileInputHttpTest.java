package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's hostile-input list, through the real HTTP receivers: each case gets a clear JSON 4xx
 * naming the problem, or is accepted and handled without letting the hostile part through. Every
 * refusal is checked for the JSON error shape, so a 500 or an HTML error page fails the test.
 */
class HostileInputHttpTest {
  @TempDir static Path dir;
  static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = TestGateway.start(dir, TestGateway.DEFAULT_CONTRACT + "    properties.email: keep\n", "");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static HttpResponse<String> post(String path, byte[] body, String contentEncoding) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(java.net.URI.create(gw.ingestUrl(path)))
            .header("Content-Type", "application/json")
            .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentEncoding != null) {
      b.header("Content-Encoding", contentEncoding);
    }
    return gw.send(b);
  }

  static HttpResponse<String> post(String json) throws Exception {
    return post("/v1/track", json.getBytes(StandardCharsets.UTF_8), null);
  }

  static String refused(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("success").asBoolean(true)).isFalse();
    assertThat(body.path("message").asText()).isNotBlank();
    return body.path("code").asText();
  }

  @Test
  void decompressionBombIsRefusedBeforeItIsInflated() throws Exception {
    // 64 MB of zeros inside a JSON string compresses to ~64 KB: far under the wire limit.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"".getBytes(StandardCharsets.UTF_8));
      byte[] zeros = new byte[1 << 20];
      java.util.Arrays.fill(zeros, (byte) '0');
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
      gz.write("\"}}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(out.size()).isLessThan(200_000);
    assertThat(refused(post("/v1/batch", out.toByteArray(), "gzip"), 413)).isEqualTo("too_large");
  }

  @Test
  void hugeStringValueIsRefusedNamingTheLimit() throws Exception {
    HttpResponse<String> r = post("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"" + "a".repeat(20_000) + "\"}}");
    assertThat(refused(r, 400)).isEqualTo("string_too_long");
    assertThat(r.body()).contains("8192").contains("properties.x");
  }

  @Test
  void duplicateKeysAreRefused() throws Exception {
    // Two values for one key: which one a contract saw and which one a vendor parses would differ.
    assertThat(refused(post("{\"userId\":\"u\",\"event\":\"E\",\"userId\":\"v\"}"), 400)).isNotBlank();
  }

  @Test
  void numbersBeyondDoubleRangeAreRefused() throws Exception {
    assertThat(refused(post("{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"n\":1e400}}"), 400)).isEqualTo("invalid_number");
  }

  @Test
  void invalidUtf8IsRefused() throws Exception {
    byte[] head = "{\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
    body[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, body, head.length + 2, tail.length);
    assertThat(refused(post("/v1/track", body, null), 400)).isNotBlank();
  }

  @Test
  void nulBytesInsideValuesAreHandledNotStoredRaw() throws Exception {
    int before = gw.vendor.received().size();
    HttpResponse<String> r = post("{\"userId\":\"u-nul\",\"event\":\"E\",\"properties\":{\"plan\":\"pro\\u0000x\",\"email\":\"jane\\u0000@example.com\"}}");
    if (r.statusCode() == 200) {
      var got = gw.awaitReceived(before + 1).get(before).event();
      assertThat(got.path("properties").path("plan").asText()).isEqualTo("pro\u0000x");
      assertThat(got.toString()).doesNotContain("jane");
    } else {
      refused(r, 400);
    }
  }

  @Test
  void lookAlikeFieldNamesDoNotPassForAllowedOnes() throws Exception {
    int before = gw.vendor.received().size();
    // Cyrillic 'е' (U+0435) in "еmail": not the contract's properties.email, so default deny drops it.
    String email = "lookalike." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {7, 7, 7}) + "@example.com";
    HttpResponse<String> r = post("{\"userId\":\"u-look\",\"event\":\"E\",\"properties\":{\"\u0435mail\":\"" + email + "\",\"plan\":\"pro\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var got = gw.awaitReceived(before + 1).get(before).event();
    assertThat(got.path("properties").has("\u0435mail")).isFalse();
    assertThat(got.toString()).doesNotContain(email).doesNotContain("lookalike");
    assertThat(got.path("properties").path("plan").asText()).isEqualTo("pro");
  }
}
