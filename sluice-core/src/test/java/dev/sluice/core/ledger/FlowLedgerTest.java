package dev.sluice.core.ledger;

import static dev.sluice.core.ledger.LedgerFixtures.destination;
import static dev.sluice.core.ledger.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.event.Event;
import dev.sluice.core.ledger.LedgerFixtures.TestClock;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given these events and this contract, the ledger counts this. */
class FlowLedgerTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  final TestClock clock = new TestClock(T0);

  static final String ORDER =
      """
      {"type":"track","messageId":"m-%d","timestamp":"2026-11-25T10:00:00.000Z","event":"Order Completed",
       "userId":"user-%d","anonymousId":"anon-%d",
       "properties":{"plan":"pro","subject":"Cannot log in, my email is jane.doe@example.com",
                     "password":"hunter2",
                     "items":[{"sku":"A-1","price":10},{"sku":"B-2","price":20},{"sku":"C-3","price":30}]},
       "context":{"ip":"203.0.113.9","locale":"fr-FR"}}
      """;

  static final Destination VENDOR =
      destination(
          "vendor",
          OnPii.REDACT,
          "userId", "pseudonymize",
          "properties.plan", "keep",
          "properties.subject", "keep",
          "properties.items.sku", "keep");

  static Event order(int i) {
    return event(ORDER.formatted(i, i, i));
  }

  Router router(FlowLedger ledger, Destination... destinations) {
    return new Router(Map.of("web", List.of(destinations)), LedgerFixtures.SCANNER, ledger);
  }

  static LedgerEntry row(LedgerSnapshot s, String destination, String path, String category, Outcome outcome) {
    return s.entries().stream()
        .filter(e -> e.destination().equals(destination) && e.path().equals(path) && e.category().equals(category) && e.outcome() == outcome)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + destination + " " + path + " " + category + " " + outcome + " in\n" + dump(s)));
  }

  static String dump(LedgerSnapshot s) {
    StringBuilder b = new StringBuilder();
    s.entries().forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  @Test
  void countsEveryFieldDecisionPerPathCategoryAndOutcome() {
    FlowLedger ledger = new FlowLedger(clock);
    Router router = router(ledger, VENDOR);
    router.route("web", List.of(order(1)));
    clock.now = T0.plusSeconds(90);
    assertThat(router.route("web", List.of(order(2)))).hasSize(1);

    LedgerSnapshot s = ledger.snapshot();
    // Kept as is: one value per event.
    LedgerEntry plan = row(s, "vendor", "properties.plan", "none", Outcome.SENT);
    assertThat(plan.events()).isEqualTo(2);
    assertThat(plan.values()).isEqualTo(2);
    assertThat(plan.source()).isEqualTo("web");
    assertThat(plan.firstSeen()).isEqualTo(T0);
    assertThat(plan.lastSeen()).isEqualTo(T0.plusSeconds(90));
    // An array of three: per event one event and three values, kept or blocked by default deny.
    LedgerEntry sku = row(s, "vendor", "properties.items.sku", "none", Outcome.SENT);
    assertThat(sku.events()).isEqualTo(2);
    assertThat(sku.values()).isEqualTo(6);
    LedgerEntry price = row(s, "vendor", "properties.items.price", "none", Outcome.BLOCKED_BY_CONTRACT);
    assertThat(price.events()).isEqualTo(2);
    assertThat(price.values()).isEqualTo(6);
    // Detection's categories: an email redacted in kept text, a secret and an IP blocked.
    assertThat(row(s, "vendor", "properties.subject", "email", Outcome.REDACTED).values()).isEqualTo(2);
    assertThat(row(s, "vendor", "properties.password", "secret", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(2);
    assertThat(row(s, "vendor", "context.ip", "ip", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(2);
    assertThat(row(s, "vendor", "userId", "online_id", Outcome.PSEUDONYMIZED).values()).isEqualTo(2);
    assertThat(row(s, "vendor", "anonymousId", "online_id", Outcome.BLOCKED_BY_CONTRACT).values()).isEqualTo(2);
    // Whole events sent.
    LedgerEntry sent = row(s, "vendor", FlowLedger.EVENT_PATH, "none", Outcome.SENT);
    assertThat(sent.events()).isEqualTo(2);
    assertThat(sent.values()).isEqualTo(2);
    // Sorted, and every row has a real count.
    assertThat(s.entries()).isSortedAccordingTo(LedgerEntry.ORDER);
    assertThat(s.entries()).allSatisfy(e -> assertThat(e.events()).isPositive());
  }

  @Test
  void aMapKeyedByIdsIsOneLedgerPathAndKeepsNoIdOrEmail() {
    FlowLedger ledger = new FlowLedger(clock);
    Router router = router(ledger, destination("vendor", OnPii.REDACT, "properties.**", "keep"));
    StringBuilder scores = new StringBuilder();
    StringBuilder invitees = new StringBuilder();
    StringBuilder sessions = new StringBuilder();
    for (int u = 0; u < 50; u++) {
      String sep = u == 0 ? "" : ",";
      scores.append(sep).append("\"user_").append(100_000 + u).append("\":").append(u);
      invitees.append(sep).append("\"friend.number").append(u).append("@mail.example.com\":true");
      sessions.append(sep).append('"').append(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) u})).append("\":1");
    }
    router.route(
        "web",
        List.of(
            event(
                """
                {"type":"track","messageId":"m-1","event":"Scored","anonymousId":"a-1",
                 "properties":{"scores":{%s},"invitees":{%s},"sessions":{%s},"orders":{"1001":{"total":5},"1002":{"total":7}}}}
                """
                    .formatted(scores, invitees, sessions))));

    LedgerSnapshot s = ledger.snapshot();
    LedgerEntry perUser = row(s, "vendor", "properties.scores.:id", "none", Outcome.SENT);
    assertThat(perUser.events()).isEqualTo(1);
    assertThat(perUser.values()).isEqualTo(50);
    assertThat(row(s, "vendor", "properties.:email", "none", Outcome.SENT).values()).isEqualTo(50);
    assertThat(row(s, "vendor", "properties.sessions.:uuid", "none", Outcome.SENT).values()).isEqualTo(50);
    assertThat(row(s, "vendor", "properties.orders.:id.total", "none", Outcome.SENT).values()).isEqualTo(2);
    assertThat(s.entries())
        .extracting(LedgerEntry::path)
        .allSatisfy(p -> assertThat(p).doesNotContain("@", "1000", "friend", "number", "mail.", "example"));
    // 4 templated paths + event name + (event): nowhere near 150 keys.
    assertThat(ledger.keys()).isLessThanOrEqualTo(6);
  }

  @Test
  void pastTheKeyCapNewKeysAreCountedUnderOther() {
    FlowLedger ledger = new FlowLedger(clock, 5);
    Router router = router(ledger, destination("vendor", OnPii.REDACT, "properties.**", "keep"));
    router.route(
        "web",
        List.of(
            event(
                """
                {"type":"page","messageId":"m-1","anonymousId":"a-1",
                 "properties":{"alpha":1,"bravo":1,"charlie":1,"delta":1,"echo":1,"foxtrot":1,"golf":1,"hotel":[1,2]}}
                """)));
    LedgerSnapshot s = ledger.snapshot();
    assertThat(ledger.keys()).isEqualTo(5);
    // The anonymousId (blocked) and four properties got keys; the rest went to (other).
    assertThat(s.entries().stream().map(LedgerEntry::path).filter(p -> !p.startsWith("(")).distinct())
        .hasSize(5);
    LedgerEntry other = row(s, "vendor", FlowLedger.OTHER_PATH, "none", Outcome.SENT);
    assertThat(other.events()).isEqualTo(1);
    assertThat(other.values()).isEqualTo(5); // golf..foxtrot: 3 singles + hotel's 2 values, wherever the cut fell
    assertThat(ledger.overflowed()).isEqualTo(5);
    // The whole-event row is never refused.
    assertThat(row(s, "vendor", FlowLedger.EVENT_PATH, "none", Outcome.SENT).events()).isEqualTo(1);

    // More traffic on known keys still counts exactly; new keys still overflow.
    router.route(
        "web",
        List.of(event("{\"type\":\"page\",\"messageId\":\"m-2\",\"properties\":{\"alpha\":2,\"india\":3}}")));
    LedgerSnapshot s2 = ledger.snapshot();
    assertThat(row(s2, "vendor", FlowLedger.OTHER_PATH, "none", Outcome.SENT).values()).isEqualTo(6);
    assertThat(ledger.keys()).isEqualTo(5);
  }

  @Test
  void dropEventCountsTheEventAndNoneOfItsFields() {
    FlowLedger ledger = new FlowLedger(clock);
    Router router =
        router(ledger, destination("strict", OnPii.DROP_EVENT, "properties.plan", "keep", "properties.subject", "keep"));
    assertThat(router.route("web", List.of(order(1)))).isEmpty();

    LedgerSnapshot s = ledger.snapshot();
    LedgerEntry dropped = row(s, "strict", FlowLedger.EVENT_PATH, "email", Outcome.DROPPED_FOR_PII);
    assertThat(dropped.events()).isEqualTo(1);
    assertThat(s.entries()).extracting(LedgerEntry::path).containsOnly(FlowLedger.EVENT_PATH);
    assertThat(ledger.subjects("strict", LocalDate.of(2026, 11, 25))).isZero();
  }

  @Test
  void subjectsAreTheDestinationsPseudonymsPerDay() {
    FlowLedger ledger = new FlowLedger(clock);
    Destination pseudonymising = destination("a", OnPii.REDACT, "userId", "pseudonymize", "properties.plan", "keep");
    Destination rawIds = destination("b", OnPii.REDACT, "userId", "keep", "anonymousId", "keep");
    Router router = router(ledger, pseudonymising, rawIds);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(order(i % 100)); // 100 users, each three times
    }
    // Anonymous visitors count by anonymousId.
    for (int i = 0; i < 20; i++) {
      events.add(event("{\"type\":\"page\",\"messageId\":\"p-%d\",\"anonymousId\":\"visitor-%d\"}".formatted(i, i)));
    }
    router.route("web", events);

    LocalDate day = LocalDate.of(2026, 11, 25);
    assertThat(ledger.subjects("a", day)).isBetween(118L, 122L);
    assertThat(ledger.subjects("b", day)).isBetween(118L, 122L);

    // Exactly the sketch of destination a's pseudonyms: never the raw ids, never b's pseudonyms.
    HyperLogLog expectedA = new HyperLogLog();
    HyperLogLog expectedB = new HyperLogLog();
    for (int u = 0; u < 100; u++) {
      expectedA.add(LedgerFixtures.pseudonymizer("a").pseudonym("user-" + u));
      expectedB.add(LedgerFixtures.pseudonymizer("b").pseudonym("user-" + u));
    }
    for (int i = 0; i < 20; i++) {
      expectedA.add(LedgerFixtures.pseudonymizer("a").pseudonym("visitor-" + i));
      expectedB.add(LedgerFixtures.pseudonymizer("b").pseudonym("visitor-" + i));
    }
    Map<String, SubjectSketch> byDestination = new java.util.HashMap<>();
    ledger.snapshot().subjects().forEach(sk -> byDestination.put(sk.destination(), sk));
    assertThat(byDestination.get("a").registers()).isEqualTo(expectedA.registers());
    assertThat(byDestination.get("b").registers()).isEqualTo(expectedB.registers());
    assertThat(byDestination.get("a").day()).isEqualTo(day);

    // The next UTC day is a new sketch.
    clock.now = T0.plus(Duration.ofDays(1));
    router.route("web", List.of(order(1), order(2)));
    assertThat(ledger.subjects("a", day.plusDays(1))).isEqualTo(2);
    assertThat(ledger.subjects("a", day)).isBetween(118L, 122L);
  }

  @Test
  void flushHandsOverOnlyWhatChangedAndKeepsItWhenTheSinkFails() throws IOException {
    FlowLedger ledger = new FlowLedger(clock);
    Router router = router(ledger, VENDOR);
    router.route("web", List.of(order(1), order(2)));

    List<LedgerSnapshot> written = new ArrayList<>();
    assertThat(ledger.flush(written::add)).isTrue();
    LedgerSnapshot first = written.get(0);
    assertThat(row(first, "vendor", "properties.items.sku", "none", Outcome.SENT).values()).isEqualTo(6);
    assertThat(first.subjects()).hasSize(1);
    assertThat(ledger.flush(written::add)).as("nothing changed").isFalse();

    clock.now = T0.plusSeconds(5);
    router.route("web", List.of(order(3)));
    assertThatThrownBy(() -> ledger.flush(d -> {
          throw new IOException("disk full");
        }))
        .isInstanceOf(IOException.class);
    router.route("web", List.of(order(4)));
    assertThat(ledger.flush(written::add)).isTrue();
    LedgerSnapshot second = written.get(1);
    LedgerEntry sku = row(second, "vendor", "properties.items.sku", "none", Outcome.SENT);
    assertThat(sku.events()).isEqualTo(2); // orders 3 and 4: the failed flush lost nothing
    assertThat(sku.values()).isEqualTo(6);
    assertThat(sku.firstSeen()).isEqualTo(T0);
    assertThat(sku.lastSeen()).isEqualTo(T0.plusSeconds(5));
    assertThat(second.subjects()).hasSize(1); // re-sent: the failed flush did not clear it

    // Totals are the sum of the deltas.
    assertThat(row(ledger.snapshot(), "vendor", "properties.items.sku", "none", Outcome.SENT).values()).isEqualTo(12);
  }

  @Test
  void restoredTotalsCountButAreNotFlushedAgain() throws IOException {
    FlowLedger before = new FlowLedger(clock);
    router(before, VENDOR).route("web", List.of(order(1), order(2)));
    LedgerSnapshot totals = before.snapshot();

    FlowLedger after = new FlowLedger(clock);
    after.restore(totals.entries());
    assertThat(after.snapshot().entries()).isEqualTo(totals.entries());
    assertThat(after.flush(d -> {
          throw new AssertionError("restored totals must not be flushed again: " + d);
        }))
        .isFalse();

    clock.now = T0.plusSeconds(60);
    router(after, VENDOR).route("web", List.of(order(3)));
    List<LedgerSnapshot> written = new ArrayList<>();
    after.flush(written::add);
    LedgerEntry delta = row(written.get(0), "vendor", "properties.plan", "none", Outcome.SENT);
    assertThat(delta.events()).isEqualTo(1);
    assertThat(delta.firstSeen()).isEqualTo(T0);
    LedgerEntry total = row(after.snapshot(), "vendor", "properties.plan", "none", Outcome.SENT);
    assertThat(total.events()).isEqualTo(3);
    assertThat(total.lastSeen()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void countsOfAThreadThatEndedAreNotLost() throws Exception {
    FlowLedger ledger = new FlowLedger(clock);
    Router router = router(ledger, VENDOR);
    Thread t = new Thread(() -> router.route("web", List.of(order(1), order(2), order(3))));
    t.start();
    t.join(); // its counts are still pending in its recorder: less than a second old
    List<LedgerSnapshot> written = new ArrayList<>();
    assertThat(ledger.flush(written::add)).isTrue();
    assertThat(row(written.get(0), "vendor", FlowLedger.EVENT_PATH, "none", Outcome.SENT).events()).isEqualTo(3);
    assertThat(row(ledger.snapshot(), "vendor", "properties.items.sku", "none", Outcome.SENT).values()).isEqualTo(9);
  }

  @Test
  void aFieldNamedLikeAReservedRowCannotMimicIt() {
    FlowLedger ledger = new FlowLedger(clock);
    Router router = router(ledger, destination("vendor", OnPii.REDACT, "**", "keep"));
    router.route("web", List.of(event("{\"type\":\"page\",\"messageId\":\"m-1\",\"(event)\":1}")));
    LedgerSnapshot s = ledger.snapshot();
    assertThat(row(s, "vendor", FlowLedger.EVENT_PATH, "none", Outcome.SENT).values()).isEqualTo(1);
    assertThat(row(s, "vendor", FlowLedger.OTHER_PATH, "none", Outcome.SENT).values()).isEqualTo(1);
  }
}
