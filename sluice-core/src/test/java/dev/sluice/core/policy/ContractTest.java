package dev.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Location;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.keys.Pseudonymizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContractTest {
  /** A transparent stand-in so expected values are readable; the real PRF is tested separately. */
  static final class TaggingPseudonymizer implements Pseudonymizer {
    @Override
    public String pseudonym(String value) {
      return "ps(" + value.length() + ")";
    }

    @Override
    public UUID idempotencyId(String messageId) {
      return UUID.nameUUIDFromBytes(messageId.getBytes());
    }

    @Override
    public int epoch() {
      return 1;
    }
  }

  static Contract contract(String... patternActionPairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < patternActionPairs.length; i += 2) {
      m.put(patternActionPairs[i], patternActionPairs[i + 1]);
    }
    List<Rule> rules = new ArrayList<>();
    int line = 1;
    for (var e : m.entrySet()) {
      rules.add(
          new Rule(
              PathPattern.parse(e.getKey()),
              Action.byName(e.getValue()),
              new Location("sluice.yaml", line++, 7)));
    }
    return ContractCompiler.compile("vendor", rules, new TaggingPseudonymizer());
  }

  static Event event(String json) throws Exception {
    ObjectNode node = (ObjectNode) Json.MAPPER.readTree(json);
    return new Event(
        EventType.fromWire(node.get("type").asText()), node.get("messageId").asText(), node);
  }

  static final String TRACK =
      """
      {"type":"track","messageId":"m-1","timestamp":"2026-11-25T10:00:00.000Z","event":"Signed Up",
       "userId":"user-42","anonymousId":"anon-7",
       "properties":{"plan":"pro","email":"jane@example.com","seats":3,
                     "products":[{"sku":"A1","owner":"Jane Doe"},{"sku":"B2","owner":"John Roe"}],
                     "nested":{"deep":{"x":1}}},
       "context":{"ip":"203.0.113.9","page":{"path":"/pricing","url":"https://x.test/?email=j@x.test"},
                  "userAgent":"Mozilla/5.0"}}
      """;

  @Test
  void defaultDenyKeepsOnlyTheEnvelope() throws Exception {
    ObjectNode out = contract().apply(event(TRACK));
    assertThat(out.properties().stream().map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("type", "messageId", "timestamp", "event");
    assertThat(out.get("event").asText()).isEqualTo("Signed Up");
    assertThat(out.get("messageId").asText())
        .isEqualTo(UUID.nameUUIDFromBytes("m-1".getBytes()).toString());
  }

  @Test
  void keepsNamedFieldsAndPseudonymisesIdentities() throws Exception {
    ObjectNode out =
        contract(
                "userId", "pseudonymize",
                "anonymousId", "pseudonymize",
                "properties.plan", "keep",
                "context.page.path", "keep")
            .apply(event(TRACK));
    assertThat(Json.MAPPER.writeValueAsString(out))
        .isEqualTo(
            "{\"type\":\"track\",\"messageId\":\""
                + UUID.nameUUIDFromBytes("m-1".getBytes())
                + "\",\"timestamp\":\"2026-11-25T10:00:00.000Z\",\"event\":\"Signed Up\","
                + "\"userId\":\"ps(7)\",\"anonymousId\":\"ps(6)\","
                + "\"properties\":{\"plan\":\"pro\"},\"context\":{\"page\":{\"path\":\"/pricing\"}}}");
  }

  @Test
  void singleStarMatchesOneLevelOnly() throws Exception {
    ObjectNode out = contract("properties.*", "keep").apply(event(TRACK));
    // * names one level; an object under it is governed as a whole (subtree rule).
    assertThat(out.at("/properties/plan").asText()).isEqualTo("pro");
    assertThat(out.at("/properties/nested/deep/x").asInt()).isEqualTo(1);
    assertThat(out.has("context")).isFalse();
  }

  @Test
  void doubleStarMatchesAnyDepthAndMoreSpecificDropWins() throws Exception {
    ObjectNode out =
        contract("properties.**", "keep", "properties.email", "drop", "**.owner", "pseudonymize")
            .apply(event(TRACK));
    assertThat(out.at("/properties/email").isMissingNode()).isTrue();
    assertThat(out.at("/properties/seats").asInt()).isEqualTo(3);
    // "**.owner" (1+3=4) ties "properties.**" (3+1=4): the more protective action wins.
    assertThat(out.at("/properties/products/0/owner").asText()).isEqualTo("ps(8)");
    assertThat(out.at("/properties/products/1/sku").asText()).isEqualTo("B2");
  }

  @Test
  void arraysAreTransparentInPaths() throws Exception {
    ObjectNode out = contract("properties.products.sku", "keep").apply(event(TRACK));
    assertThat(out.at("/properties/products").toString())
        .isEqualTo("[{\"sku\":\"A1\"},{\"sku\":\"B2\"}]");
  }

  @Test
  void objectPathGovernsItsSubtree() throws Exception {
    ObjectNode out = contract("context.page", "keep").apply(event(TRACK));
    assertThat(out.at("/context/page/url").asText()).isEqualTo("https://x.test/?email=j@x.test");
    assertThat(out.at("/context/ip").isMissingNode()).isTrue();
  }

  @Test
  void pseudonymisingAnObjectPseudonymisesEveryLeaf() throws Exception {
    ObjectNode out = contract("properties.products", "pseudonymize").apply(event(TRACK));
    assertThat(out.at("/properties/products/0/sku").asText()).isEqualTo("ps(2)");
    assertThat(out.at("/properties/products/1/owner").asText()).isEqualTo("ps(8)");
  }

  @Test
  void globalDoubleStarKeepCanBeNarrowedByDrop() throws Exception {
    ObjectNode out = contract("**", "keep", "context.ip", "drop").apply(event(TRACK));
    assertThat(out.at("/context/ip").isMissingNode()).isTrue();
    assertThat(out.at("/context/userAgent").asText()).isEqualTo("Mozilla/5.0");
    assertThat(out.get("userId").asText()).isEqualTo("user-42");
  }

  @Test
  void doesNotShareMutableNodesWithTheInput() throws Exception {
    Event e = event(TRACK);
    ObjectNode out = contract("properties", "keep").apply(e);
    ((ObjectNode) out.get("properties")).put("plan", "changed");
    assertThat(e.json().at("/properties/plan").asText()).isEqualTo("pro");
  }

  @Test
  void warnsWhenIdentityFieldsAreKeptRaw() {
    Contract c = contract("userId", "keep", "traits.**", "keep", "**", "drop");
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0)).contains("sluice.yaml:1:7").contains("'userId'");
    assertThat(contract("userId", "pseudonymize").warnings()).isEmpty();
  }

  @Test
  void decidingRuleExplainsAConcretePath() {
    Contract c = contract("properties.*", "keep", "properties.email", "drop");
    assertThat(c.decidingRule("properties.email").action()).isEqualTo(Action.DROP);
    assertThat(c.decidingRule("properties.plan").action()).isEqualTo(Action.KEEP);
    assertThat(c.decidingRule("traits.plan")).isNull();
  }

  @Test
  void rejectsMalformedPatterns() {
    for (String bad : new String[] {"", "a..b", "a.b c", "a.***", "a.b*"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PathPattern.parse(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
