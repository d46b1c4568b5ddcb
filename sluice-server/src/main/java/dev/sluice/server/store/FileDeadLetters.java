package dev.sluice.server.store;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link DeadLetterStore}: per destination an encrypted append-only {@link
 * SegmentLog}, one record per parked batch holding the reason, the time and the items. Parking is
 * rare (a vendor rejecting data for good), so each park writes and fsyncs on the caller's thread;
 * no group commit. An in-memory index built at open answers {@link #count} and {@link #list}
 * without decrypting again.
 */
public final class FileDeadLetters implements DeadLetterStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileDeadLetters.class);

  /** Reasons are for humans; a vendor's whole error page is not a reason. */
  public static final int MAX_REASON_CHARS = 500;

  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  private static final byte FORMAT = 1;
  private static final byte[] AD_PREFIX = "sluice/dead-letter\0".getBytes(StandardCharsets.UTF_8);

  private final Path dir;
  private final Aead aead;
  private final Clock clock;
  private final long segmentBytes;
  private final DirectoryLock lock;
  private final RecoveryReport recovery;
  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile IOException failure;

  private FileDeadLetters(Path dir, Aead aead, Clock clock, long segmentBytes, DirectoryLock lock)
      throws IOException {
    this.dir = dir;
    this.aead = aead;
    this.clock = clock;
    this.segmentBytes = segmentBytes;
    this.lock = lock;
    RecoveryReport.Builder report = new RecoveryReport.Builder("dead letters");
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!Files.isDirectory(p)) {
          continue;
        }
        String destination;
        try {
          destination = DestinationNames.decode(p.getFileName().toString());
        } catch (IllegalArgumentException e) {
          LOG.warn("dead letters: ignoring {}: not a destination directory", p);
          continue;
        }
        lanes.put(destination, openLane(destination, report));
      }
    }
    this.recovery = report.build();
  }

  /**
   * Opens (creating) the dead-letter store in {@code dir}, recovering what is there.
   *
   * @param clock stamps parked batches
   */
  public static FileDeadLetters open(Path dir, Aead aead, Clock clock) throws IOException {
    return open(dir, aead, clock, DEFAULT_SEGMENT_BYTES);
  }

  static FileDeadLetters open(Path dir, Aead aead, Clock clock, long segmentBytes)
      throws IOException {
    DurableFiles.createDirectories(dir);
    DirectoryLock lock = DirectoryLock.acquire(dir);
    try {
      return new FileDeadLetters(dir, aead, clock, segmentBytes, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** What recovery found when this store was opened. */
  public RecoveryReport recoveryReport() {
    return recovery;
  }

  @Override
  public void park(String destination, List<byte[]> items, String reason) {
    DestinationNames.validate(destination);
    Objects.requireNonNull(reason, "reason");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing to park");
    }
    checkOpen();
    if (failure != null) {
      throw new UncheckedIOException(
          "dead letters refuse writes after an earlier write failure; restart to recover", failure);
    }
    ParkedBatch meta = new ParkedBatch(shorten(reason), clock.instant(), items.size());
    byte[] frame = SegmentLog.seal(aead, associatedData(destination), encode(meta, items));
    try {
      Lane lane = lane(destination);
      synchronized (lane) {
        checkOpen();
        lane.log.append(List.of(frame));
        lane.log.force();
        lane.parked.add(meta);
        lane.items += items.size();
      }
    } catch (IOException e) {
      // A half-written record followed by good ones would make recovery cut the good ones too.
      failure = e;
      throw new UncheckedIOException("parking dead letters for '" + destination + "' failed", e);
    }
  }

  @Override
  public long count(String destination) {
    Lane lane = lanes.get(destination);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.items;
    }
  }

  @Override
  public List<ParkedBatch> list(String destination) {
    Lane lane = lanes.get(destination);
    if (lane == null) {
      return List.of();
    }
    synchronized (lane) {
      return List.copyOf(lane.parked);
    }
  }

  @Override
  public Set<String> destinations() {
    Set<String> out = new TreeSet<>();
    lanes.forEach(
        (d, lane) -> {
          if (count(d) > 0) {
            out.add(d);
          }
        });
    return out;
  }

  /** Every parked batch's items, oldest first; for replay tooling and tests. */
  List<List<byte[]>> items(String destination) throws IOException {
    Lane lane = lanes.get(destination);
    List<List<byte[]>> out = new ArrayList<>();
    if (lane == null) {
      return out;
    }
    synchronized (lane) {
      lane.log.read(
          0,
          lane.log.end(),
          (start, end, plaintext) -> {
            out.add(decodeItems(plaintext));
            return true;
          });
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = null;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        try {
          lane.log.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    try {
      lock.close();
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw new UncheckedIOException("closing the dead letters failed", first);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("dead-letter store is closed");
    }
  }

  private Lane lane(String destination) throws IOException {
    Lane lane = lanes.get(destination);
    if (lane != null) {
      return lane;
    }
    synchronized (lanes) {
      lane = lanes.get(destination);
      if (lane == null) {
        lane = openLane(destination, new RecoveryReport.Builder("dead letters"));
        lanes.put(destination, lane);
      }
      return lane;
    }
  }

  private Lane openLane(String destination, RecoveryReport.Builder report) throws IOException {
    Lane lane = new Lane();
    lane.log =
        SegmentLog.open(
            dir.resolve(DestinationNames.encode(destination)),
            aead,
            associatedData(destination),
            segmentBytes,
            0,
            (start, end, plaintext) -> {
              ParkedBatch meta = decodeMeta(plaintext);
              lane.parked.add(meta);
              lane.items += meta.items();
              return true;
            },
            destination,
            report);
    return lane;
  }

  private static byte[] associatedData(String destination) {
    byte[] d = destination.getBytes(StandardCharsets.UTF_8);
    byte[] ad = new byte[AD_PREFIX.length + d.length];
    System.arraycopy(AD_PREFIX, 0, ad, 0, AD_PREFIX.length);
    System.arraycopy(d, 0, ad, AD_PREFIX.length, d.length);
    return ad;
  }

  private static String shorten(String reason) {
    if (reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    int cut = MAX_REASON_CHARS - 1;
    if (Character.isHighSurrogate(reason.charAt(cut - 1))) {
      cut--;
    }
    return reason.substring(0, cut) + "…";
  }

  /**
   * Record plaintext: {@code [u8 format][i64 epoch second][i32 nano][u16 reason length][reason
   * UTF-8][i32 item count]} then per item {@code [i32 length][bytes]}. The metadata comes first so
   * the index can be rebuilt without touching the items.
   */
  private static byte[] encode(ParkedBatch meta, List<byte[]> items) {
    byte[] reason = meta.reason().getBytes(StandardCharsets.UTF_8);
    int size = 1 + 8 + 4 + 2 + reason.length + 4;
    for (byte[] i : items) {
      size = Math.addExact(size, 4 + i.length);
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(FORMAT)
        .putLong(meta.parkedAt().getEpochSecond())
        .putInt(meta.parkedAt().getNano())
        .putShort((short) reason.length)
        .put(reason)
        .putInt(items.size());
    for (byte[] i : items) {
      b.putInt(i.length).put(i);
    }
    return b.array();
  }

  private static ParkedBatch decodeMeta(byte[] plaintext) throws IOException {
    return readMeta(ByteBuffer.wrap(plaintext));
  }

  private static ParkedBatch readMeta(ByteBuffer b) throws IOException {
    try {
      if (b.get() != FORMAT) {
        throw new IOException("dead-letter record of an unknown format");
      }
      Instant at = Instant.ofEpochSecond(b.getLong(), b.getInt());
      byte[] reason = new byte[b.getShort() & 0xffff];
      b.get(reason);
      int count = b.getInt();
      return new ParkedBatch(new String(reason, StandardCharsets.UTF_8), at, count);
    } catch (BufferUnderflowException | DateTimeException e) {
      // It decrypted, so it is ours and authentic: a malformed body is a bug, not a torn write.
      throw new IOException("dead-letter record is malformed", e);
    }
  }

  private static List<byte[]> decodeItems(byte[] plaintext) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(plaintext);
    ParkedBatch meta = readMeta(b);
    List<byte[]> items = new ArrayList<>(meta.items());
    try {
      for (int k = 0; k < meta.items(); k++) {
        byte[] i = new byte[b.getInt()];
        b.get(i);
        items.add(i);
      }
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IOException("dead-letter record is malformed", e);
    }
    return items;
  }

  private static final class Lane {
    SegmentLog log;
    final List<ParkedBatch> parked = new ArrayList<>();
    long items;
  }
}
