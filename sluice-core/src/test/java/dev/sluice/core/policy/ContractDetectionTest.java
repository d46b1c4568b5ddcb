package dev.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Location;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.GeneralizeContext;
import dev.sluice.core.generalize.Generalizers;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Given this event, this contract and what detection finds, the vendor gets this. */
class ContractDetectionTest {
  static final EventScanner SCANNER = new EventScanner(new TextScanner());
  static final GeneralizeContext GEO =
      new GeneralizeContext(
          (InetAddress a) -> a.getHostAddress().startsWith("203.0.113") ? "FR" : null,
          () -> LocalDate.of(2026, 11, 25));

  static final String EVENT =
      """
      {"type":"track","messageId":"m-1","timestamp":"2026-11-25T10:00:00.000Z",
       "event":"Invite sent to jane.doe@example.com","userId":"user-42",
       "properties":{"subject":"Cannot log in, my email is jane.doe@example.com","plan":"pro",
                     "password":"hunter2","age":37,
                     "url":"https://app.example.com/reset?email=jane.doe%40example.com&plan=pro"},
       "context":{"ip":"203.0.113.9",
                  "userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"}}
      """;

  record Seen(String path, Set<Category> categories, Outcome outcome) {}

  static final class Recorder implements FlowObserver {
    final List<Seen> seen = new ArrayList<>();
    Set<Category> dropped;

    @Override
    public void field(String path, Set<Category> categories, Outcome outcome) {
      seen.add(new Seen(path, categories, outcome));
    }

    @Override
    public void eventDropped(Set<Category> categories) {
      dropped = categories;
    }

    Seen at(String path) {
      return seen.stream().filter(s -> s.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError("no report for " + path + " in " + seen));
    }
  }

  static Event event() throws Exception {
    ObjectNode n = (ObjectNode) Json.MAPPER.readTree(EVENT);
    return new Event(EventType.TRACK, "m-1", n);
  }

