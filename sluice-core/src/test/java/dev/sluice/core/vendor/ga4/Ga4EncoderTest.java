package dev.sluice.core.vendor.ga4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.event.Json;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given a minimised event, GA4 gets an event that meets its rules, and every change is counted. */
class Ga4EncoderTest {
  final Ga4Encoder encoder = new Ga4Encoder(URI.create("https://ga.example"), "G-ABC1234", "s3cret&x", 25);

  static ObjectNode event(String json) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  static JsonNode item(byte[] b) throws Exception {
    return Json.MAPPER.readTree(b);
  }

  @Test
  void namesAreMadeAcceptableAndCounted() throws Exception {
    String long45 = "a".repeat(45);
    JsonNode out = item(encoder.encode(event("""
        {"type":"track","messageId":"m1","timestamp":"2026-11-25T10:00:00.123Z","event":"session_start",
         "anonymousId":"ps1_1_x","properties":{"ga_source":"x","9lives":1,"%s":2,"ok":true,"nested":{"a-b":"c"},"tags":["a"]}}
        """.formatted(long45))));
    JsonNode e = out.get("event");
    assertThat(e.get("name").asText()).isEqualTo("x_session_start");
    assertThat(e.get("timestamp_micros").asLong()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z").toEpochMilli() * 1000);
    assertThat(e.get("params").toString())
        .isEqualTo("{\"x_ga_source\":\"x\",\"x_9lives\":1,\"" + "a".repeat(40) + "\":2,\"ok\":\"true\",\"nested_a_b\":\"c\"}");
    assertThat(encoder.adjustments().count(Ga4Encoder.EVENT_RENAMED)).isEqualTo(1);
    assertThat(encoder.adjustments().count(Ga4Encoder.PARAM_RENAMED)).isEqualTo(4);
    assertThat(encoder.adjustments().count(Ga4Encoder.PARAM_TYPE)).isEqualTo(1); // the array
    assertThat(out.get("client_id").asText()).isEqualTo("ps1_1_x");
    assertThat(out.has("user_id")).isFalse(); // the contract did not keep userId
  }

  @Test
  void valuesAndCountsAreCutToGa4Limits() throws Exception {
    StringBuilder props = new StringBuilder("\"long\":\"" + "v".repeat(120) + "\",\"page_title\":\"" + "t".repeat(310) + "\"");
    for (int i = 0; i < 30; i++) {
      props.append(",\"p").append(i).append("\":").append(i);
    }
    JsonNode out = item(encoder.encode(event("""
        {"type":"identify","messageId":"m1","userId":"ps1_1_u","traits":{"favourite_colour_of_the_user":"blue","bio":"%s"},
         "properties":{%s}}
        """.formatted("b".repeat(50), props))));
    JsonNode params = out.get("event").get("params");
    assertThat(out.get("event").get("name").asText()).isEqualTo("identify");
    assertThat(params.size()).isEqualTo(25);
    assertThat(params.get("long").asText()).hasSize(100);
    assertThat(params.get("page_title").asText()).hasSize(300);
    assertThat(encoder.adjustments().count(Ga4Encoder.VALUE_TRUNCATED)).isEqualTo(2);
    assertThat(encoder.adjustments().count(Ga4Encoder.PARAM_OVER_LIMIT)).isEqualTo(7);
    assertThat(out.get("user_properties").toString())
        .isEqualTo("{\"favourite_colour_of_the_\":{\"value\":\"blue\"},\"bio\":{\"value\":\"" + "b".repeat(36) + "\"}}");
    assertThat(encoder.adjustments().count(Ga4Encoder.USER_PROPERTY_RENAMED)).isEqualTo(1);
    assertThat(encoder.adjustments().count(Ga4Encoder.USER_PROPERTY_TRUNCATED)).isEqualTo(1);
    assertThat(out.get("client_id").asText()).isEqualTo("ps1_1_u");
    assertThat(out.get("user_id").asText()).isEqualTo("ps1_1_u");
  }

  @Test
  void aliasHasNoGa4FormAndIsCountedNotQueued() throws Exception {
    assertThat(encoder.encode(event("{\"type\":\"alias\",\"messageId\":\"m\",\"userId\":\"u\",\"previousId\":\"p\"}"))).isNull();
    assertThat(encoder.adjustments().count(Ga4Encoder.UNSUPPORTED_TYPE)).isEqualTo(1);
  }

  @Test
  void oneRequestCarriesOneClientAndAtMost25Events() throws Exception {
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(encoder.encode(event("{\"type\":\"track\",\"messageId\":\"m" + i + "\",\"event\":\"e\",\"anonymousId\":\"c1\",\"context\":{\"traits\":{\"plan\":\"p" + i + "\"}}}")));
    }
    assertThat(encoder.fitInOneRequest(items)).isEqualTo(25);
    List<byte[]> mixed = List.of(items.get(0), items.get(1), encoder.encode(event("{\"type\":\"track\",\"messageId\":\"x\",\"event\":\"e\",\"anonymousId\":\"c2\"}")), items.get(2));
    assertThat(encoder.fitInOneRequest(mixed)).isEqualTo(2);

    VendorRequest req = encoder.frame(items.subList(0, 3), Instant.EPOCH);
    assertThat(req.uri().toString()).isEqualTo("https://ga.example/mp/collect?measurement_id=G-ABC1234&api_secret=s3cret%26x");
    JsonNode body = Json.MAPPER.readTree(req.body());
    assertThat(body.get("client_id").asText()).isEqualTo("c1");
    assertThat(body.get("events").size()).isEqualTo(3);
    assertThat(body.get("user_properties").toString()).isEqualTo("{\"plan\":{\"value\":\"p2\"}}"); // the latest wins
  }

  @Test
  void anEventWithoutIdsIsLinkedToNoOne() throws Exception {
    JsonNode out = item(encoder.encode(event("{\"type\":\"page\",\"messageId\":\"6f1c0e0a-0000-4000-8000-000000000000\",\"context\":{\"page\":{\"url\":\"https://x.example/a\",\"title\":\"A\"},\"locale\":\"en\"}}")));
    assertThat(out.get("client_id").asText()).isEqualTo("6f1c0e0a-0000-4000-8000-000000000000");
    assertThat(out.get("event").toString()).isEqualTo("{\"name\":\"page_view\",\"params\":{\"page_location\":\"https://x.example/a\",\"page_title\":\"A\"}}");
    assertThat(encoder.adjustments().count(Ga4Encoder.UNMAPPED)).isEqualTo(1); // context.locale
  }
}
