package dev.sluice.core.vendor.mixpanel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.vendor.TestContracts;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder.Endpoint;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An event received as Mixpanel and sent on to Mixpanel comes out equivalent after the contract:
 * same name, time and kept properties; ids are the contract's pseudonyms, the insert id the
 * destination's idempotency id of the one received.
 */
class MixpanelRoundTripTest {
  final MixpanelDecoder decoder = new MixpanelDecoder(SegmentLimits.DEFAULT, () -> "generated");
  final MixpanelEncoder encoder = new MixpanelEncoder(URI.create("https://api.mixpanel.com"), "Basic eA==", null, 2000);
  final Contract contract =
      TestContracts.contract("userId", "pseudonymize", "anonymousId", "pseudonymize", "properties.**", "keep", "context.library.**", "keep");

  @Test
  void trackRecordsSurviveTheTrip() throws Exception {
    String in = """
        [{"event":"Order Completed","properties":{"token":"tok","time":1767225600123,"distinct_id":"user-1","$insert_id":"ins-1",
          "plan":"pro","revenue":129.5,"items":[{"sku":"A"}],"mp_lib":"node","$lib_version":"0.24.0"}},
         {"event":"Viewed Pricing","properties":{"token":"tok","time":1767225601000,"distinct_id":"$device:dev-1","$device_id":"dev-1","$insert_id":"ins-2","plan":"free"}},
         {"event":"Signed Up","properties":{"token":"tok","time":1767225602000,"distinct_id":"user-1","$user_id":"user-1","$device_id":"dev-1","$insert_id":"ins-3"}}]""";
    JsonNode records = Json.MAPPER.readTree(in);
    List<Event> events = decoder.decode(Endpoint.IMPORT, in.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-25T12:00:00Z"), null).accepted();
    assertThat(events).hasSize(3);
    for (int i = 0; i < 3; i++) {
      ObjectNode sent = (ObjectNode) Json.MAPPER.readTree(encoder.encode(contract.apply(events.get(i))));
      assertThat(sent.toString()).isEqualTo(expected((ObjectNode) records.get(i)).toString());
    }
  }

  /** The received record as the contract should change it: ids pseudonymised, token dropped. */
  static ObjectNode expected(ObjectNode record) {
    ObjectNode out = record.deepCopy();
    ObjectNode p = (ObjectNode) out.get("properties");
    p.remove("token");
    for (String id : new String[] {"distinct_id", "$user_id", "$device_id"}) {
      String v = p.path(id).asText(null);
      if (v != null) {
        p.put(id, v.startsWith("$device:") ? "$device:" + ps(v.substring(8)) : ps(v));
      }
    }
    p.put("$insert_id", TestContracts.PSEUDONYMS.idempotencyId(p.get("$insert_id").asText()).toString());
    // the encoder writes the envelope first, then the rest in the order received
    ObjectNode ordered = Json.MAPPER.createObjectNode();
    for (String k : new String[] {"time", "distinct_id", "$user_id", "$device_id", "$insert_id", "mp_lib", "$lib_version"}) {
      if (p.has(k)) {
        ordered.set(k, p.get(k));
      }
    }
    p.properties().forEach(f -> ordered.putIfAbsent(f.getKey(), f.getValue()));
    out.set("properties", ordered);
    return out;
  }

  static String ps(String id) {
    return TestContracts.PSEUDONYMS.pseudonym(id);
  }
}