  static Contract contract(OnPii onPii, Object... patternAction) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < patternAction.length; i += 2) {
      Object a = patternAction[i + 1];
      Action action = a instanceof Action x ? x : Action.byName((String) a);
      rules.add(new Rule(PathPattern.parse((String) patternAction[i]), action, new Location("t.yaml", i + 1, 1)));
    }
    return ContractCompiler.compile("vendor", rules, onPii, new ContractTest.TaggingPseudonymizer());
  }

  static ObjectNode apply(Contract c, Recorder r) throws Exception {
    Event e = event();
    EventFindings f = SCANNER.scan(e);
    return c.apply(e, f, r);
  }

  @Test
  void keptFreeTextIsRedactedByDefault() throws Exception {
    Recorder r = new Recorder();
    ObjectNode out = apply(contract(OnPii.REDACT, "properties.subject", "keep", "properties.plan", "keep"), r);
    assertThat(out.at("/properties/subject").asText()).isEqualTo("Cannot log in, my email is [email]");
    assertThat(out.at("/properties/plan").asText()).isEqualTo("pro");
    assertThat(out.get("event").asText()).isEqualTo("Invite sent to [email]");
    assertThat(r.at("properties.subject").outcome()).isEqualTo(Outcome.REDACTED);
    assertThat(r.at("properties.subject").categories()).containsExactly(Category.EMAIL);
    assertThat(r.at("properties.plan").outcome()).isEqualTo(Outcome.SENT);
  }

  @Test
  void urlsKeepTheirStructure() throws Exception {
    ObjectNode out = apply(contract(OnPii.REDACT, "properties.url", "keep"), new Recorder());
    assertThat(out.at("/properties/url").asText())
        .isEqualTo("https://app.example.com/reset?email=%5Bemail%5D&plan=pro");
  }

  @Test
  void fieldNamesThatImplySecretsRedactTheWholeValue() throws Exception {
    ObjectNode out = apply(contract(OnPii.REDACT, "properties.password", "keep"), new Recorder());
    assertThat(out.at("/properties/password").asText()).isEqualTo("[secret]");
  }

  @Test
  void identifiersByNameAreTheContractsBusiness() throws Exception {
    ObjectNode out = apply(contract(OnPii.REDACT, "userId", "keep"), new Recorder());
    assertThat(out.get("userId").asText()).isEqualTo("user-42");
  }

  @Test
  void dropFieldRemovesOnlyTheFieldWithPersonalData() throws Exception {
    Recorder r = new Recorder();
    ObjectNode out = apply(contract(OnPii.DROP_FIELD, "properties.subject", "keep", "properties.plan", "keep"), r);
    assertThat(out.at("/properties/subject").isMissingNode()).isTrue();
    assertThat(out.at("/properties/plan").asText()).isEqualTo("pro");
    assertThat(r.at("properties.subject").outcome()).isEqualTo(Outcome.DROPPED_FOR_PII);
    // Every vendor requires a track's name (GA4 and PostHog failed without it): redacted, not dropped.
    assertThat(out.get("event").asText()).isEqualTo("Invite sent to [email]");
    assertThat(r.at("event").outcome()).isEqualTo(Outcome.REDACTED);
  }

  @Test
  void dropEventHoldsTheWholeEventBack() throws Exception {
    Recorder r = new Recorder();
    assertThat(apply(contract(OnPii.DROP_EVENT, "properties.subject", "keep"), r)).isNull();
    assertThat(r.dropped).contains(Category.EMAIL);
  }

  @Test
  void redactActionRedactsEvenUnderDropEvent() throws Exception {
    Event e = event();
    e.json().put("event", "Invite sent"); // the envelope's name is clean here
    ObjectNode out =
        contract(OnPii.DROP_EVENT, "properties.subject", "redact").apply(e, SCANNER.scan(e), new Recorder());
    assertThat(out).isNotNull();
    assertThat(out.at("/properties/subject").asText()).isEqualTo("Cannot log in, my email is [email]");
  }

  @Test
  void generalizeAndHashActions() throws Exception {
    Recorder r = new Recorder();
    ObjectNode out =
        apply(
            contract(
                OnPii.REDACT,
                "context.ip", new Action.Generalize(Generalizers.parse("country", GEO)),
                "context.userAgent", new Action.Generalize(Generalizers.parse("browser", GEO)),
                "properties.age", new Action.Generalize(Generalizers.parse("bucket(10)", GEO)),
                "properties.url", new Action.Generalize(Generalizers.parse("domain", GEO)),
                "properties.subject", Action.SHA256),
            r);
    assertThat(out.at("/context/ip").asText()).isEqualTo("FR");
    assertThat(out.at("/context/userAgent").asText()).isEqualTo("Chrome 129");
    assertThat(out.at("/properties/age").asText()).isEqualTo("30-39");
    assertThat(out.at("/properties/url").asText()).isEqualTo("app.example.com");
    assertThat(out.at("/properties/subject").asText()).matches("[0-9a-f]{64}");
    assertThat(r.at("context.ip").outcome()).isEqualTo(Outcome.GENERALIZED);
    assertThat(r.at("context.ip").categories()).contains(Category.IP_ADDRESS);
    assertThat(r.at("properties.subject").outcome()).isEqualTo(Outcome.HASHED);
  }

  @Test
  void blockedFieldsAreReportedWithTheirCategories() throws Exception {
    Recorder r = new Recorder();
    apply(contract(OnPii.REDACT, "properties.plan", "keep"), r);
    assertThat(r.at("context.ip").outcome()).isEqualTo(Outcome.BLOCKED_BY_CONTRACT);
    assertThat(r.at("context.ip").categories()).contains(Category.IP_ADDRESS);
    assertThat(r.at("properties.subject").outcome()).isEqualTo(Outcome.BLOCKED_BY_CONTRACT);
  }

  @Test
  void noPlantedValueSurvivesAKeepEverythingContract() throws Exception {
    ObjectNode out = apply(contract(OnPii.REDACT, "properties", "keep", "event", "keep"), new Recorder());
    assertThat(out.toString()).doesNotContain("jane.doe").doesNotContain("hunter2");
  }

  @Test
  void sharedSmallValuesDoNotBorrowAnotherFieldsFinding() throws Exception {
    ObjectNode n = (ObjectNode) Json.MAPPER.readTree("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"count\":1,\"phone\":1,\"vip\":true}}");
    Event e = new Event(EventType.IDENTIFY, "m-2", n);
    ObjectNode out = contract(OnPii.REDACT, "traits.count", "keep", "traits.vip", "keep").apply(e, SCANNER.scan(e), new Recorder());
    assertThat(out.at("/traits/count").asInt()).isEqualTo(1);
    assertThat(out.at("/traits/vip").asBoolean()).isTrue();
  }
}
