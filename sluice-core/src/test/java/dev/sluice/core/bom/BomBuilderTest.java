package dev.sluice.core.bom;

import dev.sluice.core.ledger.LedgerFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.bom.Bom.CategoryFlow;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Bom.FieldFlow;
import dev.sluice.core.config.Location;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.Generalizer;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.HyperLogLog;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.ledger.SubjectSketch;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BomBuilderTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  /** The contract of a vendor that gets the anonymous id raw, with one rule no event matches. */
  static Contract vendorContract(Pseudonymizer p) {
    return ContractCompiler.compile(
        "vendor",
        List.of(
            rule("userId", Action.PSEUDONYMIZE, 1),
            rule("anonymousId", Action.KEEP, 2),
            rule("properties.plan", Action.KEEP, 3),
            rule("properties.subject", Action.KEEP, 4),
            rule("properties.coupon", Action.KEEP, 5),
            rule("properties.password", Action.DROP, 6),
            rule("context.ip", new Action.Generalize(new Generalizer.IpPrefix()), 7)),
        OnPii.REDACT,
        p);
  }

  static Rule rule(String pattern, Action action, int line) {
    return new Rule(PathPattern.parse(pattern), action, new Location("sluice.yaml", line, 7));
  }

  static Event order(int i) {
    String json =
        """
        {"type":"track","messageId":"m-%d","timestamp":"2026-11-25T10:00:00.000Z","event":"Order Completed",
         "userId":"user-%d","anonymousId":"anon-%d",
         "properties":{"plan":"pro","subject":"Cannot log in, my email is jane.doe@example.com","password":"hunter2"},
         "context":{"ip":"203.0.113.9"}}
        """
            .formatted(i, i, i);
    try {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(json);
      return new Event(EventType.TRACK, "m-" + i, n);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Three orders from three users through the real router, contract, detectors and ledger. */
  static Bom observedBom() {
    FlowLedger ledger = new FlowLedger(Clock.fixed(NOW, ZoneOffset.UTC));
    Destination vendor = new Destination("vendor", vendorContract(KEYED), LedgerFixtures.JSON);
    Router router = new Router(Map.of("web", List.of(vendor)), new EventScanner(new TextScanner()), ledger);
    router.route("web", List.of(order(1), order(2), order(3)));
    DeclaredDestination declared =
        new DeclaredDestination("vendor", "webhook", "https://hooks.example.com/in", vendorContract(Pseudonymizer.CHECK_ONLY));
    return BomBuilder.build(ledger.snapshot(), List.of(declared), null, NOW, NOW);
  }

  static FieldFlow field(DestinationFlows d, String path, String category) {
    return d.fields().stream()
        .filter(f -> f.path().equals(path) && f.category().equals(category))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + path + " " + category + " in " + d.fields()));
  }

  static CategoryFlow category(DestinationFlows d, String code) {
    return d.categories().stream().filter(c -> c.category().equals(code)).findFirst().orElseThrow();
  }

  @Test
  void eachFieldIsListedWithItsCategoryProtectionAndCounts() {
    DestinationFlows d = observedBom().destination("vendor");

    assertThat(d.declared()).isTrue();
    assertThat(d.type()).isEqualTo("webhook");
    assertThat(d.eventsSent()).isEqualTo(3);
    assertThat(d.sources()).containsExactly(new Bom.SourceFlow("web", 3));
    assertThat(d.firstSeen()).isEqualTo(NOW);

    FieldFlow userId = field(d, "userId", "online_id");
    assertThat(userId.protection()).isEqualTo(Protection.PSEUDONYMIZED);
    assertThat(userId.rule()).isEqualTo("userId");
    assertThat(userId.events()).isEqualTo(3);
    assertThat(userId.sources()).containsExactly("web");

    assertThat(field(d, "anonymousId", "online_id").protection()).isEqualTo(Protection.RAW);
    assertThat(field(d, "properties.subject", "email").protection()).isEqualTo(Protection.REDACTED);
    assertThat(field(d, "properties.password", "secret").protection()).isEqualTo(Protection.BLOCKED);
    assertThat(field(d, "properties.plan", "none").protection()).isEqualTo(Protection.RAW);

    FieldFlow ip = field(d, "context.ip", "ip");
    assertThat(ip.protection()).isEqualTo(Protection.GENERALIZED);
    assertThat(ip.generalizer()).isEqualTo(new Generalizer.IpPrefix().describe());
  }

  @Test
  void categoriesSayWhetherTheyReachedTheVendorAndWhetherRaw() {
    DestinationFlows d = observedBom().destination("vendor");

    CategoryFlow email = category(d, "email");
    assertThat(email.delivered()).isFalse(); // redacted: the address never left
    assertThat(email.raw()).isFalse();
    assertThat(email.group()).isEqualTo("contact");

    CategoryFlow id = category(d, "online_id");
    assertThat(id.protections()).containsExactly(Protection.RAW, Protection.PSEUDONYMIZED);
    assertThat(id.raw()).isTrue();
    assertThat(id.paths()).containsExactly("anonymousId", "userId");

    assertThat(category(d, "ip").delivered()).isTrue();
    assertThat(category(d, "ip").raw()).isFalse();
    assertThat(d.rawCategories()).containsExactly("online_id");
  }

  @Test
  void aCategoryThatReachedAVendorRawIsCalledOutAtTheTop() {
    Bom bom = observedBom();

    assertThat(bom.rawFlows()).hasSize(1);
    Bom.RawFlow raw = bom.rawFlows().get(0);
    assertThat(raw.destination()).isEqualTo("vendor");
    assertThat(raw.category()).isEqualTo("online_id");
    assertThat(raw.paths()).containsExactly("anonymousId");
    assertThat(raw.values()).isEqualTo(3);
  }

  @Test
  void aRuleThatAllowsAFieldNoEventCarriedIsDeclaredButNotSeen() {
    DestinationFlows d = observedBom().destination("vendor");

    // coupon is allowed and never sent; password is a drop rule, so it declares no flow
    assertThat(d.unseenRules()).containsExactly(new Bom.UnseenRule("properties.coupon", "keep", "sluice.yaml:5:7"));
  }

  @Test
  void distinctSubjectsComeFromThePseudonymSketches() {
    assertThat(observedBom().destination("vendor").subjects()).isEqualTo(3L);
  }

  @Test
  void aDeclaredDestinationWithNoTrafficHasEveryAllowingRuleUnseen() {
    DeclaredDestination quiet =
        new DeclaredDestination("quiet", "segment", null, vendorContract(Pseudonymizer.CHECK_ONLY));
    Bom bom = BomBuilder.build(LedgerSnapshot.EMPTY, List.of(quiet), null, NOW, NOW);

    DestinationFlows d = bom.destination("quiet");
    assertThat(d.eventsSent()).isZero();
    assertThat(d.fields()).isEmpty();
    assertThat(d.subjects()).isNull();
    assertThat(d.firstSeen()).isNull();
    assertThat(d.unseenRules()).extracting(Bom.UnseenRule::pattern)
        .containsExactly("userId", "anonymousId", "properties.plan", "properties.subject", "properties.coupon", "context.ip");
  }

  @Test
  void theWindowKeepsRowsSeenInItAndSubjectsOfItsDays() {
    Instant old = Instant.parse("2026-11-01T08:00:00Z");
    Instant recent = Instant.parse("2026-11-24T08:00:00Z");
    List<LedgerEntry> rows = new ArrayList<>();
    rows.add(new LedgerEntry("web", "vendor", "properties.old", "none", Outcome.SENT, 5, 5, old, old));
    rows.add(new LedgerEntry("web", "vendor", "properties.plan", "none", Outcome.SENT, 7, 7, old, recent));
    List<SubjectSketch> sketches =
        List.of(sketch("vendor", LocalDate.of(2026, 11, 1), "a", "b", "c"), sketch("vendor", LocalDate.of(2026, 11, 24), "c", "d"));
    LedgerSnapshot snapshot = new LedgerSnapshot(rows, sketches);

    Instant since = Instant.parse("2026-11-20T00:00:00Z");
    DestinationFlows windowed = BomBuilder.build(snapshot, List.of(), since, NOW, NOW).destination("vendor");
    assertThat(windowed.fields()).extracting(FieldFlow::path).containsExactly("properties.plan");
    assertThat(windowed.fields().get(0).values()).isEqualTo(7); // counts stay totals
    assertThat(windowed.subjects()).isEqualTo(2L);

    DestinationFlows all = BomBuilder.build(snapshot, List.of(), null, NOW, NOW).destination("vendor");
    assertThat(all.fields()).hasSize(2);
    assertThat(all.subjects()).isEqualTo(4L); // c is counted once across the two days
    assertThat(all.declared()).isFalse(); // in the ledger, no longer in the config
    assertThat(all.rawCategories()).isEmpty();
  }

  static SubjectSketch sketch(String destination, LocalDate day, String... subjects) {
    HyperLogLog h = new HyperLogLog();
    for (String s : subjects) {
      h.add(s);
    }
    return new SubjectSketch(destination, day, h.registers());
  }

  @Test
  void theJsonFormReadsBackToTheSameBom() {
    Bom bom = observedBom();
    ObjectNode json = BomJson.write(bom);

    assertThat(json.get("schema").asText()).isEqualTo("sluice-bom/1");
    assertThat(json.at("/destinations/0/rawCategories/0").asText()).isEqualTo("online_id");
    assertThat(BomJson.read(json)).isEqualTo(bom);
  }

  @Test
  void aFileThatIsNotABomIsRefusedWithWhereItIsWrong() {
    ObjectNode json = BomJson.write(observedBom());
    ((ObjectNode) json.at("/destinations/0/fields/1")).put("protection", "encrypted");
    assertThatThrownBy(() -> BomJson.read(json))
        .hasMessageContaining("destinations[0].fields[1].protection")
        .hasMessageContaining("'encrypted' is not one of raw, pseudonymized");

    assertThatThrownBy(() -> BomJson.read(Json.MAPPER.createObjectNode().put("bomFormat", "CycloneDX")))
        .hasMessage("not a Sluice BOM: schema is missing, expected 'sluice-bom/1'");
  }

  static final Pseudonymizer KEYED = LedgerFixtures.pseudonymizer("k");
}
