package dev.sluice.core.vendor.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.vendor.TestContracts;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AmplitudeEncoderTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  final AmplitudeEncoder encoder = new AmplitudeEncoder(URI.create("https://api.eu.amplitude.com"), "key\"1", 1000, 5);

  JsonNode encode(String minimised) throws Exception {
    return Json.MAPPER.readTree(encoder.encode((ObjectNode) Json.MAPPER.readTree(minimised)));
  }

  @Test
  void eventsUseAmplitudeFieldsAndConventions() throws Exception {
    assertThat(encode("""
        {"type":"track","messageId":"m-1","timestamp":"2026-01-01T00:00:00.123Z","event":"E","userId":"ps1_1_u","anonymousId":"ps1_1_a",
         "properties":{"plan":"pro"},"context":{"ip":"203.0.113.0","os":{"name":"Linux"},"amplitude":{"session_id":42,"time":1}}}""").toString())
        .isEqualTo("{\"event_type\":\"E\",\"user_id\":\"ps1_1_u\",\"device_id\":\"ps1_1_a\",\"time\":1767225600123,\"insert_id\":\"m-1\","
            + "\"event_properties\":{\"plan\":\"pro\"},\"ip\":\"203.0.113.0\",\"os_name\":\"Linux\",\"session_id\":42}");
    assertThat(encode("{\"type\":\"page\",\"messageId\":\"m\",\"userId\":\"u\"}").get("event_type").asText()).isEqualTo("[Amplitude] Page Viewed");
    assertThat(encode("{\"type\":\"screen\",\"messageId\":\"m\",\"userId\":\"u\"}").get("event_type").asText()).isEqualTo("[Amplitude] Screen Viewed");
    JsonNode identify = encode("{\"type\":\"identify\",\"messageId\":\"m\",\"userId\":\"u\",\"traits\":{\"plan\":\"pro\",\"old\":null}}");
    assertThat(identify.get("event_type").asText()).isEqualTo("$identify");
    assertThat(identify.get("user_properties").toString()).isEqualTo("{\"$set\":{\"plan\":\"pro\"},\"$unset\":{\"old\":\"-\"}}");
    JsonNode group = encode("{\"type\":\"group\",\"messageId\":\"m\",\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"plan\":\"ent\"}}");
    assertThat(group.get("groups").toString()).isEqualTo("{\"group\":\"g\"}");
    assertThat(group.get("group_properties").toString()).isEqualTo("{\"$set\":{\"plan\":\"ent\"}}");
    JsonNode alias = encode("{\"type\":\"alias\",\"messageId\":\"m\",\"userId\":\"new\",\"previousId\":\"old\"}");
    assertThat(alias.get("event_type").asText()).isEqualTo("Alias");
    assertThat(alias.get("event_properties").get("previous_id").asText()).isEqualTo("old");
  }

  @Test
  void framesAnHttpV2Upload() {
    VendorRequest req = encoder.frame(List.of("{\"a\":1}".getBytes()), NOW);
    assertThat(req.uri().toString()).isEqualTo("https://api.eu.amplitude.com/2/httpapi");
    assertThat(new String(req.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"api_key\":\"key\\\"1\",\"events\":[{\"a\":1}],\"options\":{\"min_id_length\":5}}");
    assertThat(encoder.limits().maxItems()).isEqualTo(1000);
    assertThat(encoder.limits().maxBytes()).isEqualTo(1024 * 1024);
  }

  static VendorResponse answer(int status, String body) {
    return new VendorResponse(status, Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidEventsAreParkedAndTheRestResent() {
    DeliveryOutcome o = encoder.interpret(answer(400, """
        {"code":400,"error":"Invalid field values on some events","events_with_invalid_fields":{"time":[0]},
         "events_with_missing_fields":{"event_type":[2]},"events_with_invalid_id_lengths":{"user_id":[3]},"silenced_events":[4]}"""), NOW);
    assertThat(o).isEqualTo(new DeliveryOutcome.Partial(Map.of(
        0, "Amplitude refused the event: invalid time",
        2, "Amplitude refused the event: missing event_type",
        3, "Amplitude refused the event: id too short: user_id",
        4, "Amplitude silenced the event"), true));
    assertThat(encoder.interpret(answer(400, "{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}"), NOW))
        .isEqualTo(new DeliveryOutcome.Rejected("HTTP 400 from Amplitude: missing api_key"));
    assertThat(encoder.interpret(answer(413, "{\"code\":413}"), NOW)).isInstanceOf(DeliveryOutcome.Rejected.class);
    assertThat(encoder.interpret(answer(429, "{\"code\":429}"), NOW)).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(encoder.interpret(answer(200, "{\"code\":200}"), NOW)).isEqualTo(DeliveryOutcome.DELIVERED);
  }

  @Test
  void roundTripKeepsWhatTheContractKeeps() throws Exception {
    String in = """
        {"event_type":"Order Completed","user_id":"user-1","device_id":"device-1","time":1767225600123,"insert_id":"ins-1",
         "event_properties":{"plan":"pro","revenue":129.5},"os_name":"Linux","session_id":42}""";
    Event e = new AmplitudeDecoder(SegmentLimits.DEFAULT, () -> "g")
        .decode(("{\"api_key\":\"k\",\"events\":[" + in + "]}").getBytes(StandardCharsets.UTF_8), NOW, null).accepted().get(0);
    Contract c = TestContracts.contract("userId", "pseudonymize", "anonymousId", "pseudonymize", "properties.**", "keep", "context.os.name", "keep",
        "context.amplitude.session_id", "keep");
    ObjectNode out = (ObjectNode) Json.MAPPER.readTree(encoder.encode(c.apply(e)));
    ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(in);
    expected.put("user_id", TestContracts.PSEUDONYMS.pseudonym("user-1"));
    expected.put("device_id", TestContracts.PSEUDONYMS.pseudonym("device-1"));
    expected.put("insert_id", TestContracts.PSEUDONYMS.idempotencyId("ins-1").toString());
    assertThat(out).isEqualTo(expected);
  }
}
