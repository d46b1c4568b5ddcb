package dev.sluice.server.ledger;

import dev.sluice.core.ledger.FlowLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-memory {@link FlowLedger} and its {@link LedgerStore} in step: at start it opens
 * the store (an unreadable file is moved aside and a fresh one started) and restores the stored
 * totals; then every {@code interval} it writes what changed, on its own thread; on {@link
 * #close()} it writes the rest.
 *
 * <p><b>Never in the way of ingest.</b> Ingest threads only count in memory and never wait for
 * this class. When the store cannot be opened or a flush fails, the failure is logged (exception
 * class and SQLite's message; never a value) and counted, the counts stay in memory, and the next
 * tick tries again (re-opening the store if it never opened). A crash loses at most the last
 * {@code interval} of counts.
 */
public final class LedgerFlusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerFlusher.class);

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

  /** Opens the store; a seam for tests of failing stores. */
  @FunctionalInterface
  public interface StoreOpener {
    LedgerStore open() throws IOException;
  }

  private final FlowLedger ledger;
  private final StoreOpener opener;
  private final ScheduledExecutorService timer;
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong recoveries = new AtomicLong();
  private LedgerStore store; // guarded by this; null until it opens
  private boolean closed; // guarded by this

  private LedgerFlusher(FlowLedger ledger, StoreOpener opener) {
    this.ledger = ledger;
    this.opener = opener;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-ledger-flusher");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts keeping {@code ledger} in {@code <dataDir>/ledger.db}, flushing every {@code
   * interval} (100 ms to 1 min). Does not throw for ledger problems: they are logged and counted.
   */
  public static LedgerFlusher start(FlowLedger ledger, Path dataDir, Clock clock, Duration interval) {
    return start(ledger, () -> SqliteLedgerStore.open(dataDir, clock), interval);
  }

  public static LedgerFlusher start(FlowLedger ledger, StoreOpener opener, Duration interval) {
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("the ledger flush interval must be between 100 ms and 1 min");
    }
    LedgerFlusher f = new LedgerFlusher(ledger, opener);
    synchronized (f) {
      f.ensureStore();
    }
    long ms = interval.toMillis();
    f.timer.scheduleWithFixedDelay(f::tick, ms, ms, TimeUnit.MILLISECONDS);
    return f;
  }

  private void tick() {
    try {
      flushNow();
    } catch (RuntimeException e) {
      // flushNow counts and logs; never let the timer thread die
      LOG.warn("ledger: flush tick failed: {}", e.toString());
    }
  }

  /**
   * Writes what changed since the last flush now (the admin API calls this before reading the
   * store). Returns whether the store is up to date with memory.
   */
  public synchronized boolean flushNow() {
    if (closed || !ensureStore()) {
      return false;
    }
    try {
      if (ledger.flush(store::flush)) {
        flushes.incrementAndGet();
      }
      return true;
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("ledger: flush failed, counts kept in memory for the next one: {}", e.toString());
      return false;
    }
  }

  /** Opens the store if it is not open, and restores its totals; false when it cannot. */
  private boolean ensureStore() {
    if (store != null) {
      return true;
    }
    LedgerStore s;
    try {
      s = opener.open();
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.error("ledger: cannot open the ledger store, counting in memory only until it opens: {}", e.toString());
      return false;
    }
    if (s instanceof SqliteLedgerStore sq && sq.movedAside() != null) {
      recoveries.incrementAndGet();
    }
    store = s;
    try {
      ledger.restore(s.load());
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("ledger: could not read the stored totals, new counts are still added to them: {}", e.toString());
    }
    return true;
  }

  /** Flushes that wrote something. */
  public long flushes() {
    return flushes.get();
  }

  /** Flushes (and store openings) that failed. */
  public long failures() {
    return failures.get();
  }

  /** Unreadable ledger files moved aside at start. */
  public long recoveries() {
    return recoveries.get();
  }

  /** The open store, for reads (admin API, BOM), or null while it could not be opened. */
  public synchronized LedgerStore store() {
    return store;
  }

  /** Stops the timer, writes the last counts and closes the store. Call after ingest stopped. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("ledger: flusher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      flushNow();
      closed = true;
      if (store != null) {
        try {
          store.close();
        } catch (IOException | RuntimeException e) {
          LOG.warn("ledger: closing the store failed: {}", e.toString());
        }
        store = null;
      }
    }
  }
}
