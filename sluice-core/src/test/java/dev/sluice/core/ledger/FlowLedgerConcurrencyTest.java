package dev.sluice.core.ledger;

import static dev.sluice.core.ledger.LedgerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.event.Event;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.route.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Four ingest threads and a flusher at once: every count adds up exactly. */
class FlowLedgerConcurrencyTest {
  static final int THREADS = 4;
  static final int EVENTS_PER_THREAD = 2_000;

  @Test
  void fourThreadsSumExactlyWhileAFlusherRuns() throws Exception {
    FlowLedger ledger = new FlowLedger(Clock.systemUTC());
    Router router =
        new Router(
            Map.of(
                "web",
                List.of(
                    LedgerFixtures.destination("vendor", OnPii.REDACT, "userId", "pseudonymize", "properties.**", "keep"),
                    LedgerFixtures.destination("other", OnPii.REDACT, "properties.tags", "keep"))),
            LedgerFixtures.SCANNER,
            ledger);
    List<List<Event>> perThread = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < EVENTS_PER_THREAD; i++) {
        events.add(
            event(
                """
                {"type":"track","messageId":"m-%d-%d","event":"Tagged","userId":"u-%d",
                 "properties":{"n":%d,"tags":["a","b","c"],"by_user":{"user_%d":1}}}
                """
                    .formatted(t, i, i % 1000, i, 100_000 + i)));
      }
      perThread.add(events);
    }

    ConcurrentLinkedQueue<LedgerSnapshot> deltas = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread flusher =
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  ledger.flush(deltas::add);
                } catch (java.io.IOException e) {
                  throw new AssertionError(e);
                }
              }
            });
    flusher.start();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (List<Event> events : perThread) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < events.size(); i += 10) {
                  router.route("web", events.subList(i, i + 10));
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    done.set(true);
    flusher.join();
    ledger.flush(deltas::add);

    long total = (long) THREADS * EVENTS_PER_THREAD;
    LedgerSnapshot s = ledger.snapshot();
    Map<String, long[]> byKey = new HashMap<>();
    for (LedgerEntry e : s.entries()) {
      byKey.put(e.destination() + " " + e.path() + " " + e.category() + " " + e.outcome(), new long[] {e.events(), e.values()});
    }
    assertThat(byKey.get("vendor properties.tags none SENT")).containsExactly(total, 3 * total);
    assertThat(byKey.get("vendor properties.by_user.:id none SENT")).containsExactly(total, total);
    assertThat(byKey.get("vendor (event) none SENT")).containsExactly(total, total);
    assertThat(byKey.get("other properties.tags none SENT")).containsExactly(total, 3 * total);
    assertThat(byKey.get("other properties.n none " + Outcome.BLOCKED_BY_CONTRACT)).containsExactly(total, total);

    // The deltas the flusher handed over add up to the same totals, key by key.
    Map<String, long[]> summed = new HashMap<>();
    for (LedgerSnapshot d : deltas) {
      for (LedgerEntry e : d.entries()) {
        long[] acc = summed.computeIfAbsent(e.destination() + " " + e.path() + " " + e.category() + " " + e.outcome(), k -> new long[2]);
        acc[0] += e.events();
        acc[1] += e.values();
      }
    }
    assertThat(summed.keySet()).isEqualTo(byKey.keySet());
    byKey.forEach((k, v) -> assertThat(summed.get(k)).as(k).containsExactly(v[0], v[1]));
    assertThat(deltas.size()).as("the flusher ran while counting").isGreaterThan(1);

    // 1000 distinct users, each seen by both destinations.
    assertThat(ledger.subjects("vendor", java.time.LocalDate.now(java.time.ZoneOffset.UTC))).isBetween(980L, 1020L);
  }
}
