package dev.sluice.core.vendor.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder.Decoded;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder.Endpoint;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MixpanelDecoderTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  final AtomicInteger ids = new AtomicInteger();
  final MixpanelDecoder decoder = new MixpanelDecoder(SegmentLimits.DEFAULT, () -> "gen-" + ids.incrementAndGet());

  Decoded decode(Endpoint e, String json) {
    return decoder.decode(e, json.getBytes(StandardCharsets.UTF_8), NOW, "198.51.100.7");
  }

  @Test
  void dataIsBase64OrPlainJson() {
    String json = "{\"event\":\"E\",\"properties\":{\"k\":\"a+b/c?\"}}";
    byte[] expected = json.getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(expected);
    assertThat(MixpanelDecoder.payload(json)).isEqualTo(expected);
    assertThat(MixpanelDecoder.payload(b64)).isEqualTo(expected);
    // a form post that did not URL-encode the base64 (mixpanel-node) turns '+' into ' '
    assertThat(MixpanelDecoder.payload(b64.replace('+', ' '))).isEqualTo(expected);
    assertThat(MixpanelDecoder.payload(Base64.getUrlEncoder().withoutPadding().encodeToString(expected))).isEqualTo(expected);
    assertThatThrownBy(() -> MixpanelDecoder.payload("%%%not data"))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_data"));
  }

  @Test
  void trackMapsToTheSegmentSpec() {
    Decoded d = decode(Endpoint.TRACK, """
        {"event":"Order Completed","properties":{"token":"tok","distinct_id":"u-1","time":1767225600,
         "$insert_id":"ins-1","mp_lib":"node","$lib_version":"0.24.0","ip":"203.0.113.9","plan":"pro"}}""");
    assertThat(d.token()).isEqualTo("tok");
    assertThat(d.failed()).isEmpty();
    Event e = d.accepted().get(0);
    assertThat(e.type()).isEqualTo(EventType.TRACK);
    assertThat(e.messageId()).isEqualTo("ins-1");
    assertThat(e.json().toString()).isEqualTo(
        "{\"type\":\"track\",\"messageId\":\"ins-1\",\"event\":\"Order Completed\",\"userId\":\"u-1\","
            + "\"properties\":{\"plan\":\"pro\"},\"context\":{\"library\":{\"name\":\"node\",\"version\":\"0.24.0\"},\"ip\":\"203.0.113.9\"},"
            + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"originalTimestamp\":\"2026-01-01T00:00:00.000Z\",\"receivedAt\":\"2026-11-25T12:00:00.000Z\"}");
  }

  @Test
  void idsFollowSimplifiedIdMerge() {
    Decoded d = decode(Endpoint.TRACK, """
        [{"event":"A","properties":{"distinct_id":"$device:dev-1","$device_id":"dev-1"}},
         {"event":"B","properties":{"distinct_id":"u-1","$device_id":"dev-1","$user_id":"u-1"}},
         {"event":"C","properties":{"distinct_id":"$device:dev-2"}},
         {"event":"D","properties":{}}]""");
    assertThat(d.accepted()).extracting(e -> e.json().path("userId").asText(null)).containsExactly(null, "u-1", null, null);
    assertThat(d.accepted()).extracting(e -> e.json().path("anonymousId").asText(null)).containsExactly("dev-1", "dev-1", "dev-2", null);
    assertThat(d.accepted()).extracting(Event::messageId).containsExactly("gen-1", "gen-2", "gen-3", "gen-4");
  }

  @Test
  void timeIsSecondsOrMilliseconds() {
    Decoded d = decode(Endpoint.TRACK, """
        [{"event":"s","properties":{"time":1767225600}},{"event":"ms","properties":{"time":1767225600123}},
         {"event":"frac","properties":{"time":1767225600.5}},{"event":"none","properties":{}}]""");
    assertThat(d.accepted()).extracting(e -> e.json().get("timestamp").asText())
        .containsExactly("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.123Z", "2026-01-01T00:00:00.500Z", "2026-11-25T12:00:00.000Z");
    assertThat(d.accepted().get(0).json().path("context").path("ip").asText()).isEqualTo("198.51.100.7");
  }

  @Test
  void importRefusesRecordsWithoutTimeOrDistinctIdAndKeepsTheRest() {
    Decoded d = decode(Endpoint.IMPORT, """
        [{"event":"ok","properties":{"time":1767225600,"distinct_id":"u"}},
         {"event":"no time","properties":{"distinct_id":"u","$insert_id":"i-2"}},
         {"event":"no id","properties":{"time":1767225600}},
         {"properties":{"time":1767225600,"distinct_id":"u"}},
         {"event":"bad time","properties":{"time":"yesterday","distinct_id":"u"}},
         {"event":"far future","properties":{"time":1e300,"distinct_id":"u"}},
         42]""");
    assertThat(d.accepted()).hasSize(1);
    assertThat(d.failed()).extracting(MixpanelDecoder.Failure::index).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(d.failed()).extracting(MixpanelDecoder.Failure::field)
        .containsExactly("properties.time", "properties.distinct_id", "event", "properties.time", "properties.time", "");
    assertThat(d.failed().get(0).insertId()).isEqualTo("i-2");
  }

  @Test
  void engageOperationsBecomeIdentifyTraits() {
    Decoded d = decode(Endpoint.ENGAGE, """
        {"$token":"tok","$distinct_id":"u-1","$ip":"203.0.113.9","$set":{"plan":"pro"},"$set_once":{"plan":"free","first":"2026"},
         "$union":{"tags":["beta"]},"$unset":["old"]}""");
    Event e = d.accepted().get(0);
    assertThat(e.type()).isEqualTo(EventType.IDENTIFY);
    assertThat(e.json().get("userId").asText()).isEqualTo("u-1");
    assertThat(e.json().get("traits").toString()).isEqualTo("{\"plan\":\"pro\",\"tags\":[\"beta\"],\"old\":null,\"first\":\"2026\"}");
    assertThat(e.json().get("context").toString()).isEqualTo("{\"ip\":\"203.0.113.9\"}");
    assertThat(d.token()).isEqualTo("tok");
  }

  @Test
  void profileOperationsWithoutSegmentEquivalentAreRefusedByName() {
    Decoded d = decode(Endpoint.ENGAGE, "[{\"$distinct_id\":\"u\",\"$add\":{\"n\":1}},{\"$distinct_id\":\"u\"},{\"$set\":{\"a\":1}}]");
    assertThat(d.accepted()).isEmpty();
    assertThat(d.failed()).extracting(MixpanelDecoder.Failure::message)
        .containsExactly(
            "profile operation '$add' has no Segment identify equivalent; use $set, $set_once, $union or $unset",
            "no profile operation: send $set, $set_once, $union or $unset",
            "'$distinct_id' is required");
  }

  @Test
  void groupsBecomeGroupEvents() {
    Event e = decode(Endpoint.GROUPS, "{\"$token\":\"t\",\"$group_key\":\"company\",\"$group_id\":\"org-1\",\"$set\":{\"plan\":\"ent\"}}").accepted().get(0);
    assertThat(e.type()).isEqualTo(EventType.GROUP);
    assertThat(e.json().get("groupId").asText()).isEqualTo("org-1");
    assertThat(e.json().get("traits").toString()).isEqualTo("{\"plan\":\"ent\",\"$group_key\":\"company\"}");
  }

  @Test
  void wholeRequestProblemsAreBadInput() {
    assertThatThrownBy(() -> decode(Endpoint.TRACK, "[" + "{\"event\":\"e\"},".repeat(2000) + "{\"event\":\"e\"}]"))
        .isInstanceOfSatisfying(BadInputException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.getMessage()).contains("at most 2000 records");
        });
    assertThatThrownBy(() -> decode(Endpoint.TRACK, "[{\"event\":\"a\",\"properties\":{\"token\":\"x\"}},{\"event\":\"b\",\"properties\":{\"token\":\"y\"}}]"))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.code()).isEqualTo("conflicting_tokens"));
    assertThatThrownBy(() -> decode(Endpoint.TRACK, "{\"event\":"))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
    assertThatThrownBy(() -> decode(Endpoint.TRACK, "\"just a string\""))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.code()).isEqualTo("invalid_data"));
  }
}
