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
 * lane, so nothing is allocated per event. A field's path is recognised through a hint (the path
 * that followed the previous one last time, one comparison with the contract's path buffer) or,
 * on a miss, one concurrent hash lookup; its key is an int (path slot id, category, outcome).
 * The recorder buffers the event's keys in a thread-confined table, which makes {@code events}
 * exact (an array of three products is one event, three values) and lets {@code onPii:
 * drop-event} discard the reports of an event that never left. At the end of the event it folds
 * them into its pending counts under one uncontended lock, and publishes those into the shared
 * {@link LongAdder}s about once a second; flushes and snapshots publish every recorder first.
 * The clock is read once per event, to the second. Creating a key is the only slow path.
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
  /** Path slots by id, for resolving a recorder's keys when it publishes; grown under its own lock. */
  private volatile PathSlot[] slotsById = new PathSlot[256];
  private int slotCount; // guarded by slotRegistry
  private final Object slotRegistry = new Object();
  private final LongAdder overflowed = new LongAdder();
  private final ThreadLocal<EventRecorder> recorders = ThreadLocal.withInitial(this::newRecorder);
  /** Every thread's recorder, so flushes and snapshots can take the counts they hold. */
  private final ConcurrentLinkedQueue<EventRecorder> allRecorders = new ConcurrentLinkedQueue<>();
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
    drainRecorders();
    List<LedgerEntry> entries = new ArrayList<>();
    for (Cell c : cells) {
      long events = c.events();
      long values = c.values(events);
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
      drainRecorders();
      List<LedgerEntry> entries = new ArrayList<>();
      List<Cell> flushed = new ArrayList<>();
      List<long[]> marks = new ArrayList<>();
      for (Cell c : cells) {
        long events = c.events();
        long values = c.values(events);
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
              default -> lane.paths.computeIfAbsent(PathNormalizer.normalize(e.path()), p -> new PathSlot(this, lane, p, true));
            };
        int i = PathSlot.index(category, e.outcome());
        Cell c = slot.get(i);
        if (c == null) {
          c = newCellUncapped(slot, category, e.outcome(), i);
        }
        c.add(e.events());
        c.extraValues.add(e.values() - e.events());
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
        .computeIfAbsent(destination, d -> new Lane(this, source, d, s));
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
    return lane.paths.computeIfAbsent(path, p -> new PathSlot(this, lane, p, true));
  }

  /** Slow path of {@link PathSlot#cell}: a key seen for the first time. */
  Cell newCell(PathSlot slot, int category, Outcome outcome, int index) {
    if (!slot.capped) {
      return newCellUncapped(slot, category, outcome, index);
    }
    if (keys.get() >= maxKeys) {
      return slot.lane.other.cell(this, category, outcome); // full: no churn on the counter
    }
    if (keys.incrementAndGet() > maxKeys) {
      keys.decrementAndGet(); // undoes our own increment only
      return slot.lane.other.cell(this, category, outcome);
    }
    Cell c = new Cell(slot, category, outcome, index);
    if (slot.install(index, c)) {
      cells.add(c);
      slot.markPresent(index);
      return c;
    }
    keys.decrementAndGet();
    return slot.get(index);
  }

  private Cell newCellUncapped(PathSlot slot, int category, Outcome outcome, int index) {
    Cell c = new Cell(slot, category, outcome, index);
    if (slot.install(index, c)) {
      if (slot.capped) {
        keys.incrementAndGet();
      }
      cells.add(c);
      slot.markPresent(index);
      return c;
    }
    return slot.get(index);
  }

  /** Gives {@code slot} the next id and makes it findable by it. */
  int register(PathSlot slot) {
    synchronized (slotRegistry) {
      int id = slotCount++;
      if (id >= 1 << 24) {
        throw new IllegalStateException("ledger path slots exhausted");
      }
      PathSlot[] a = slotsById;
      if (id == a.length) {
        a = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[id] = slot;
      slotsById = a; // volatile write after the element: a reader of the array sees the slot
      return id;
    }
  }

  /** The cell behind a recorder key; it exists (keys are made from existing cells). */
  Cell cellOf(int key) {
    return slotsById[key >>> PathSlot.INDEX_BITS].get(key & PathSlot.INDEX_MASK);
  }

  private EventRecorder newRecorder() {
    EventRecorder r = new EventRecorder(this, Thread.currentThread());
    allRecorders.add(r);
    return r;
  }

  /** Publishes what every thread's recorder holds; forgets recorders of threads that ended. */
  private void drainRecorders() {
    for (EventRecorder r : allRecorders) {
      boolean ended = !r.owner.isAlive(); // checked first: an ended thread records nothing more
      r.publish();
      if (ended) {
        allRecorders.remove(r);
      }
    }
  }

  /** The clock, to the whole second: first/last seen need no more, and keys then write last seen once a second. */
  long now() {
    long ms = clock.millis();
    return ms - Math.floorMod(ms, 1000L);
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
    /** The slot the last event reported first: a hint, see {@link PathSlot#next}. */
    PathSlot first;

    Lane(FlowLedger ledger, String source, String destination, Subjects subjects) {
      this.source = source;
      this.destination = destination;
      this.subjects = subjects;
      this.other = new PathSlot(ledger, this, OTHER_PATH, false);
      this.event = new PathSlot(ledger, this, EVENT_PATH, false);
    }

    PathSlot slot(FlowLedger ledger, String rawPath) {
      PathSlot s = paths.get(rawPath);
      return s != null ? s : ledger.newSlot(this, rawPath);
    }
  }

  /**
   * One normalised path of a lane: its keys, by (category, outcome). A recorder names a key by
   * the int {@code id << INDEX_BITS | index} and checks that its cell exists in the {@code
   * present} bits, so recording touches this object and nothing behind it; cells are looked up
   * only when a recorder publishes.
   */
  static final class PathSlot {
    static final int INDEX_BITS = 7;
    static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(Cell[].class);
    private static final VarHandle PRESENT_LOW;
    private static final VarHandle PRESENT_HIGH;

    static {
      if (CATEGORY_SLOTS * OUTCOMES.length > 128) {
        throw new ExceptionInInitializerError("ledger key index needs more than 7 bits");
      }
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        PRESENT_LOW = l.findVarHandle(PathSlot.class, "presentLow", long.class);
        PRESENT_HIGH = l.findVarHandle(PathSlot.class, "presentHigh", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Lane lane;
    final String path;
    final int id;
    /** False for the reserved rows, which are bounded by construction and never refused. */
    final boolean capped;
    /** This is its lane's {@link #OTHER_PATH} row: what is counted here overflowed the cap. */
    final boolean overflow;
    /** Which cells exist, by index: bits 0-63 and 64-127. */
    volatile long presentLow;
    volatile long presentHigh;
    /**
     * The slot reported right after this one last time: a hint. Events of one lane report their
     * paths in nearly the same order, so checking the hint is one comparison with the contract's
     * path buffer, where a map lookup needs a String built from it and hashed. Written only on a
     * miss; racy on purpose (a stale hint is a miss; {@link #path} is final, so a hint read is safe).
     */
    PathSlot next;
    /** The successor before {@link #next}: events of another shape (type, optional fields). */
    PathSlot nextBefore;
    /** Read with acquire and set with compare-and-set through {@link #CELLS}. */
    final Cell[] cells = new Cell[CATEGORY_SLOTS * OUTCOMES.length];

    PathSlot(FlowLedger ledger, Lane lane, String path, boolean capped) {
      this.lane = lane;
      this.path = path;
      this.capped = capped;
      this.overflow = path.equals(OTHER_PATH);
      this.id = ledger.register(this);
    }

    static int index(int category, Outcome outcome) {
      return category * OUTCOMES.length + outcome.ordinal();
    }

    int key(int index) {
      return id << INDEX_BITS | index;
    }

    boolean present(int index) {
      long bits = index < 64 ? presentLow : presentHigh;
      return (bits >>> (index & 63) & 1L) != 0;
    }

    void markPresent(int index) {
      VarHandle h = index < 64 ? PRESENT_LOW : PRESENT_HIGH;
      long bit = 1L << (index & 63);
      long bits = (long) h.getVolatile(this);
      while ((bits & bit) == 0) {
        long w = (long) h.compareAndExchange(this, bits, bits | bit);
        if (w == bits) {
          return;
        }
        bits = w;
      }
    }

    Cell get(int i) {
      return (Cell) CELLS.getAcquire(cells, i);
    }

    boolean install(int i, Cell c) {
      return CELLS.compareAndSet(cells, i, (Cell) null, c);
    }

    Cell cell(FlowLedger ledger, int category, Outcome outcome) {
      int i = index(category, outcome);
      Cell c = get(i);
      return c != null ? c : ledger.newCell(this, category, outcome, i);
    }
  }

  /**
   * One key's counters, added to by recorders when they publish. The cell is itself the {@code
   * events} adder; {@code values} is kept as the values beyond one per event. First/last seen are
   * whole seconds (in milliseconds).
   */
  @SuppressWarnings("serial")
  static final class Cell extends LongAdder {
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

    /** The recorders' name for it: its slot's id and its index there. */
    final int key;
    final PathSlot slot;
    final int category;
    final Outcome outcome;
    /** values - events: only arrays (several values at one path in one event) add to it. */
    final LongAdder extraValues = new LongAdder();
    volatile long firstSeen = UNSEEN_FIRST;
    volatile long lastSeen = UNSEEN_LAST;
    /** Guarded by the ledger's flush lock. */
    long flushedEvents;
    long flushedValues;
    long flushedLastSeen = UNSEEN_LAST;

    Cell(PathSlot slot, int category, Outcome outcome, int index) {
      this.key = slot.key(index);
      this.slot = slot;
      this.category = category;
      this.outcome = outcome;
    }

    long events() {
      return sum();
    }

    /** Read {@code events} first: a concurrent commit then shows at worst fewer values, never more. */
    long values(long events) {
      return events + extraValues.sum();
    }

    /** Counts published by a recorder: seen-times first (a flusher that sees the counts sees them too). */
    void publish(long events, long extra, long first, long last) {
      seen(first);
      seen(last);
      add(events);
      if (extra != 0) {
        extraValues.add(extra);
      }
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
   * A thread's observer. Per event it buffers the reports as (key, count) in a small
   * open-addressing table of ints (so {@code events} counts each key once per event, and a dropped
   * event's reports can be discarded). When the event ends, the table is folded into the thread's
   * <em>pending</em> counts under the recorder's lock: plain array additions, one uncontended lock
   * per event instead of one atomic operation per key. Pending counts are published into the
   * shared cells about once a second by the owner, and by every flush and snapshot (which take the
   * lock), so no count waits past a flush and none is lost when the thread ends.
   *
   * <p>Keys are ints ({@link PathSlot#key}), so recording a field touches the path slot and this
   * thread's arrays only: on this hot path the cost is memory traffic, not instructions.
   */
  static final class EventRecorder implements FlowObserver {
    private static final long PUBLISH_MILLIS = 1_000;
    private static final int PUBLISH_KEYS = 512;
    private static final int STRIDE = 4; // key + 1, events, extra values, first | last second

    private final FlowLedger ledger;
    final Thread owner;
    private Lane lane;
    /** The slot of the previous report of this event, or null at its start. */
    private PathSlot previous;
    // This event, thread-confined: key + 1 (0 = free) and count.
    private int[] eKeys = new int[64];
    private int[] eCounts = new int[64];
    private int[] eUsed = new int[64];
    private int eSize;
    // Pending across events, guarded by this: STRIDE longs per entry, one cache line per two.
    private long[] pData = new long[64 * STRIDE];
    private int[] pUsed = new int[64];
    private int pSize;
    private long pendingSince;

    EventRecorder(FlowLedger ledger, Thread owner) {
      this.ledger = ledger;
      this.owner = owner;
    }

    void begin(Lane lane) {
      if (eSize != 0) {
        clear(); // the previous event never ended (an exception in the contract)
      }
      this.lane = lane;
      this.previous = null;
    }

    @Override
    public void field(String path, Set<Category> categories, Outcome outcome) {
      field((CharSequence) path, categories, outcome);
    }

    @Override
    public void field(CharSequence path, Set<Category> categories, Outcome outcome) {
      PathSlot slot = slot(path);
      if (categories.isEmpty()) {
        add(slot, 0, outcome);
      } else {
        for (Category c : categories) {
          add(slot, c.ordinal() + 1, outcome);
        }
      }
    }

    @Override
    public void eventSent(String subject) {
      add(lane.event, 0, Outcome.SENT);
      long now = ledger.now();
      endEvent(now);
      if (subject != null) {
        lane.subjects.add(HyperLogLog.hash(subject), now);
      }
    }

    @Override
    public void eventDropped(Set<Category> categories) {
      clear();
      if (categories.isEmpty()) {
        add(lane.event, 0, Outcome.DROPPED_FOR_PII);
      } else {
        for (Category c : categories) {
          add(lane.event, c.ordinal() + 1, Outcome.DROPPED_FOR_PII);
        }
      }
      endEvent(ledger.now());
    }

    /** The slot for a reported path: a hint when one matches (see {@link PathSlot#next}), else the map. */
    private PathSlot slot(CharSequence path) {
      PathSlot prev = previous;
      PathSlot slot;
      if (prev == null) {
        PathSlot hint = lane.first;
        if (hint != null && hint.path.contentEquals(path)) {
          slot = hint;
        } else {
          slot = lane.slot(ledger, path.toString());
          lane.first = slot;
        }
      } else {
        PathSlot hint = prev.next;
        PathSlot before = prev.nextBefore;
        if (hint != null && hint.path.contentEquals(path)) {
          slot = hint;
        } else if (before != null && before.path.contentEquals(path)) {
          slot = before; // no write on a hit: shared hints stay put
        } else {
          slot = lane.slot(ledger, path.toString());
          prev.nextBefore = hint;
          prev.next = slot;
        }
      }
      previous = slot;
      return slot;
    }

    /** Counts one value of this event under (slot, category, outcome). */
    private void add(PathSlot slot, int category, Outcome outcome) {
      int index = PathSlot.index(category, outcome);
      int key;
      boolean overflow;
      if (slot.present(index)) {
        key = slot.key(index);
        overflow = slot.overflow;
      } else {
        Cell c = slot.cell(ledger, category, outcome); // creates it, or its (other) row past the cap
        key = c.key;
        overflow = c.slot.overflow;
      }
      if (overflow) {
        ledger.overflowed.increment();
      }
      int mask = eKeys.length - 1;
      int k1 = key + 1;
      int i = spread(key) & mask;
      while (true) {
        int t = eKeys[i];
        if (t == k1) {
          eCounts[i]++;
          return;
        }
        if (t == 0) {
          eKeys[i] = k1;
          eCounts[i] = 1;
          eUsed[eSize++] = i;
          if (eSize * 2 > eKeys.length) {
            growEvent();
          }
          return;
        }
        i = (i + 1) & mask;
      }
    }

    private void growEvent() {
      int[] ok = eKeys;
      int[] oc = eCounts;
      int[] ou = eUsed;
      int n = eSize;
      eKeys = new int[ok.length * 2];
      eCounts = new int[eKeys.length];
      eUsed = new int[eKeys.length];
      eSize = 0;
      int mask = eKeys.length - 1;
      for (int k = 0; k < n; k++) {
        int j = ou[k];
        int i = spread(ok[j] - 1) & mask;
        while (eKeys[i] != 0) {
          i = (i + 1) & mask;
        }
        eKeys[i] = ok[j];
        eCounts[i] = oc[j];
        eUsed[eSize++] = i;
      }
    }

    private static int spread(int key) {
      int h = key * 0x9E3779B9;
      return h ^ (h >>> 16);
    }

    /** Folds this event into the pending counts; publishes them when they are old or many. */
    private void endEvent(long now) {
      long second = now / 1000;
      synchronized (this) {
        if (pSize == 0) {
          pendingSince = now;
        }
        for (int k = 0; k < eSize; k++) {
          int i = eUsed[k];
          pend(eKeys[i], eCounts[i], second);
          eKeys[i] = 0;
        }
        eSize = 0;
        if (now - pendingSince >= PUBLISH_MILLIS || pSize >= PUBLISH_KEYS) {
          publish();
        }
      }
    }

    /** {@code k1}: key + 1. First and last second share a long (unsigned 32-bit seconds: to 2106). */
    private void pend(int k1, int values, long second) {
      int capacity = pUsed.length;
      int mask = capacity - 1;
      int i = spread(k1 - 1) & mask;
      while (true) {
        int d = i * STRIDE;
        long t = pData[d];
        if (t == k1) {
          pData[d + 1]++;
          pData[d + 2] += values - 1;
          pData[d + 3] = (pData[d + 3] & 0xFFFF_FFFFL) | (second << 32);
          return;
        }
        if (t == 0) {
          pData[d] = k1;
          pData[d + 1] = 1;
          pData[d + 2] = values - 1;
          pData[d + 3] = second | (second << 32);
          pUsed[pSize++] = i;
          if (pSize * 2 > capacity) {
            growPending();
          }
          return;
        }
        i = (i + 1) & mask;
      }
    }

    private void growPending() {
      long[] od = pData;
      int[] ou = pUsed;
      int n = pSize;
      int capacity = ou.length * 2;
      pData = new long[capacity * STRIDE];
      pUsed = new int[capacity];
      pSize = 0;
      int mask = capacity - 1;
      for (int k = 0; k < n; k++) {
        int from = ou[k] * STRIDE;
        int i = spread((int) od[from] - 1) & mask;
        while (pData[i * STRIDE] != 0) {
          i = (i + 1) & mask;
        }
        System.arraycopy(od, from, pData, i * STRIDE, STRIDE);
        pUsed[pSize++] = i;
      }
    }

    /** Adds the pending counts to the shared cells. Called by the owner and by flushes. */
    synchronized void publish() {
      for (int k = 0; k < pSize; k++) {
        int d = pUsed[k] * STRIDE;
        Cell c = ledger.cellOf((int) pData[d] - 1);
        long seconds = pData[d + 3];
        c.publish(pData[d + 1], pData[d + 2], (seconds & 0xFFFF_FFFFL) * 1000, (seconds >>> 32) * 1000);
        pData[d] = 0;
      }
      pSize = 0;
    }

    private void clear() {
      for (int k = 0; k < eSize; k++) {
        eKeys[eUsed[k]] = 0;
      }
      eSize = 0;
    }
  }
}
