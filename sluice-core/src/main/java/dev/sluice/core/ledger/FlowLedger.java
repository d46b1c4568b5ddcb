package dev.sluice.core.ledger;

import dev.sluice.core.detect.Category;
import dev.sluice.core.policy.FlowObserver;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.route.Router;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The flow ledger, in memory: for every (source, destination, normalised path, data category,
 * outcome) how many events and values, first and last seen; and per destination and UTC day, the
 * distinct data subjects reached ({@link HyperLogLog} over the destination's pseudonyms). It never
 * holds a value: the contract reports paths, categories and outcomes, and for subjects a
 * pseudonym that is hashed into a sketch on arrival.
 *
 * <p><b>Hot path.</b> {@link #observer} is called by the router once per event and destination;
 * it returns the calling thread's {@link EventRecorder}, pointed at the (source, destination)
 * lane, so nothing is allocated per event. The recorder buffers the event's reports in a small
 * thread-confined table (one slot per key, with a count) and commits them when the contract ends
 * the event: one {@link LongAdder} increment for {@code events} and one add for {@code values}
 * per key the event touched, and one clock read per event. Buffering is what makes {@code events}
 * exact (an array of three products is one event, three values) and lets {@code onPii:
 * drop-event} discard the reports of an event that never left. Keys are found through two
 * concurrent hash lookups (lane, path) and an array index (category, outcome); creating a key is
 * the only slow path.
 *
 * <p><b>Cap.</b> At most {@code maxKeys} keys are created (restored keys count too); past that,
 * new keys are counted under the lane's {@link #OTHER_PATH} row with their category and outcome,
 * and {@link #overflowed()} counts the values that went there.
 *
 * <p><b>Whole events.</b> Every event sent to a destination is counted under {@link #EVENT_PATH}
 * with category {@code none} and outcome {@code SENT}. An event held back by {@code onPii:
 * drop-event} is counted there with the triggering categories and {@code DROPPED_FOR_PII}; the
 * fields reported before the drop are not counted, as none of them left.
 *
 * <p><b>Durability</b> is the caller's: {@link #flush} hands what changed since the last
 * successful flush to a {@link LedgerSink}, and {@link #restore} seeds totals read back at start.
 */
public final class FlowLedger implements Router.Accounting {
  public static final int DEFAULT_MAX_KEYS = 10_000;
  /** The path of the overflow row of a (source, destination) once the key cap is reached. */
  public static final String OTHER_PATH = "(other)";
  /** The path of the whole-event rows. */
  public static final String EVENT_PATH = "(event)";

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final Category[] CATEGORIES = Category.values();
  /** Category index 0 is "none"; category c is c.ordinal() + 1. */
  private static final int CATEGORY_SLOTS = CATEGORIES.length + 1;
  private static final String[] CATEGORY_CODES = new String[CATEGORY_SLOTS];
  private static final long DAY_MILLIS = 86_400_000L;

  static {
    CATEGORY_CODES[0] = LedgerEntry.NO_CATEGORY;
    for (Category c : CATEGORIES) {
      CATEGORY_CODES[c.ordinal() + 1] = c.code();
    }
  }

  private final Clock clock;
  private final int maxKeys;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Lane>> lanes =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Subjects> subjects = new ConcurrentHashMap<>();
  /** Every key ever created, in creation order, for snapshots and flushes. */
  private final ConcurrentLinkedQueue<Cell> cells = new ConcurrentLinkedQueue<>();
  private final AtomicInteger keys = new AtomicInteger();
  private final AtomicInteger cellIds = new AtomicInteger();
  private final LongAdder overflowed = new LongAdder();
  private final ThreadLocal<EventRecorder> recorders =
      ThreadLocal.withInitial(() -> new EventRecorder(this));
  private final Object flushLock = new Object();

  public FlowLedger(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  /** {@code maxKeys}: the cap on distinct keys, past which reports go to {@link #OTHER_PATH}. */
  public FlowLedger(Clock clock, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("the ledger key cap must be positive");
    }
    this.clock = clock;
    this.maxKeys = maxKeys;
  }

  /**
   * The observer for one event on its way from {@code source} to {@code destination}: the calling
   * thread's recorder, valid on this thread until the contract ends the event ({@link
   * FlowObserver#eventSent} or {@link FlowObserver#eventDropped}) or the next call to this method
   * on the same thread, whichever comes first. A new call starts a new event.
   */
  @Override
  public FlowObserver observer(String source, String destination) {
    EventRecorder r = recorders.get();
    r.begin(lane(source, destination));
    return r;
  }

  /** Keys created so far (the {@link #OTHER_PATH} and {@link #EVENT_PATH} rows not included). */
  public int keys() {
    return keys.get();
  }

  public int maxKeys() {
    return maxKeys;
  }

  /** Values counted under {@link #OTHER_PATH} because the key cap was reached. */
  public long overflowed() {
    return overflowed.sum();
  }

  /** The estimated distinct subjects {@code destination} reached on {@code day}, as held in memory. */
  public long subjects(String destination, LocalDate day) {
    Subjects s = subjects.get(destination);
    DaySketch d = s == null ? null : s.days.get(day.toEpochDay());
    return d == null ? 0 : d.hll.estimate();
  }

  /**
   * Everything counted (restored totals included), sorted; subject sketches for the days held in
   * memory (since start, less days older than yesterday once flushed; the store has them all).
   */
  public LedgerSnapshot snapshot() {
    List<LedgerEntry> entries = new ArrayList<>();
    for (Cell c : cells) {
      long events = c.events.sum();
      long values = c.values.sum();
      long first = c.firstSeen;
      if ((events != 0 || values != 0) && first != Cell.UNSEEN_FIRST) {
        entries.add(c.entry(events, values));
      }
    }
    entries.sort(LedgerEntry.ORDER);
    List<SubjectSketch> sketches = new ArrayList<>();
    for (Subjects s : subjects.values()) {
      for (DaySketch d : s.days.values()) {
        sketches.add(new SubjectSketch(s.destination, LocalDate.ofEpochDay(d.day), d.hll.registers()));
      }
    }
    sketches.sort(SKETCH_ORDER);
    return new LedgerSnapshot(entries, sketches);
  }

  /**
   * Hands what changed since the last successful flush to {@code sink}: per key the counts added
   * since (with its first/last seen), and the subject sketches that changed. When the sink throws,
   * nothing is marked flushed and the next flush carries it again. Flushes are serialised;
   * counting goes on while one runs.
   *
   * @return whether there was anything to write
   */
  public boolean flush(LedgerSink sink) throws IOException {
    synchronized (flushLock) {
      List<LedgerEntry> entries = new ArrayList<>();
      List<Cell> flushed = new ArrayList<>();
      List<long[]> marks = new ArrayList<>();
      for (Cell c : cells) {
        long events = c.events.sum();
        long values = c.values.sum();
        long first = c.firstSeen;
        long last = c.lastSeen;
        if (first == Cell.UNSEEN_FIRST) {
          continue;
        }
        long dEvents = events - c.flushedEvents;
        long dValues = values - c.flushedValues;
        if (dEvents == 0 && dValues == 0 && last == c.flushedLastSeen) {
          continue;
        }
        entries.add(
            new LedgerEntry(
                c.slot.lane.source,
                c.slot.lane.destination,
                c.slot.path,
                CATEGORY_CODES[c.category],
                c.outcome,
                dEvents,
                dValues,
                Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(last)));
        flushed.add(c);
        marks.add(new long[] {events, values, last});
      }
      List<DaySketch> dirty = new ArrayList<>();
      List<SubjectSketch> sketches = new ArrayList<>();
      for (Subjects s : subjects.values()) {
        for (DaySketch d : s.days.values()) {
          if (d.dirty) {
            d.dirty = false; // before the copy: a concurrent add marks it again
            dirty.add(d);
            sketches.add(new SubjectSketch(s.destination, LocalDate.ofEpochDay(d.day), d.hll.registers()));
          }
        }
      }
      if (entries.isEmpty() && sketches.isEmpty()) {
        return false;
      }
      entries.sort(LedgerEntry.ORDER);
      sketches.sort(SKETCH_ORDER);
      try {
        sink.write(new LedgerSnapshot(entries, sketches));
      } catch (IOException | RuntimeException e) {
        dirty.forEach(d -> d.dirty = true);
        throw e;
      }
      for (int i = 0; i < flushed.size(); i++) {
        Cell c = flushed.get(i);
        long[] m = marks.get(i);
        c.flushedEvents = m[0];
        c.flushedValues = m[1];
        c.flushedLastSeen = m[2];
      }
      evictOldDays();
      return true;
    }
  }

  /**
   * Seeds totals read back from the store at start, marked as already flushed. Rows over the key
   * cap are restored anyway (they are stored) and count against it; rows naming a category this
   * version does not know are skipped (they stay in the store).
   */
  public void restore(Collection<LedgerEntry> totals) {
    synchronized (flushLock) {
      for (LedgerEntry e : totals) {
        int category = categorySlot(e.category());
        if (category < 0) {
          continue;
        }
        Lane lane = lane(e.source(), e.destination());
        PathSlot slot =
            switch (e.path()) {
              case OTHER_PATH -> lane.other;
              case EVENT_PATH -> lane.event;
              default -> lane.paths.computeIfAbsent(PathNormalizer.normalize(e.path()), p -> new PathSlot(lane, p, true));
            };
        int i = PathSlot.index(category, e.outcome());
        Cell c = slot.cells.get(i);
        if (c == null) {
          c = newCellUncapped(slot, category, e.outcome(), i);
        }
        c.events.add(e.events());
        c.values.add(e.values());
        c.flushedEvents += e.events();
        c.flushedValues += e.values();
        c.seen(e.firstSeen().toEpochMilli());
        c.seen(e.lastSeen().toEpochMilli());
        c.flushedLastSeen = c.lastSeen;
      }
    }
  }

  // ------------------------------------------------------------------ internals

  private static final Comparator<SubjectSketch> SKETCH_ORDER =
      Comparator.comparing(SubjectSketch::destination).thenComparing(SubjectSketch::day);

  private static int categorySlot(String code) {
    if (LedgerEntry.NO_CATEGORY.equals(code)) {
      return 0;
    }
    Category c = Category.byCode(code);
    return c == null ? -1 : c.ordinal() + 1;
  }

  Lane lane(String source, String destination) {
    Map<String, Lane> byDestination = lanes.get(source);
    if (byDestination != null) {
      Lane l = byDestination.get(destination);
      if (l != null) {
        return l;
      }
    }
    Subjects s = subjects.computeIfAbsent(destination, Subjects::new);
    return lanes
        .computeIfAbsent(source, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(destination, d -> new Lane(source, d, s));
  }

  /** Slow path of {@link Lane#slot}: the path was not seen as is. */
  PathSlot newSlot(Lane lane, String rawPath) {
    String path = PathNormalizer.normalize(rawPath);
    if (path.equals(OTHER_PATH) || path.equals(EVENT_PATH)) {
      return lane.other; // a field literally named like a reserved row is not allowed to mimic it
    }
    PathSlot s = lane.paths.get(path);
    if (s != null) {
      return s;
    }
    if (keys.get() >= maxKeys) {
      return lane.other;
    }
    return lane.paths.computeIfAbsent(path, p -> new PathSlot(lane, p, true));
  }

  /** Slow path of {@link PathSlot#cell}: a key seen for the first time. */
  Cell newCell(PathSlot slot, int category, Outcome outcome, int index) {
    if (!slot.capped) {
      return newCellUncapped(slot, category, outcome, index);
    }
    if (keys.incrementAndGet() > maxKeys) {
      keys.decrementAndGet();
      return slot.lane.other.cell(this, category, outcome);
    }
    Cell c = new Cell(cellIds.getAndIncrement(), slot, category, outcome);
    if (slot.cells.compareAndSet(index, null, c)) {
      cells.add(c);
      return c;
    }
    keys.decrementAndGet();
    return slot.cells.get(index);
  }

  private Cell newCellUncapped(PathSlot slot, int category, Outcome outcome, int index) {
    Cell c = new Cell(cellIds.getAndIncrement(), slot, category, outcome);
    if (slot.cells.compareAndSet(index, null, c)) {
      if (slot.capped) {
        keys.incrementAndGet();
      }
      cells.add(c);
      return c;
    }
    return slot.cells.get(index);
  }

  private void evictOldDays() {
    long yesterday = Math.floorDiv(clock.millis(), DAY_MILLIS) - 1;
    for (Subjects s : subjects.values()) {
      s.days.values().removeIf(d -> d.day < yesterday && !d.dirty);
    }
  }

  /** One (source, destination) pair: its paths and its destination's subject sketches. */
  static final class Lane {
    final String source;
    final String destination;
    final ConcurrentHashMap<String, PathSlot> paths = new ConcurrentHashMap<>();
    final PathSlot other;
    final PathSlot event;
    final Subjects subjects;

    Lane(String source, String destination, Subjects subjects) {
      this.source = source;
      this.destination = destination;
      this.subjects = subjects;
      this.other = new PathSlot(this, OTHER_PATH, false);
      this.event = new PathSlot(this, EVENT_PATH, false);
    }

    PathSlot slot(FlowLedger ledger, String rawPath) {
      PathSlot s = paths.get(rawPath);
      return s != null ? s : ledger.newSlot(this, rawPath);
    }
  }

  /** One normalised path of a lane: its keys, by (category, outcome). */
  static final class PathSlot {
    final Lane lane;
    final String path;
    /** False for the reserved rows, which are bounded by construction and never refused. */
    final boolean capped;
    final AtomicReferenceArray<Cell> cells = new AtomicReferenceArray<>(CATEGORY_SLOTS * OUTCOMES.length);

    PathSlot(Lane lane, String path, boolean capped) {
      this.lane = lane;
      this.path = path;
      this.capped = capped;
    }

    static int index(int category, Outcome outcome) {
      return category * OUTCOMES.length + outcome.ordinal();
    }

    Cell cell(FlowLedger ledger, int category, Outcome outcome) {
      int i = index(category, outcome);
      Cell c = cells.get(i);
      return c != null ? c : ledger.newCell(this, category, outcome, i);
    }
  }

  /** One key's counters. */
  static final class Cell {
    static final long UNSEEN_FIRST = Long.MAX_VALUE;
    static final long UNSEEN_LAST = Long.MIN_VALUE;
    private static final VarHandle FIRST;
    private static final VarHandle LAST;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        FIRST = l.findVarHandle(Cell.class, "firstSeen", long.class);
        LAST = l.findVarHandle(Cell.class, "lastSeen", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final int id;
    final PathSlot slot;
    final int category;
    final Outcome outcome;
    final boolean overflow;
    final LongAdder events = new LongAdder();
    final LongAdder values = new LongAdder();
    volatile long firstSeen = UNSEEN_FIRST;
    volatile long lastSeen = UNSEEN_LAST;
    /** Guarded by the ledger's flush lock. */
    long flushedEvents;
    long flushedValues;
    long flushedLastSeen = UNSEEN_LAST;

    Cell(int id, PathSlot slot, int category, Outcome outcome) {
      this.id = id;
      this.slot = slot;
      this.category = category;
      this.outcome = outcome;
      this.overflow = slot == slot.lane.other;
    }

    /** Seen-times first (a flusher that sees the counts sees them too), then the counts. */
    void add(int values, long now) {
      seen(now);
      this.events.increment();
      this.values.add(values);
    }

    void seen(long now) {
      long f = firstSeen;
      while (now < f) {
        long w = (long) FIRST.compareAndExchange(this, f, now);
        if (w == f) {
          break;
        }
        f = w;
      }
      long l = lastSeen;
      while (now > l) {
        long w = (long) LAST.compareAndExchange(this, l, now);
        if (w == l) {
          break;
        }
        l = w;
      }
    }

    LedgerEntry entry(long events, long values) {
      return new LedgerEntry(
          slot.lane.source,
          slot.lane.destination,
          slot.path,
          CATEGORY_CODES[category],
          outcome,
          events,
          values,
          Instant.ofEpochMilli(firstSeen),
          Instant.ofEpochMilli(lastSeen));
    }
  }

  /** A destination's subject sketches by UTC day (epoch day). */
  static final class Subjects {
    final String destination;
    final ConcurrentHashMap<Long, DaySketch> days = new ConcurrentHashMap<>();
    volatile DaySketch current;

    Subjects(String destination) {
      this.destination = destination;
    }

    void add(long hash, long nowMillis) {
      long day = Math.floorDiv(nowMillis, DAY_MILLIS);
      DaySketch d = current;
      if (d == null || d.day != day) {
        d = days.computeIfAbsent(day, DaySketch::new);
        current = d;
      }
      if (d.hll.add(hash)) {
        d.dirty = true;
      }
    }
  }

  static final class DaySketch {
    final long day;
    final HyperLogLog hll = new HyperLogLog();
    volatile boolean dirty;

    DaySketch(long day) {
      this.day = day;
    }
  }

  /**
   * A thread's observer: buffers one event's reports as (key, count) in an open-addressing table,
   * then commits them when the contract ends the event. Thread-confined.
   */
  static final class EventRecorder implements FlowObserver {
    private final FlowLedger ledger;
    private Lane lane;
    private Cell[] table = new Cell[64];
    private int[] counts = new int[64];
    private int[] used = new int[64];
    private int size;

    EventRecorder(FlowLedger ledger) {
      this.ledger = ledger;
    }

    void begin(Lane lane) {
      if (size != 0) {
        clear(); // the previous event never ended (an exception in the contract)
      }
      this.lane = lane;
    }

    @Override
    public void field(String path, Set<Category> categories, Outcome outcome) {
      PathSlot slot = lane.slot(ledger, path);
      if (categories.isEmpty()) {
        add(slot.cell(ledger, 0, outcome));
      } else {
        for (Category c : categories) {
          add(slot.cell(ledger, c.ordinal() + 1, outcome));
        }
      }
    }

    @Override
    public void eventSent(String subject) {
      add(lane.event.cell(ledger, 0, Outcome.SENT));
      long now = ledger.clock.millis();
      commit(now);
      if (subject != null) {
        lane.subjects.add(HyperLogLog.hash(subject), now);
      }
    }

    @Override
    public void eventDropped(Set<Category> categories) {
      clear();
      if (categories.isEmpty()) {
        add(lane.event.cell(ledger, 0, Outcome.DROPPED_FOR_PII));
      } else {
        for (Category c : categories) {
          add(lane.event.cell(ledger, c.ordinal() + 1, Outcome.DROPPED_FOR_PII));
        }
      }
      commit(ledger.clock.millis());
    }

    private void add(Cell c) {
      if (c.overflow) {
        ledger.overflowed.increment();
      }
      int mask = table.length - 1;
      int i = spread(c.id) & mask;
      while (true) {
        Cell t = table[i];
        if (t == c) {
          counts[i]++;
          return;
        }
        if (t == null) {
          table[i] = c;
          counts[i] = 1;
          used[size++] = i;
          if (size * 2 > table.length) {
            grow();
          }
          return;
        }
        i = (i + 1) & mask;
      }
    }

    private void grow() {
      Cell[] oldTable = table;
      int[] oldCounts = counts;
      int[] oldUsed = used;
      int n = size;
      table = new Cell[oldTable.length * 2];
      counts = new int[table.length];
      used = new int[table.length];
      size = 0;
      for (int k = 0; k < n; k++) {
        int j = oldUsed[k];
        Cell c = oldTable[j];
        int count = oldCounts[j];
        int mask = table.length - 1;
        int i = spread(c.id) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = c;
        counts[i] = count;
        used[size++] = i;
      }
    }

    private static int spread(int id) {
      int h = id * 0x9E3779B9;
      return h ^ (h >>> 16);
    }

    private void commit(long now) {
      for (int k = 0; k < size; k++) {
        int i = used[k];
        table[i].add(counts[i], now);
        table[i] = null;
      }
      size = 0;
    }

    private void clear() {
      for (int k = 0; k < size; k++) {
        table[used[k]] = null;
      }
      size = 0;
    }
  }
}
