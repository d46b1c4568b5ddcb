package dev.sluice.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The privacy-safe projection and the k-anonymity figures computed on it. */
class KAnonymityTest {
  private static Map<String, String> qi(String json) throws Exception {
    JsonNode n = Json.MAPPER.readTree(json);
    return QuasiIdentifiers.of(n);
  }

  @Test
  void theProjectionDropsIdentifiersCoarsensTimeAndHidesValues() throws Exception {
    Map<String, String> r = qi("""
        {"type":"track","event":"Order","messageId":"0d1f-1","userId":"ps1_1_AbCdEfGhIjKlMnOpQrStUv",
         "timestamp":"2026-11-25T18:04:11.123Z","properties":{"plan":"enterprise-gold","items":["a","b"]},
         "context":{"ip":"DE","userAgent":"Chrome 129"}}""");
    assertThat(r.keySet()).containsExactly(
        "context.ip", "context.userAgent", "properties.items[0]", "properties.items[1]", "properties.plan", "timestamp");
    assertThat(r.toString()).doesNotContain("enterprise-gold", "ps1_", "Chrome", "DE");
    Map<String, String> sameHour = qi("{\"timestamp\":\"2026-11-25T18:59:00Z\"}");
    Map<String, String> nextHour = qi("{\"timestamp\":\"2026-11-25T19:00:00Z\"}");
    assertThat(sameHour.get("timestamp")).isEqualTo(r.get("timestamp"));
    assertThat(nextHour.get("timestamp")).isNotEqualTo(r.get("timestamp"));
  }

  @Test
  void kIsTheSmallestClassAndUniqueRecordsAreCounted() throws Exception {
    List<Map<String, String>> sample = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sample.add(qi("{\"context\":{\"ip\":\"DE\"},\"properties\":{\"plan\":\"pro\"}}"));
    }
    for (int i = 0; i < 3; i++) {
      sample.add(qi("{\"context\":{\"ip\":\"FR\"},\"properties\":{\"plan\":\"pro\"}}"));
    }
    sample.add(qi("{\"context\":{\"ip\":\"IS\"},\"properties\":{\"plan\":\"enterprise\"}}"));
    sample.add(qi("{\"context\":{\"ip\":\"LI\"},\"properties\":{\"plan\":\"pro\"}}"));
    KAnonymity k = KAnonymity.of(sample);
    assertThat(k.records()).isEqualTo(10);
    assertThat(k.classes()).isEqualTo(4);
    assertThat(k.k()).isEqualTo(1);
    assertThat(k.unique()).isEqualTo(2);
    assertThat(k.uniqueShare()).isEqualTo(0.2);
    assertThat(k.smallest()).containsExactly(Map.entry(1L, 2L), Map.entry(3L, 1L), Map.entry(5L, 1L));
    assertThat(k.paths()).containsExactly("context.ip", "properties.plan");

    // Generalising the rare countries away raises k.
    sample.replaceAll(r -> Map.of("properties.plan", r.get("properties.plan")));
    KAnonymity coarse = KAnonymity.of(sample);
    assertThat(coarse.k()).isEqualTo(1);
    assertThat(coarse.unique()).isEqualTo(1);
    assertThat(KAnonymity.of(List.of())).isEqualTo(KAnonymity.EMPTY);
  }
}
