package dev.sluice.server.store;

import com.google.crypto.tink.Aead;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's append-only log of encrypted records, kept as numbered segment files in one
 * directory. The outbox and the dead-letter store are both built on it.
 *
 * <p>A segment starts with an 8-byte header ({@link #MAGIC}) followed by records framed as {@code
 * [u32 length][u32 CRC32C of the ciphertext][ciphertext]}, big-endian. The CRC catches torn and
 * flipped bytes cheaply; the AEAD tag (with the log's associated data) additionally catches a
 * record written under another key or copied from another destination.
 *
 * <p>Positions are logical: the file {@code <base>.seg} holds the bytes of positions {@code base ..
 * base + size}, and a new segment's base is where the previous one ended. Positions therefore only
 * grow, and stay meaningful when old segments are deleted. Recovery may cut a segment short,
 * leaving a gap before the next segment; readers step over it.
 *
 * <p>Threading: {@link #append}, {@link #force} and {@link #close} come from one writer at a time.
 * {@link #read} and {@link #deleteBefore} may run on another thread concurrently with the writer:
 * readers open their own channels and only read below a position the writer has already forced.
 */
final class SegmentLog implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);

  /** "SLUICE", format version 1, newline: identifies our segments and their record format. */
  static final byte[] MAGIC = {'S', 'L', 'U', 'I', 'C', 'E', 1, '\n'};

  static final int HEADER = MAGIC.length;
  static final int FRAME_OVERHEAD = 8;

  /**
   * Anything longer is a corrupt length field, not a record: refusing it keeps a flipped bit from
   * making recovery allocate gigabytes.
   */
  static final int MAX_CIPHERTEXT = 64 << 20;

  private static final int READ_CHUNK = 256 << 10;
  private static final long ACTIVE = Long.MAX_VALUE;
  private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}\\.seg");

  /** Sees each valid record in order; returns false to stop reading. */
  interface Visitor {
    boolean accept(long start, long end, byte[] plaintext) throws IOException;
  }

  private final Path dir;
  private final Aead aead;
  private final byte[] associatedData;
  private final long segmentBytes;

  /**
   * Segment base to its end position; the active segment's end is still growing ({@link #ACTIVE}).
   */
  private final ConcurrentSkipListMap<Long, Long> segments = new ConcurrentSkipListMap<>();

  // Writer state.
  private FileChannel active;
  private long activeBase;
  private long activeSize;
  private long nextBase;
  private boolean unforced;

  private SegmentLog(Path dir, Aead aead, byte[] associatedData, long segmentBytes) {
    this.dir = dir;
    this.aead = aead;
    this.associatedData = associatedData.clone();
    this.segmentBytes = segmentBytes;
  }

  /** Encrypts one item and frames it; runs on any thread. */
  static byte[] seal(Aead aead, byte[] associatedData, byte[] plaintext) {
    byte[] ct;
    try {
      ct = aead.encrypt(plaintext, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encrypting a record failed", e);
    }
    if (ct.length > MAX_CIPHERTEXT) {
      throw new IllegalArgumentException(
          "record of " + plaintext.length + " bytes exceeds the limit of " + MAX_CIPHERTEXT);
    }
    CRC32C crc = new CRC32C();
    crc.update(ct);
    return ByteBuffer.allocate(FRAME_OVERHEAD + ct.length)
        .putInt(ct.length)
        .putInt((int) crc.getValue())
        .put(ct)
        .array();
  }

  /**
   * Opens (creating if needed) the log in {@code dir} and recovers it: every record at or after
   * {@code consumed} is read, checked and decrypted and handed to {@code visitor}; at the first bad
   * record the rest of that segment is cut off and reported to {@code report}. Segments wholly
   * before {@code consumed} are deleted. New records are written at or after {@code consumed}.
   *
   * @param destination the log's destination, for the report
   */
  static SegmentLog open(
      Path dir,
      Aead aead,
      byte[] associatedData,
      long segmentBytes,
      long consumed,
      Visitor visitor,
      String destination,
      RecoveryReport.Builder report)
      throws IOException {
    DurableFiles.createDirectories(dir);
    DurableFiles.deleteStaleTemporaries(dir);
    SegmentLog log = new SegmentLog(dir, aead, associatedData, segmentBytes);
    log.nextBase = consumed;
    List<Long> bases = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> SEGMENT_NAME.matcher(n).matches())
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .forEach(bases::add);
    }
    boolean deleted = false;
    for (int i = 0; i < bases.size(); i++) {
      long base = bases.get(i);
      boolean last = i == bases.size() - 1;
      Path file = log.path(base);
      long size = Files.size(file);
      if (size < HEADER) {
        // A crash between creating the file and forcing its header; it never held a record.
        report.dropped(destination, file, 0, size, "segment header incomplete");
        Files.delete(file);
        deleted = true;
        continue;
      }
      long end = base + size;
      if (end < consumed || (!last && end == consumed)) {
        // Wholly delivered. The last segment is kept when it ends exactly at the head, so new
        // records go on after it.
        Files.delete(file);
        deleted = true;
        continue;
      }
      long good = end;
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        checkHeader(ch, file, dir);
        long from = Math.max(base + HEADER, consumed);
        if (from < end) {
          Scan scan = log.scan(ch, base, from, end, visitor);
          if (scan.problem != null) {
            good = scan.position;
            ch.truncate(good - base);
            ch.force(true);
            report.dropped(destination, file, good - base, end - good, scan.problem);
          }
        }
      }
      log.segments.put(base, last ? ACTIVE : good);
      log.nextBase = Math.max(log.nextBase, good);
      if (last) {
        log.active = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        log.activeBase = base;
        log.activeSize = good - base;
      }
    }
    if (deleted) {
      DurableFiles.fsyncDirectory(dir);
    }
    return log;
  }

  private static void checkHeader(FileChannel ch, Path file, Path dir) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    while (h.hasRemaining() && ch.read(h, h.position()) >= 0) {
      // read until full
    }
    if (!Arrays.equals(h.array(), MAGIC)) {
      // Not something recovery may truncate: it could be a newer format or a foreign file.
      throw new IOException(
          file
              + " is not a Sluice segment of format 1; move it out of "
              + dir
              + " (or restore it from backup) to start");
    }
  }

  /** The position after the last appended record. */
  long end() {
    return active == null ? nextBase : activeBase + activeSize;
  }

  /**
   * Appends framed records in order, rolling segments as needed. Durable only after {@link #force}.
   */
  void append(List<byte[]> frames) throws IOException {
    List<ByteBuffer> pending = new ArrayList<>(frames.size());
    long pendingBytes = 0;
    for (byte[] f : frames) {
      if (active == null
          || (activeSize + pendingBytes > HEADER
              && activeSize + pendingBytes + f.length > segmentBytes)) {
        write(pending, pendingBytes);
        pending.clear();
        pendingBytes = 0;
        roll();
      }
      pending.add(ByteBuffer.wrap(f));
      pendingBytes += f.length;
    }
    write(pending, pendingBytes);
  }

  private void write(List<ByteBuffer> buffers, long total) throws IOException {
    if (total == 0) {
      return;
    }
    ByteBuffer[] bufs = buffers.toArray(ByteBuffer[]::new);
    active.position(activeSize);
    long written = 0;
    while (written < total) {
      written += active.write(bufs);
    }
    activeSize += total;
    unforced = true;
  }

  private void roll() throws IOException {
    long base = end();
    if (active != null) {
      // Seal the old segment durably before records land in the next one.
      force();
      active.close();
      segments.put(activeBase, activeBase + activeSize);
      active = null;
    }
    Path file = path(base);
    FileChannel ch = DurableFiles.createNew(file);
    try {
      ch.write(ByteBuffer.wrap(MAGIC), 0);
      ch.force(true);
      DurableFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    active = ch;
    activeBase = base;
    activeSize = HEADER;
    nextBase = base;
    segments.put(base, ACTIVE);
  }

  /** Makes every appended record durable (fdatasync; the file size is part of the data). */
  void force() throws IOException {
    if (unforced) {
      active.force(false);
      unforced = false;
    }
  }

  /**
   * Visits the records in {@code [from, to)}; {@code from} must be a record boundary and {@code to}
   * at or below a forced position.
   *
   * @throws IOException also when a record there is corrupt (the disk changed under us)
   */
  void read(long from, long to, Visitor visitor) throws IOException {
    Long first = segments.floorKey(from);
    Map<Long, Long> tail = first == null ? segments : segments.tailMap(first, true);
    for (Map.Entry<Long, Long> e : tail.entrySet()) {
      long base = e.getKey();
      if (base >= to) {
        return;
      }
      long segFrom = Math.max(from, base + HEADER);
      long segTo = Math.min(to, e.getValue());
      if (segFrom >= segTo) {
        continue;
      }
      Path file = path(base);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        Scan scan = scan(ch, base, segFrom, segTo, visitor);
        if (scan.stopped) {
          return;
        }
        if (scan.problem != null) {
          throw new IOException(
              file + " at offset " + (scan.position - base) + ": " + scan.problem);
        }
      }
    }
  }

  /** Deletes the sealed segments that end at or before {@code position}. */
  void deleteBefore(long position) throws IOException {
    for (Map.Entry<Long, Long> e : segments.entrySet()) {
      if (e.getValue() == ACTIVE || e.getValue() > position) {
        return;
      }
      // No directory fsync: a segment that reappears after a crash lies wholly before the
      // durable head position, and recovery deletes it again.
      Files.deleteIfExists(path(e.getKey()));
      segments.remove(e.getKey());
    }
  }

  @Override
  public void close() throws IOException {
    if (active != null) {
      try {
        force();
      } finally {
        active.close();
        active = null;
      }
    }
  }

  private Path path(long base) {
    return dir.resolve(String.format("%020d.seg", base));
  }

  /**
   * Where a scan ended and why: stopped by the visitor, a problem, or neither (reached the end).
   */
  private record Scan(long position, String problem, boolean stopped) {}

  private Scan scan(FileChannel ch, long base, long from, long to, Visitor visitor)
      throws IOException {
    Window w = new Window(ch, to - base);
    long off = from - base;
    long end = to - base;
    while (off < end) {
      ByteBuffer h = w.get(off, FRAME_OVERHEAD);
      if (h == null) {
        return new Scan(base + off, "incomplete record header", false);
      }
      int len = h.getInt();
      int crc = h.getInt();
      if (len < 0 || len > MAX_CIPHERTEXT) {
        return new Scan(base + off, "implausible record length", false);
      }
      ByteBuffer body = w.get(off + FRAME_OVERHEAD, len);
      if (body == null) {
        return new Scan(base + off, "record cut short", false);
      }
      byte[] ct = new byte[len];
      body.get(ct);
      CRC32C c = new CRC32C();
      c.update(ct);
      if ((int) c.getValue() != crc) {
        return new Scan(base + off, "checksum mismatch", false);
      }
      byte[] plaintext;
      try {
        plaintext = aead.decrypt(ct, associatedData);
      } catch (GeneralSecurityException e) {
        return new Scan(
            base + off, "record does not decrypt (other key, or moved from another log)", false);
      }
      long next = off + FRAME_OVERHEAD + len;
      if (visitor != null && !visitor.accept(base + off, base + next, plaintext)) {
        return new Scan(base + next, null, true);
      }
      off = next;
    }
    return new Scan(base + off, null, false);
  }

  /**
   * A read-ahead buffer over one segment file, so a scan costs one read per chunk, not per record.
   */
  private static final class Window {
    private final FileChannel ch;
    private final long limit;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private long bufStart;

    Window(FileChannel ch, long limit) {
      this.ch = ch;
      this.limit = limit;
    }

    /**
     * The bytes at file offset {@code [off, off+len)}, positioned at {@code off}; null past the
     * end.
     */
    ByteBuffer get(long off, int len) throws IOException {
      if (off + len > limit) {
        return null;
      }
      if (off >= bufStart && off + len <= bufStart + buf.limit()) {
        buf.position((int) (off - bufStart));
        return buf;
      }
      int want = (int) Math.min(Math.max(len, READ_CHUNK), limit - off);
      if (buf.capacity() < want) {
        buf = ByteBuffer.allocate(want);
      }
      buf.clear().limit(want);
      while (buf.hasRemaining()) {
        if (ch.read(buf, off + buf.position()) < 0) {
          break;
        }
      }
      buf.flip();
      bufStart = off;
      if (buf.limit() < len) {
        return null;
      }
      return buf;
    }
  }
}
