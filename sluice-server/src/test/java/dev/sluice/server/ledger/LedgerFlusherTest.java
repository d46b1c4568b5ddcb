package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.FlowObserver;
import dev.sluice.core.policy.Outcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The flusher never loses a count to a failing store, and never throws at the caller. */
class LedgerFlusherTest {
  /** A store in memory that can be made to fail. */
  static final class FlakyStore implements LedgerStore {
    final List<LedgerSnapshot> written = new ArrayList<>();
    final AtomicBoolean failing = new AtomicBoolean();
    boolean closed;

    @Override
    public List<LedgerEntry> load() {
      return List.of();
    }

    @Override
    public synchronized void flush(LedgerSnapshot delta) throws IOException {
      if (failing.get()) {
        throw new IOException("disk full");
      }
      written.add(delta);
    }

    @Override
    public List<LedgerEntry> entries(String destination, Instant since) {
      return List.of();
    }

    @Override
    public java.util.List<dev.sluice.core.ledger.SubjectSketch> sketches(LocalDate fromDay, LocalDate toDay) {
      return java.util.List.of();
    }

    @Override
    public long subjects(String destination, LocalDate fromDay, LocalDate toDay) {
      return 0;
    }

    @Override
    public void close() {
      closed = true;
    }

    synchronized long values(String path) {
      return written.stream().flatMap(s -> s.entries().stream()).filter(e -> e.path().equals(path)).mapToLong(LedgerEntry::values).sum();
    }
  }

  static void count(FlowLedger ledger, int events) {
    for (int i = 0; i < events; i++) {
      FlowObserver o = ledger.observer("web", "vendor");
      o.field("properties.plan", Set.of(), Outcome.SENT);
      o.eventSent("ps1_1_x" + i);
    }
  }

  @Test
  void failedFlushesAreCountedAndTheirCountsWrittenLater() {
    FlowLedger ledger = new FlowLedger(Clock.systemUTC());
    FlakyStore store = new FlakyStore();
    LedgerFlusher flusher = LedgerFlusher.start(ledger, () -> store, Duration.ofMinutes(1));
    count(ledger, 3);
    store.failing.set(true);
    assertThat(flusher.flushNow()).isFalse();
    assertThat(flusher.failures()).isEqualTo(1);
    count(ledger, 2);
    store.failing.set(false);
    assertThat(flusher.flushNow()).isTrue();
    assertThat(flusher.flushes()).isEqualTo(1);
    assertThat(store.values("properties.plan")).isEqualTo(5);
    count(ledger, 4);
    flusher.close(); // the final flush
    assertThat(store.values("properties.plan")).isEqualTo(9);
    assertThat(store.closed).isTrue();
  }

  @Test
  void aStoreThatCannotOpenIsRetriedAndNothingIsLost() {
    FlowLedger ledger = new FlowLedger(Clock.systemUTC());
    FlakyStore store = new FlakyStore();
    AtomicInteger attempts = new AtomicInteger();
    LedgerFlusher flusher =
        LedgerFlusher.start(
            ledger,
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IOException("permission denied");
              }
              return store;
            },
            Duration.ofMinutes(1));
    count(ledger, 2);
    assertThat(flusher.flushNow()).isFalse();
    assertThat(flusher.store()).isNull();
    assertThat(flusher.flushNow()).isTrue();
    assertThat(flusher.failures()).isEqualTo(2);
    assertThat(store.values("properties.plan")).isEqualTo(2);
    flusher.close();
  }

  @Test
  void flushesOnItsOwnEveryInterval() throws Exception {
    FlowLedger ledger = new FlowLedger(Clock.systemUTC());
    FlakyStore store = new FlakyStore();
    try (LedgerFlusher flusher = LedgerFlusher.start(ledger, () -> store, Duration.ofMillis(100))) {
      count(ledger, 7);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (store.values("properties.plan") < 7 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(store.values("properties.plan")).isEqualTo(7);
      assertThat(flusher.flushes()).isPositive();
    }
  }
}
