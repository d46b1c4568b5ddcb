package dev.sluice.server.store;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link Outbox}: per destination a directory of encrypted, append-only segment files
 * ({@link SegmentLog}) and a {@code head} file with the committed position.
 *
 * <p><b>Group commit.</b> An fsync costs about as much for one record as for a thousand, so appends
 * do not fsync themselves: callers encrypt their entries on their own thread (the CPU work
 * parallelises), queue them, and wait. One writer thread takes everything queued, writes it, fsyncs
 * each touched segment once, and then releases all those callers together. Under load an fsync is
 * shared by many appends; when idle an append waits for just one fsync.
 *
 * <p><b>Bound.</b> Stored record bytes (framing and ciphertext) not yet committed count against
 * {@code maxBytes}. An append reserves its bytes before queueing and is refused whole when they do
 * not fit, so the bound holds however many threads append at once. Disk use can exceed it by the
 * already-committed part of each destination's oldest segment, until that segment is deleted.
 *
 * <p><b>After an I/O failure</b> the outbox refuses further appends (after a failed fsync, the
 * kernel's view of the file can no longer be trusted); senders may still drain what is stored. A
 * restart recovers.
 */
public final class FileOutbox implements Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class);

  /** Large enough that rolling is rare, small enough that a delivered segment frees space soon. */
  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  private static final String HEAD_FILE = "head";
  private static final byte[] AD_PREFIX = "sluice/outbox\0".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_GROUP = 16_384;
  private static final Request STOP = new Request(List.of(), null, 0);

  private final Path dir;
  private final Aead aead;
  private final long maxBytes;
  private final long segmentBytes;
  private final DirectoryLock lock;
  private final RecoveryReport recovery;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicLong held = new AtomicLong();
  private final DrainRate drain = new DrainRate();
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Object admission = new Object();
  private final Thread writer;

  private final AtomicLong groupCommits = new AtomicLong();
  private volatile IntConsumer beforeGroupWrite = n -> {};
  private volatile boolean closed; // set under admission
  private volatile IOException failure;

  private FileOutbox(
      Path dir,
      Aead aead,
      long maxBytes,
      long segmentBytes,
      DirectoryLock lock,
      RecoveryReport.Builder report)
      throws IOException {
    this.dir = dir;
    this.aead = aead;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.lock = lock;
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!Files.isDirectory(p)) {
          continue;
        }
        String destination;
        try {
          destination = DestinationNames.decode(p.getFileName().toString());
        } catch (IllegalArgumentException e) {
          LOG.warn("outbox: ignoring {}: not a destination directory", p);
          continue;
        }
        Lane lane = openLane(destination, report);
        lanes.put(destination, lane);
        held.addAndGet(lane.bytes);
      }
    }
    this.recovery = report.build();
    this.writer = new Thread(this::runWriter, "sluice-outbox-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens the outbox in {@code dir} (creating it), recovering every destination found there; see
   * {@link #recoveryReport()} for what recovery had to drop.
   *
   * @param aead encrypts the items; the key store's outbox AEAD
   * @param maxBytes the bound on stored, uncommitted bytes
   * @throws IOException if the directory cannot be used, is open elsewhere, or holds a segment that
   *     is not ours
   */
  public static FileOutbox open(Path dir, Aead aead, long maxBytes) throws IOException {
    return open(dir, aead, maxBytes, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Whether another opener (a running gateway) holds the outbox directory now. Commands that
   * change the data directory offline ({@code sluice incident}) ask first, and go through the
   * running gateway's admin API instead.
   */
  public static boolean inUse(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
      return false;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().endsWith(DirectoryLock.IN_USE)) {
        return true;
      }
      throw e;
    }
  }

  static FileOutbox open(Path dir, Aead aead, long maxBytes, long segmentBytes) throws IOException {
    if (maxBytes < 1 || segmentBytes < SegmentLog.HEADER + 1) {
      throw new IllegalArgumentException("outbox bounds must be positive");
    }
    DurableFiles.createDirectories(dir);
    DirectoryLock lock = DirectoryLock.acquire(dir);
    try {
      return new FileOutbox(
          dir, aead, maxBytes, segmentBytes, lock, new RecoveryReport.Builder("outbox"));
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  @Override
  public boolean writable() {
    return !closed && failure == null && writer.isAlive();
  }

  /** What recovery found when this outbox was opened. */
  public RecoveryReport recoveryReport() {
    return recovery;
  }

  @Override
  public void append(List<OutboxEntry> entries) throws OutboxFullException {
    checkOpen();
    if (failure != null) {
      throw new UncheckedIOException(
          "outbox refuses appends after an earlier write failure; restart to recover", failure);
    }
    if (entries.isEmpty()) {
      return;
    }
    List<Sealed> sealed = new ArrayList<>(entries.size());
    long bytes = 0;
    for (OutboxEntry e : entries) {
      byte[] frame = SegmentLog.seal(aead, associatedData(e.destination()), e.item());
      sealed.add(new Sealed(e.destination(), frame));
      bytes += frame.length;
    }
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(
          "append of " + bytes + " stored bytes can never fit an outbox bounded at " + maxBytes);
    }
    reserve(bytes);
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (admission) {
      if (closed) {
        held.addAndGet(-bytes);
        throw new IllegalStateException("outbox is closed");
      }
      queue.add(new Request(sealed, done, bytes));
    }
    try {
      done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException("outbox write failed; the entries are not acknowledged", io);
      }
      throw new IllegalStateException("outbox write failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new InterruptedIOException(
              "interrupted waiting for the outbox write; the entries may or may not be stored"));
    }
  }

  private void reserve(long bytes) throws OutboxFullException {
    while (true) {
      long now = held.get();
      if (now + bytes > maxBytes) {
        long seconds = drain.secondsToFree(now + bytes - maxBytes);
        throw new OutboxFullException(
            "outbox full: "
                + now
                + " of "
                + maxBytes
                + " bytes held, "
                + bytes
                + " more do not fit; retry after "
                + seconds
                + " s",
            seconds);
      }
      if (held.compareAndSet(now, now + bytes)) {
        return;
      }
    }
  }

  @Override
  public Batch peek(String destination, int maxItems, int maxBytes) {
    if (maxItems < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("maxItems and maxBytes must be positive");
    }
    checkOpen();
    Lane lane = lanes.get(destination);
    if (lane == null) {
      DestinationNames.validate(destination);
      return new Batch(this, destination, List.of(), 0, 0, 0);
    }
    lane.sender.lock();
    try {
      long from;
      long to;
      synchronized (lane) {
        from = lane.head;
        to = lane.durableEnd;
      }
      List<byte[]> items = new ArrayList<>();
      long[] acc = {from, 0, 0}; // end position, item bytes, stored bytes
      if (from < to) {
        lane.log.read(
            from,
            to,
            (start, end, plaintext) -> {
              if (!items.isEmpty() && acc[1] + plaintext.length > maxBytes) {
                return false;
              }
              items.add(plaintext);
              acc[0] = end;
              acc[1] += plaintext.length;
              acc[2] += end - start;
              return items.size() < maxItems;
            });
      }
      return new Batch(this, destination, items, from, acc[0], acc[2]);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the outbox of '" + destination + "' failed", e);
    } finally {
      lane.sender.unlock();
    }
  }

  @Override
  public void commit(String destination, Batch batch) {
    if (!batch.madeBy(this) || !batch.destination().equals(destination)) {
      throw new IllegalArgumentException(
          "batch was not peeked from this outbox for destination '" + destination + "'");
    }
    checkOpen();
    if (batch.isEmpty()) {
      return;
    }
    Lane lane = lanes.get(destination);
    lane.sender.lock();
    try {
      synchronized (lane) {
        if (batch.end() <= lane.head) {
          return; // committed before: commit is idempotent
        }
        if (batch.start() != lane.head) {
          throw new IllegalStateException(
              "batch does not start at the head of '"
                  + destination
                  + "': commit batches in the order they were peeked");
        }
      }
      // Durable first: if we crash after this, the batch is gone; before it, it is sent again.
      writeHead(lane.dir, batch.end());
      synchronized (lane) {
        lane.head = batch.end();
        lane.items -= batch.size();
        lane.bytes -= batch.storedBytes();
      }
      held.addAndGet(-batch.storedBytes());
      drain.record(batch.storedBytes());
      lane.log.deleteBefore(batch.end());
    } catch (IOException e) {
      throw new UncheckedIOException("committing the outbox of '" + destination + "' failed", e);
    } finally {
      lane.sender.unlock();
    }
  }

  @Override
  public long bytes() {
    return held.get();
  }

  @Override
  public long depth(String destination) {
    Lane lane = lanes.get(destination);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.items;
    }
  }

  @Override
  public Set<String> destinations() {
    return new TreeSet<>(lanes.keySet());
  }

  @Override
  public void close() {
    synchronized (admission) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish closing: the accepted appends are waiting on the writer
      }
    }
    IOException first = null;
    for (Lane lane : lanes.values()) {
      lane.sender.lock();
      try {
        lane.log.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      } finally {
        lane.sender.unlock();
      }
    }
    try {
      lock.close();
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first != null) {
      throw new UncheckedIOException("closing the outbox failed", first);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("outbox is closed");
    }
  }

  // ---- writer thread ----

  private void runWriter() {
    List<Request> group = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts the writer on purpose; close() stops it with STOP
      }
      queue.drainTo(group, MAX_GROUP);
      // STOP is queued after every accepted append (under the admission lock), so it comes last.
      boolean stop = group.get(group.size() - 1) == STOP;
      if (stop) {
        group.remove(group.size() - 1);
      }
      if (!group.isEmpty()) {
        writeGroup(group);
      }
      group.clear();
      if (stop) {
        return;
      }
    }
  }

  private void writeGroup(List<Request> group) {
    if (failure != null) {
      fail(group, failure);
      return;
    }
    try {
      beforeGroupWrite.accept(group.size());
      Map<Lane, List<byte[]>> frames = new LinkedHashMap<>();
      Map<Lane, long[]> added = new IdentityHashMap<>();
      for (Request r : group) {
        for (Sealed s : r.records()) {
          Lane lane = laneForWrite(s.destination());
          frames.computeIfAbsent(lane, l -> new ArrayList<>()).add(s.frame());
          long[] a = added.computeIfAbsent(lane, l -> new long[2]);
          a[0]++;
          a[1] += s.frame().length;
        }
      }
      for (Map.Entry<Lane, List<byte[]>> e : frames.entrySet()) {
        e.getKey().log.append(e.getValue());
      }
      for (Lane lane : frames.keySet()) {
        lane.log.force();
      }
      for (Lane lane : frames.keySet()) {
        long[] a = added.get(lane);
        synchronized (lane) {
          lane.durableEnd = lane.log.end();
          lane.items += a[0];
          lane.bytes += a[1];
        }
      }
    } catch (IOException | RuntimeException e) {
      IOException io = e instanceof IOException x ? x : new IOException(e);
      failure = io;
      LOG.error("outbox write failed; refusing further appends until restart", io);
      fail(group, io);
      return;
    }
    groupCommits.incrementAndGet();
    for (Request r : group) {
      r.done().complete(null);
    }
  }

  /** Group commits (one fsync round each) so far; appends per group commit shows batching. */
  long groupCommits() {
    return groupCommits.get();
  }

  /** Appends waiting for the writer. */
  int queued() {
    return queue.size();
  }

  /** For tests: runs on the writer thread before each group is written, with the group's size. */
  void beforeGroupWrite(IntConsumer hook) {
    beforeGroupWrite = hook;
  }

  private void fail(List<Request> group, IOException e) {
    for (Request r : group) {
      held.addAndGet(-r.bytes());
      r.done().completeExceptionally(e);
    }
  }

  private Lane laneForWrite(String destination) throws IOException {
    Lane lane = lanes.get(destination);
    if (lane == null) {
      // Only the writer creates lanes after open, so there is no race to create the directory.
      RecoveryReport.Builder none = new RecoveryReport.Builder("outbox");
      lane = openLane(destination, none);
      lanes.put(destination, lane);
    }
    return lane;
  }

  // ---- per destination ----

  private Lane openLane(String destination, RecoveryReport.Builder report) throws IOException {
    Path laneDir = dir.resolve(DestinationNames.encode(destination));
    long head = readHead(laneDir, destination);
    long[] pending = new long[2];
    SegmentLog log =
        SegmentLog.open(
            laneDir,
            aead,
            associatedData(destination),
            segmentBytes,
            head,
            (start, end, plaintext) -> {
              pending[0]++;
              pending[1] += end - start;
              return true;
            },
            destination,
            report);
    Lane lane = new Lane(destination, laneDir, log);
    lane.head = head;
    lane.durableEnd = Math.max(head, log.end());
    lane.items = pending[0];
    lane.bytes = pending[1];
    return lane;
  }

  /**
   * Binds each record to its destination (and to the outbox, as opposed to the dead letters): a
   * record copied into another destination's log fails to decrypt instead of being delivered to the
   * wrong vendor.
   */
  private static byte[] associatedData(String destination) {
    byte[] d = destination.getBytes(StandardCharsets.UTF_8);
    byte[] ad = new byte[AD_PREFIX.length + d.length];
    System.arraycopy(AD_PREFIX, 0, ad, 0, AD_PREFIX.length);
    System.arraycopy(d, 0, ad, AD_PREFIX.length, d.length);
    return ad;
  }

  /** The head file: the committed position in decimal and its CRC32C, so damage is detected. */
  private static void writeHead(Path laneDir, long position) throws IOException {
    String p = Long.toString(position);
    DurableFiles.writeAtomically(
        laneDir.resolve(HEAD_FILE),
        (p + " " + Long.toHexString(crc(p)) + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static long readHead(Path laneDir, String destination) throws IOException {
    String text;
    try {
      text = Files.readString(laneDir.resolve(HEAD_FILE), StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return 0;
    }
    String[] parts = text.split(" ");
    try {
      if (parts.length == 2 && Long.parseLong(parts[1], 16) == crc(parts[0])) {
        long p = Long.parseLong(parts[0]);
        if (p >= 0) {
          return p;
        }
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    // Losing the head means re-sending, never losing: start again from the oldest record.
    LOG.warn(
        "outbox '{}': head position unreadable; delivering again from the oldest stored record",
        destination);
    return 0;
  }

  private static long crc(String s) {
    CRC32C c = new CRC32C();
    c.update(s.getBytes(StandardCharsets.US_ASCII));
    return c.getValue();
  }

  private static final class Lane {
    final String destination;
    final Path dir;
    final SegmentLog log;

    /** Serialises peek and commit (one sender per destination is expected; this makes it safe). */
    final ReentrantLock sender = new ReentrantLock();

    // Guarded by this.
    long head;
    long durableEnd;
    long items;
    long bytes;

    Lane(String destination, Path dir, SegmentLog log) {
      this.destination = destination;
      this.dir = dir;
      this.log = log;
    }

    @Override
    public String toString() {
      return destination;
    }
  }

  private record Sealed(String destination, byte[] frame) {}

  private record Request(List<Sealed> records, CompletableFuture<Void> done, long bytes) {}

  /**
   * How fast senders have been committing, to suggest a Retry-After when the outbox is full. Looks
   * at the last completed window and the current one, so it follows a vendor slowing down.
   */
  private static final class DrainRate {
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long MAX_SECONDS = 60;
    private static final long UNKNOWN_SECONDS = 30;

    private long windowStart = System.nanoTime();
    private long windowBytes;
    private long previousBytes = -1;

    synchronized void record(long bytes) {
      roll();
      windowBytes += bytes;
    }

    synchronized long secondsToFree(long bytes) {
      roll();
      long elapsed = System.nanoTime() - windowStart;
      double seconds = (double) (elapsed + (previousBytes < 0 ? 0 : WINDOW_NANOS)) / 1e9;
      long drained = windowBytes + Math.max(previousBytes, 0);
      if (drained == 0 || seconds <= 0) {
        // Nothing delivered lately (a vendor down): ask clients to back off well.
        return UNKNOWN_SECONDS;
      }
      double rate = drained / seconds;
      return Math.max(1, Math.min(MAX_SECONDS, (long) Math.ceil(bytes / rate)));
    }

    private void roll() {
      long now = System.nanoTime();
      if (now - windowStart >= WINDOW_NANOS) {
        previousBytes = now - windowStart >= 2 * WINDOW_NANOS ? 0 : windowBytes;
        windowBytes = 0;
        windowStart = now;
      }
    }
  }
}
