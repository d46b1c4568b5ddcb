package dev.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.fakevendor.FakeVendor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GA4 has no official Node SDK for the Measurement Protocol, so this sends the request shapes of
 * Google's own documentation ("Send Measurement Protocol events", "Validate events") and checks
 * that the fake GA4 gets Google's format with only what the contract allows, and that names GA4
 * would silently drop are renamed and counted.
 */
class Ga4MeasurementProtocolTest {
  static final String GA4_CONTRACT =
      """
      userId: pseudonymize
      anonymousId: pseudonymize
      properties.session_id: keep
      properties.engagement_time_msec: keep
      properties.group_id: keep
      properties.currency: keep
      properties.value: keep
      properties.items.item_id: keep
      properties.items.price: keep
      properties.order-id: keep
      properties.note: keep
      context.traits.plan: keep
      context.page.title: keep
      """;
  static final String COLLECT = "/mp/collect?measurement_id=" + PostHogGa4Gateway.MEASUREMENT_ID + "&api_secret=" + PostHogGa4Gateway.API_SECRET;

  @TempDir Path dir;

  @Test
  void documentedRequestThroughSluiceToGa4() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, "userId: pseudonymize\n", GA4_CONTRACT)) {
      String body =
          """
          {
            "client_id": "1234567890.1700000000",
            "user_id": "user_8412",
            "timestamp_micros": 1764064800000000,
            "user_properties": { "plan": { "value": "pro" }, "email": { "value": "jane.doe@example.com" } },
            "events": [
              { "name": "tutorial_begin", "params": { "session_id": "1700000000", "engagement_time_msec": 100 } },
              { "name": "join_group", "params": { "group_id": "G_12345" } },
              { "name": "page_view", "params": { "page_location": "https://app.example.com/pricing?email=jane.doe@example.com", "page_title": "Pricing" } },
              { "name": "purchase", "timestamp_micros": 1764064801000000,
                "params": { "currency": "USD", "value": 129.5, "email": "jane.doe@example.com", "items": [ { "item_id": "SKU_1", "item_name": "Jane's plan", "price": 129.5 } ] } }
            ]
          }
          """;
      // Google's own examples post without a Content-Type (fetch then says text/plain).
      HttpResponse<String> r = gw.post(COLLECT, null, body.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      assertThat(r.body()).isEmpty();

      List<FakeVendor.Received> got = gw.awaitReceived("/mp/collect", 4);
      assertThat(got).hasSize(4);
      List<FakeVendor.Request> requests = gw.vendor.requests().stream().filter(q -> q.path().equals("/mp/collect")).toList();
      assertThat(requests).hasSize(1); // one client, one request
      FakeVendor.Request req = requests.get(0);
      assertThat(req.query()).isEqualTo("measurement_id=G-VENDOR999&api_secret=" + PostHogGa4Gateway.VENDOR_SECRET);
      ObjectNode sent = req.body();
      assertThat(fieldNames(sent)).containsExactly("client_id", "user_id", "user_properties", "events");
      assertThat(sent.get("client_id").asText()).matches("ps1_1_[A-Za-z0-9_-]{22}");
      assertThat(sent.get("user_id").asText()).matches("ps1_1_.*").isNotEqualTo(sent.get("client_id").asText());
      assertThat(sent.get("user_properties").toString()).isEqualTo("{\"plan\":{\"value\":\"pro\"}}");

      Map<String, JsonNode> byName = got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("name").asText(), Function.identity()));
      assertThat(byName.get("tutorial_begin").toString())
          .isEqualTo("{\"name\":\"tutorial_begin\",\"params\":{\"session_id\":\"1700000000\",\"engagement_time_msec\":100},\"timestamp_micros\":1764064800000000}");
      assertThat(byName.get("join_group").get("params").toString()).isEqualTo("{\"group_id\":\"G_12345\"}");
      assertThat(byName.get("page_view").get("params").toString()).isEqualTo("{\"page_title\":\"Pricing\"}");
      JsonNode purchase = byName.get("purchase");
      assertThat(purchase.get("params").toString())
          .isEqualTo("{\"currency\":\"USD\",\"value\":129.5,\"items\":[{\"item_id\":\"SKU_1\",\"price\":129.5}]}");
      assertThat(purchase.get("timestamp_micros").asLong()).isEqualTo(1764064801000000L);
      assertThat(sent.toString()).doesNotContain("user_8412", "1234567890.1700000000", "jane.doe", "Jane");
    }
  }

  @Test
  void namesGa4WouldDropAreRenamedAndCounted() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, "userId: pseudonymize\n", GA4_CONTRACT)) {
      String longNote = "n".repeat(150);
      String body =
          """
          {"client_id":"c1","events":[{"name":"Order Completed","params":{"order-id":"A-1","note":"%s"}}]}
          """.formatted(longNote);
      assertThat(gw.post(COLLECT, "application/json", body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(204);
      JsonNode e = gw.awaitReceived("/mp/collect", 1).get(0).event();
      assertThat(e.get("name").asText()).isEqualTo("Order_Completed");
      assertThat(e.get("params").get("order_id").asText()).isEqualTo("A-1");
      assertThat(e.get("params").get("note").asText()).isEqualTo("n".repeat(100));
      String metrics = gw.server().metrics().scrape();
      assertThat(metrics).contains("sluice_encoder_adjusted_total{destination=\"ga4\",reason=\"event_name_renamed\"} 1.0");
      assertThat(metrics).contains("sluice_encoder_adjusted_total{destination=\"ga4\",reason=\"param_name_renamed\"} 1.0");
      assertThat(metrics).contains("sluice_encoder_adjusted_total{destination=\"ga4\",reason=\"param_value_truncated\"} 1.0");
    }
  }

  @Test
  void debugEndpointAnswersLikeGooglesValidationServer() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, "userId: pseudonymize\n", GA4_CONTRACT)) {
      String bad = "{\"client_id\":\"c1\",\"events\":[{\"name\":\"_badEventName\"},{\"name\":\"session_start\"},{\"name\":\"ok\",\"params\":{\"ga_x\":1}}]}";
      HttpResponse<String> r = gw.post("/debug/" + COLLECT.substring(1), "application/json", bad.getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode messages = Json.MAPPER.readTree(r.body()).get("validationMessages");
      assertThat(messages.toString())
          .isEqualTo(
              "[{\"fieldPath\":\"events\",\"description\":\"Event at index: [0] has invalid name [_badEventName]. Names must start with an alphabetic character.\",\"validationCode\":\"NAME_INVALID\"},"
                  + "{\"fieldPath\":\"events\",\"description\":\"Event at index: [1] has name [session_start] which is reserved.\",\"validationCode\":\"NAME_RESERVED\"},"
                  + "{\"fieldPath\":\"events[2].params.ga_x\",\"description\":\"Event param [ga_x] is reserved.\",\"validationCode\":\"NAME_RESERVED\"}]");
      HttpResponse<String> ok = gw.post("/debug" + COLLECT, "application/json", "{\"client_id\":\"c1\",\"events\":[{\"name\":\"login\"}]}".getBytes(StandardCharsets.UTF_8));
      assertThat(ok.body()).isEqualTo("{\"validationMessages\":[]}");
      Thread.sleep(Duration.ofMillis(300));
      assertThat(gw.vendor.received()).isEmpty(); // validation only, like Google's
    }
  }

  @Test
  void badRequestsGetClearFourHundreds() throws Exception {
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, "userId: pseudonymize\n", GA4_CONTRACT)) {
      byte[] one = "{\"client_id\":\"c1\",\"events\":[{\"name\":\"login\"}]}".getBytes(StandardCharsets.UTF_8);
      assertError(gw.post("/mp/collect?measurement_id=" + PostHogGa4Gateway.MEASUREMENT_ID, null, one), 401, "unauthorized", "api_secret are required");
      assertError(gw.post("/mp/collect?measurement_id=G-OTHER&api_secret=" + PostHogGa4Gateway.API_SECRET, null, one), 401, "unauthorized", "unknown measurement_id:api_secret pair");
      assertError(gw.post(COLLECT, null, "{\"client_id\":".getBytes(StandardCharsets.UTF_8)), 400, "malformed_json", "malformed JSON");
      assertError(gw.post(COLLECT, null, "{\"events\":[{\"name\":\"login\"}]}".getBytes(StandardCharsets.UTF_8)), 400, "missing_field", "client_id");
      String many = "{\"client_id\":\"c1\",\"events\":[" + "{\"name\":\"e\"},".repeat(25) + "{\"name\":\"e\"}]}";
      assertError(gw.post(COLLECT, null, many.getBytes(StandardCharsets.UTF_8)), 413, "too_many_events", "at most 25 events");
      String huge = "{\"client_id\":\"c1\",\"events\":[{\"name\":\"e\",\"params\":{\"p\":\"" + "x".repeat(131_000) + "\"}}]}";
      assertError(gw.post(COLLECT, null, huge.getBytes(StandardCharsets.UTF_8)), 413, "too_large", "130 kB");
      assertThat(gw.vendor.received()).isEmpty();
    }
  }

  static void assertError(HttpResponse<String> r, int status, String code, String messagePart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode b = Json.MAPPER.readTree(r.body());
    assertThat(b.get("success").asBoolean()).isFalse();
    assertThat(b.get("code").asText()).isEqualTo(code);
    assertThat(b.get("message").asText()).contains(messagePart);
  }

  private static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }

}
