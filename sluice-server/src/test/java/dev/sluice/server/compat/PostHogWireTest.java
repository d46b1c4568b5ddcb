package dev.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostHog's capture transports (posthog-js's gzip without Content-Encoding, base64 form bodies,
 * bare arrays with the token in properties, single events), its answers to bad input, and the
 * round trip: an event received as PostHog and sent on to PostHog comes out as it came in, as
 * far as the contract keeps it.
 */
class PostHogWireTest {
  static final String KEEP_ALL =
      """
      userId: keep
      anonymousId: keep
      groupId: keep
      previousId: keep
      name: keep
      traits.**: keep
      properties.**: keep
      context.page.**: keep
      context.library.**: keep
      context.os.**: keep
      context.traits.**: keep
      """;
  static final String KEY = PostHogGa4Gateway.PROJECT_KEY;

  @TempDir Path dir;

  @Test
  void roundTripPostHogToPostHogIsEquivalent() throws Exception {
    String events =
        """
        [
          {"event":"$identify","distinct_id":"u1","timestamp":"2026-11-25T10:00:00.000Z","uuid":"01900000-0000-7000-8000-000000000001",
           "properties":{"$set":{"plan":"pro"},"$set_once":{"first_plan":"free"},"$anon_distinct_id":"a1","$lib":"web","$lib_version":"1.2.3"}},
          {"event":"signed up","distinct_id":"u1","timestamp":"2026-11-25T10:00:01.000Z","uuid":"01900000-0000-7000-8000-000000000002",
           "properties":{"plan":"pro","seats":3,"$set":{"plan":"pro"},"$os":"Mac OS X","$os_version":"14.1"}},
          {"event":"$pageview","distinct_id":"a1","timestamp":"2026-11-25T10:00:02.000Z","uuid":"01900000-0000-7000-8000-000000000003",
           "properties":{"$current_url":"https://app.example.com/pricing","$pathname":"/pricing","$title":"Pricing","$is_identified":false}},
          {"event":"$screen","distinct_id":"u1","timestamp":"2026-11-25T10:00:03.000Z","uuid":"01900000-0000-7000-8000-000000000004",
           "properties":{"$screen_name":"Home"}},
          {"event":"$groupidentify","distinct_id":"u1","timestamp":"2026-11-25T10:00:04.000Z","uuid":"01900000-0000-7000-8000-000000000005",
           "properties":{"$group_type":"company","$group_key":"org_1","$group_set":{"plan":"enterprise"}}},
          {"event":"$create_alias","distinct_id":"u1","timestamp":"2026-11-25T10:00:05.000Z","uuid":"01900000-0000-7000-8000-000000000006",
           "properties":{"alias":"a1"}}
        ]
        """;
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, KEEP_ALL, "anonymousId: pseudonymize\n")) {
      String body = "{\"api_key\":\"" + KEY + "\",\"batch\":" + events + "}";
      HttpResponse<String> r = gw.post("/batch/", "application/json", body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"status\":1}");
      List<ObjectNode> out = sorted(gw.awaitReceived("/batch/", 6));
      List<ObjectNode> in = new ArrayList<>();
      Json.MAPPER.readTree(events).forEach(e -> in.add((ObjectNode) e));
      for (int i = 0; i < in.size(); i++) {
        ObjectNode expected = in.get(i);
        ObjectNode actual = out.get(i);
        assertThat(actual.get("event")).isEqualTo(expected.get("event"));
        assertThat(actual.get("distinct_id")).isEqualTo(expected.get("distinct_id"));
        assertThat(actual.get("timestamp")).isEqualTo(expected.get("timestamp"));
        assertThat(asMap(actual.get("properties"))).as(expected.get("event").asText()).isEqualTo(asMap(expected.get("properties")));
        assertThat(actual.get("uuid").asText()).matches("[0-9a-f-]{36}").isNotEqualTo(expected.get("uuid").asText());
      }

      // The same batch again (an SDK retry) carries the same uuids out: PostHog de-duplicates.
      gw.post("/batch/", "application/json", body.getBytes(StandardCharsets.UTF_8));
      List<ObjectNode> again = sorted(gw.awaitReceived("/batch/", 12)).subList(0, 12);
      for (int i = 0; i < 6; i++) {
        assertThat(again.get(2 * i).get("uuid")).isEqualTo(again.get(2 * i + 1).get("uuid"));
      }
    }
  }

  @Test
  void posthogJsTransportsAreUnderstood() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, KEEP_ALL, "anonymousId: pseudonymize\n")) {
      String array = "[{\"event\":\"clicked\",\"properties\":{\"distinct_id\":\"u1\",\"token\":\"" + KEY + "\",\"$ip\":\"198.51.100.7\"}}]";
      // gzip with no Content-Encoding: posthog-js says so in the query instead
      HttpResponse<String> gz = gw.post("/e/?compression=gzip-js&ver=1.200.0", "text/plain", gzip(array));
      assertThat(gz.statusCode()).as(gz.body()).isEqualTo(200);
      // gzip with the header, on the newer path
      HttpResponse<String> gzh = gw.post("/i/v0/e/", "application/json", gzip(array), "Content-Encoding", "gzip");
      assertThat(gzh.statusCode()).as(gzh.body()).isEqualTo(200);
      // base64 form body
      String form = "data=" + URLEncoder.encode(Base64.getEncoder().encodeToString(array.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      HttpResponse<String> f = gw.post("/e", "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
      assertThat(f.statusCode()).as(f.body()).isEqualTo(200);
      // the documented single-event capture API, key as api_key
      String single = "{\"api_key\":\"" + KEY + "\",\"event\":\"clicked\",\"distinct_id\":\"u1\",\"properties\":{}}";
      HttpResponse<String> s = gw.post("/capture/", "application/json", single.getBytes(StandardCharsets.UTF_8));
      assertThat(s.statusCode()).as(s.body()).isEqualTo(200);

      for (ObjectNode e : sorted(gw.awaitReceived("/batch/", 4))) {
        assertThat(e.get("event").asText()).isEqualTo("clicked");
        assertThat(e.get("distinct_id").asText()).isEqualTo("u1");
        assertThat(e.get("properties").toString()).isEqualTo("{}"); // the token is not a property
      }
    }
  }

  @Test
  void badInputIsAnsweredAsPostHogDoesNeverWithA500() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, KEEP_ALL, "anonymousId: pseudonymize\n")) {
      byte[] noKey = "{\"batch\":[{\"event\":\"e\",\"distinct_id\":\"u1\"}]}".getBytes(StandardCharsets.UTF_8);
      assertPostHogError(gw.post("/batch/", "application/json", noKey), 401, "authentication_error", "missing project API key");
      byte[] badKey = "{\"api_key\":\"phc_nope\",\"batch\":[{\"event\":\"e\",\"distinct_id\":\"u1\"}]}".getBytes(StandardCharsets.UTF_8);
      assertPostHogError(gw.post("/batch/", "application/json", badKey), 401, "authentication_error", "unknown project API key");
      byte[] twoKeys = ("{\"api_key\":\"" + KEY + "\",\"batch\":[{\"event\":\"e\",\"distinct_id\":\"u1\",\"api_key\":\"phc_other\"}]}").getBytes(StandardCharsets.UTF_8);
      assertPostHogError(gw.post("/batch/", "application/json", twoKeys), 401, "authentication_error", "inconsistent api_key");
      assertPostHogError(gw.post("/batch/", "application/json", "{\"api_key\":".getBytes(StandardCharsets.UTF_8)), 400, "validation_error", "malformed JSON at line 1");
      byte[] noDistinct = ("{\"api_key\":\"" + KEY + "\",\"batch\":[{\"event\":\"e\"}]}").getBytes(StandardCharsets.UTF_8);
      assertPostHogError(gw.post("/batch/", "application/json", noDistinct), 400, "validation_error", "without a distinct_id");
      assertPostHogError(gw.post("/e/?compression=gzip-js", "text/plain", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}), 400, "validation_error", "not valid gzip");
      assertPostHogError(gw.post("/e", "application/x-www-form-urlencoded", "data=%%%".getBytes(StandardCharsets.UTF_8)), 400, "validation_error", "not valid URL encoding");
      String many = "{\"api_key\":\"" + KEY + "\",\"batch\":[" + "{\"event\":\"e\",\"distinct_id\":\"u\"},".repeat(2500) + "{\"event\":\"e\",\"distinct_id\":\"u\"}]}";
      assertPostHogError(gw.post("/batch/", "application/json", many.getBytes(StandardCharsets.UTF_8)), 413, "validation_error", "more than 2500 events");
      byte[] amplitude = "{\"api_key\":\"amp_key\",\"events\":[{\"event_type\":\"e\",\"user_id\":\"u1\"}]}".getBytes(StandardCharsets.UTF_8);
      assertPostHogError(gw.post("/batch", "application/json", amplitude), 400, "validation_error", "/amplitude/batch");
      assertThat(gw.vendor.received()).isEmpty();
    }
  }

  static void assertPostHogError(HttpResponse<String> r, int status, String type, String detailPart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode b = Json.MAPPER.readTree(r.body());
    assertThat(b.get("type").asText()).isEqualTo(type);
    assertThat(b.get("detail").asText()).contains(detailPart);
    assertThat(b.get("code").asText()).isNotBlank();
    assertThat(b.has("attr")).isTrue();
  }

  private static List<ObjectNode> sorted(List<dev.sluice.server.fakevendor.FakeVendor.Received> got) {
    return got.stream().map(dev.sluice.server.fakevendor.FakeVendor.Received::event)
        .sorted(Comparator.comparing((ObjectNode e) -> e.get("timestamp").asText()).thenComparing(e -> e.get("uuid").asText()))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(JsonNode n) {
    return Json.MAPPER.convertValue(n, Map.class);
  }

  private static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
