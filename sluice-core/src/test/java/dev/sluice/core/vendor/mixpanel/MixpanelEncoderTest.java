package dev.sluice.core.vendor.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MixpanelEncoderTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  final MixpanelEncoder encoder = new MixpanelEncoder(URI.create("https://api-eu.mixpanel.com/"), "Basic c2E6c2VjcmV0", "3141592", 2000);

  static JsonNode encode(MixpanelEncoder enc, String minimised) throws Exception {
    return Json.MAPPER.readTree(enc.encode((ObjectNode) Json.MAPPER.readTree(minimised)));
  }

  @Test
  void trackBecomesAnImportRecord() throws Exception {
    JsonNode r = encode(encoder, """
        {"type":"track","messageId":"0f8fad5b-d9cb-469f-a165-70867728950e","timestamp":"2026-01-01T00:00:00.123Z","event":"Order Completed",
         "userId":"ps1_1_user","anonymousId":"ps1_1_anon","properties":{"plan":"pro","time":"theirs"},
         "context":{"ip":"203.0.113.0","library":{"name":"node","version":"1"}}}""");
    assertThat(r.toString()).isEqualTo(
        "{\"event\":\"Order Completed\",\"properties\":{\"time\":1767225600123,\"distinct_id\":\"ps1_1_user\",\"$user_id\":\"ps1_1_user\","
            + "\"$device_id\":\"ps1_1_anon\",\"$insert_id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"ip\":\"203.0.113.0\","
            + "\"mp_lib\":\"node\",\"$lib_version\":\"1\",\"plan\":\"pro\"}}");
  }

  @Test
  void otherTypesUseMixpanelEventConventions() throws Exception {
    assertThat(encode(encoder, "{\"type\":\"track\",\"messageId\":\"m\",\"timestamp\":\"2026-01-01\",\"event\":\"E\",\"anonymousId\":\"a\"}").get("properties").toString())
        .isEqualTo("{\"time\":1767225600000,\"distinct_id\":\"$device:a\",\"$device_id\":\"a\",\"$insert_id\":\"m\"}");
    JsonNode page = encode(encoder, "{\"type\":\"page\",\"messageId\":\"m\",\"userId\":\"u\",\"context\":{\"page\":{\"url\":\"https://x.test/p\"}}}");
    assertThat(page.get("event").asText()).isEqualTo("Loaded a Page");
    assertThat(page.get("properties").get("$current_url").asText()).isEqualTo("https://x.test/p");
    JsonNode identify = encode(encoder, "{\"type\":\"identify\",\"messageId\":\"m\",\"userId\":\"u\",\"traits\":{\"plan\":\"pro\"}}");
    assertThat(identify.get("event").asText()).isEqualTo("$identify");
    assertThat(identify.get("properties").get("plan").asText()).isEqualTo("pro");
    JsonNode group = encode(encoder, "{\"type\":\"group\",\"messageId\":\"m\",\"groupId\":\"g\",\"traits\":{\"$group_key\":\"company\"}}");
    assertThat(group.get("event").asText()).isEqualTo("$group");
    assertThat(group.get("properties").get("$group_id").asText()).isEqualTo("g");
    JsonNode alias = encode(encoder, "{\"type\":\"alias\",\"messageId\":\"m\",\"userId\":\"new\",\"previousId\":\"old\"}");
    assertThat(alias.get("event").asText()).isEqualTo("$create_alias");
    assertThat(alias.get("properties").get("distinct_id").asText()).isEqualTo("old");
    assertThat(alias.get("properties").get("alias").asText()).isEqualTo("new");
  }

  @Test
  void insertIdsMeetMixpanelsRuleAndAreStable() {
    assertThat(MixpanelEncoder.insertId("0f8fad5b-d9cb-469f-a165-70867728950e")).isEqualTo("0f8fad5b-d9cb-469f-a165-70867728950e");
    String hashed = MixpanelEncoder.insertId("not/a valid:id because it is far too long for mixpanel");
    assertThat(hashed).matches("[0-9a-f]{32}").isEqualTo(MixpanelEncoder.insertId("not/a valid:id because it is far too long for mixpanel"));
  }

  @Test
  void framesAStrictImportWithProjectIdAndAuth() {
    VendorRequest req = encoder.frame(List.of("{\"a\":1}".getBytes(), "{\"b\":2}".getBytes()), NOW);
    assertThat(req.uri().toString()).isEqualTo("https://api-eu.mixpanel.com/import?strict=1&project_id=3141592");
    assertThat(req.headers()).containsEntry("Authorization", "Basic c2E6c2VjcmV0").containsEntry("Content-Type", "application/json");
    assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},{\"b\":2}]");
    assertThat(encoder.limits().maxItems()).isEqualTo(2000);
    assertThat(encoder.limits().maxBytes()).isEqualTo(2 * 1024 * 1024);
  }

  static VendorResponse answer(int status, String body) {
    return new VendorResponse(status, Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void failedRecordsArePartialSuccessNamingTheFieldNotTheMessage() {
    DeliveryOutcome o = encoder.interpret(answer(400, """
        {"code":400,"error":"some data points in the request failed validation","status":"Bad Request","num_records_imported":2,
         "failed_records":[{"index":1,"insert_id":"x","field":"properties.time","message":"'properties.time' is invalid: jane@example.com"}]}"""), NOW);
    assertThat(o).isEqualTo(new DeliveryOutcome.Partial(Map.of(1, "Mixpanel refused the record (properties.time)"), false));
    assertThat(encoder.interpret(answer(400, "{\"code\":400,\"error\":\"bad\"}"), NOW)).isInstanceOf(DeliveryOutcome.Rejected.class);
    assertThat(encoder.interpret(answer(400, "<html>"), NOW)).isInstanceOf(DeliveryOutcome.Rejected.class);
    assertThat(encoder.interpret(answer(200, "{\"code\":200,\"num_records_imported\":2,\"status\":\"OK\"}"), NOW)).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(encoder.interpret(answer(429, ""), NOW)).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(encoder.interpret(answer(502, ""), NOW)).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(encoder.interpret(answer(401, ""), NOW)).isInstanceOf(DeliveryOutcome.Rejected.class);
  }
}
