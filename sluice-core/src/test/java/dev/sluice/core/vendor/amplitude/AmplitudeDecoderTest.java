package dev.sluice.core.vendor.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.vendor.amplitude.AmplitudeDecoder.Decoded;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AmplitudeDecoderTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  final AmplitudeDecoder decoder = new AmplitudeDecoder(SegmentLimits.DEFAULT, () -> "generated");

  Decoded decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), NOW, "198.51.100.7");
  }

  @Test
  void trackMapsToTheSegmentSpec() {
    Decoded d = decode("""
        {"api_key":"key-1","events":[{"event_type":"Order Completed","user_id":"user-1","device_id":"device-1","time":1767225600123,
          "insert_id":"ins-1","event_properties":{"plan":"pro"},"user_properties":{"$set":{"a":1}},"os_name":"Linux","city":"Oslo",
          "library":"amplitude-node-ts/1.5.73","session_id":42}]}""");
    assertThat(d.apiKey()).isEqualTo("key-1");
    assertThat(d.error()).isNull();
    Event e = d.accepted().get(0);
    assertThat(e.type()).isEqualTo(EventType.TRACK);
    assertThat(e.messageId()).isEqualTo("ins-1");
    assertThat(e.json().toString()).isEqualTo(
        "{\"type\":\"track\",\"messageId\":\"ins-1\",\"event\":\"Order Completed\",\"userId\":\"user-1\",\"anonymousId\":\"device-1\","
            + "\"properties\":{\"plan\":\"pro\"},\"context\":{\"library\":{\"name\":\"amplitude-node-ts/1.5.73\"},\"os\":{\"name\":\"Linux\"},"
            + "\"location\":{\"city\":\"Oslo\"},\"ip\":\"198.51.100.7\",\"amplitude\":{\"session_id\":42,\"user_properties\":{\"$set\":{\"a\":1}}}},"
            + "\"timestamp\":\"2026-01-01T00:00:00.123Z\",\"originalTimestamp\":\"2026-01-01T00:00:00.123Z\",\"receivedAt\":\"2026-11-25T12:00:00.000Z\"}");
  }

  @Test
  void identifyAndGroupIdentifyBecomeIdentifyAndGroup() {
    Decoded d = decode("""
        {"api_key":"k","events":[
          {"event_type":"$identify","user_id":"user-1","user_properties":{"$set":{"plan":"pro"},"$setOnce":{"plan":"free","first":"x"},"$unset":{"old":"-"}}},
          {"event_type":"$groupidentify","user_id":"user-1","groups":{"company":"org-1"},"group_properties":{"$set":{"plan":"ent"}}}]}""");
    assertThat(d.accepted()).extracting(Event::type).containsExactly(EventType.IDENTIFY, EventType.GROUP);
    assertThat(d.accepted().get(0).json().get("traits").toString()).isEqualTo("{\"plan\":\"pro\",\"old\":null,\"first\":\"x\"}");
    assertThat(d.accepted().get(1).json().get("groupId").asText()).isEqualTo("org-1");
    assertThat(d.accepted().get(1).json().get("traits").toString()).isEqualTo("{\"plan\":\"ent\",\"$group_key\":\"company\"}");
  }

  @Test
  void anInvalidEventRefusesTheRequestWithIndicesLikeAmplitude() {
    Decoded d = decode("""
        {"api_key":"k","events":[{"event_type":"ok","user_id":"user-1"},{"user_id":"user-1"},{"event_type":"e"},
          {"event_type":"e","user_id":"abc"},{"event_type":"e","device_id":"device-1","time":"soon"},
          {"event_type":"$identify","user_id":"user-1","user_properties":{"$add":{"n":1}}}]}""");
    assertThat(d.accepted()).isEmpty();
    assertThat(d.error().toString()).isEqualTo(
        "{\"code\":400,\"error\":\"Invalid field values on some events\",\"events_with_invalid_fields\":{\"time\":[4],\"user_properties\":[5]},"
            + "\"events_with_missing_fields\":{\"event_type\":[1],\"user_id\":[2]},\"events_with_invalid_id_lengths\":{\"user_id\":[3]}}");
  }

  @Test
  void minIdLengthIsHonoured() {
    assertThat(decode("{\"api_key\":\"k\",\"options\":{\"min_id_length\":1},\"events\":[{\"event_type\":\"e\",\"user_id\":\"u\"}]}").accepted()).hasSize(1);
  }

  @Test
  void wholeRequestProblemsNameTheMissingField() {
    assertThat(decode("{\"events\":[]}").error().toString())
        .isEqualTo("{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}");
    assertThat(decode("{\"api_key\":\"k\"}").error().get("missing_field").asText()).isEqualTo("events");
    assertThat(decode("[]").error().get("missing_field").asText()).isEqualTo("events");
    assertThatThrownBy(() -> decode("{\"api_key\":\"k\",\"events\":[" + "{},".repeat(2000) + "{}]}"))
        .isInstanceOfSatisfying(BadInputException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.getMessage()).contains("at most 2000 events");
        });
    assertThatThrownBy(() -> decode("{\"api_key\":"))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
  }
}
