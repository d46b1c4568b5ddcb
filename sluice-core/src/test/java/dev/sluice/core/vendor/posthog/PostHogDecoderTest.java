package dev.sluice.core.vendor.posthog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Given a PostHog body, the canonical events hold its fields where the Segment Spec puts them. */
class PostHogDecoderTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  final PostHogDecoder decoder = new PostHogDecoder(SegmentLimits.DEFAULT, () -> "generated-id");

  Decoded decode(String json) {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), null, NOW, "192.0.2.1");
  }

  @Test
  void posthogJsArrayMapsToCanonicalEvents() {
    Decoded d = decode("""
        [{"event":"$identify","uuid":"u-1","timestamp":"2026-11-25T11:00:00Z",
          "properties":{"distinct_id":"user_1","token":"phc_k","$anon_distinct_id":"anon_1","$set":{"plan":"pro"},"$set_once":{"first":"x"},"$current_url":"https://a.example/p","$lib":"web"}},
         {"event":"$pageview","properties":{"distinct_id":"anon_1","token":"phc_k","$is_identified":false,"$pathname":"/p","$browser":"Chrome"}},
         {"event":"Clicked","properties":{"distinct_id":"user_1","token":"phc_k","$set":{"plan":"max"},"button":"buy"}}]
        """);
    assertThat(d.writeKey()).isEqualTo("phc_k");
    assertThat(d.rejected()).isEmpty();
    Event identify = d.accepted().get(0);
    assertThat(identify.type()).isEqualTo(EventType.IDENTIFY);
    assertThat(identify.messageId()).isEqualTo("u-1");
    assertThat(identify.json().get("userId").asText()).isEqualTo("user_1");
    assertThat(identify.json().get("anonymousId").asText()).isEqualTo("anon_1");
    assertThat(identify.json().get("traits").toString()).isEqualTo("{\"plan\":\"pro\"}");
    assertThat(identify.json().get("properties").toString()).isEqualTo("{\"$set_once\":{\"first\":\"x\"}}");
    assertThat(identify.json().at("/context/page/url").asText()).isEqualTo("https://a.example/p");
    assertThat(identify.json().at("/context/library/name").asText()).isEqualTo("web");
    assertThat(identify.json().get("timestamp").asText()).isEqualTo("2026-11-25T11:00:00.000Z");

    Event page = d.accepted().get(1);
    assertThat(page.type()).isEqualTo(EventType.PAGE);
    assertThat(page.json().get("anonymousId").asText()).isEqualTo("anon_1");
    assertThat(page.json().has("userId")).isFalse();
    assertThat(page.json().at("/context/page/path").asText()).isEqualTo("/p");
    assertThat(page.json().get("properties").toString()).isEqualTo("{\"$browser\":\"Chrome\"}");
    assertThat(page.messageId()).isEqualTo("generated-id");

    Event track = d.accepted().get(2);
    assertThat(track.type()).isEqualTo(EventType.TRACK);
    assertThat(track.json().get("event").asText()).isEqualTo("Clicked");
    assertThat(track.json().at("/context/traits/plan").asText()).isEqualTo("max");
    assertThat(track.json().at("/context/ip").asText()).isEqualTo("192.0.2.1");
  }

  @Test
  void oneBadEventIsRefusedAndTheRestAccepted() {
    Decoded d = decode("{\"api_key\":\"phc_k\",\"batch\":[{\"event\":\"a\"},{\"event\":\"b\",\"distinct_id\":\"u\"},{\"distinct_id\":\"u\"}]}");
    assertThat(d.accepted()).hasSize(1);
    assertThat(d.rejected()).extracting(r -> r.index() + ":" + r.code()).containsExactly("0:missing_distinct_id", "2:missing_event_name");
  }

  @Test
  void differingKeysInOneRequestAreA401() {
    assertThatThrownBy(() -> decode("[{\"event\":\"a\",\"distinct_id\":\"u\",\"api_key\":\"k1\"},{\"event\":\"a\",\"distinct_id\":\"u\",\"properties\":{\"token\":\"k2\"}}]"))
        .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.status()).isEqualTo(401));
  }
}
