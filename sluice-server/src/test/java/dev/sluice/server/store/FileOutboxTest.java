package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.filesContaining;
import static dev.sluice.server.store.StoreFixtures.segments;
import static dev.sluice.server.store.StoreFixtures.strings;
import static dev.sluice.server.store.StoreFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileOutboxTest {
  private static final long MiB = 1 << 20;

  @TempDir Path tmp;
  private Path dir;
  private final Aead aead = StoreFixtures.newAead();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (IllegalStateException e) {
        // already closed
      }
    }
  }

  private FileOutbox open() throws IOException {
    return open(MiB, FileOutbox.DEFAULT_SEGMENT_BYTES);
  }

  private FileOutbox open(long maxBytes, long segmentBytes) throws IOException {
    if (dir == null) {
      dir = tmp.resolve("outbox");
    }
    FileOutbox o = FileOutbox.open(dir, aead, maxBytes, segmentBytes);
    toClose.add(o);
    return o;
  }

  private static void append(Outbox o, String destination, String... items)
      throws OutboxFullException {
    List<OutboxEntry> entries = new ArrayList<>();
    for (String i : items) {
      entries.add(new OutboxEntry(destination, utf8(i)));
    }
    o.append(entries);
  }

  private static List<String> peekAll(Outbox o, String destination) {
    return strings(o.peek(destination, Integer.MAX_VALUE, Integer.MAX_VALUE).items());
  }

  @Test
  void peekAndCommitFollowArrivalOrderPerDestination() throws Exception {
    FileOutbox o = open();
    append(o, "x", "a1", "a2");
    append(o, "y", "b1");
    o.append(List.of(new OutboxEntry("x", utf8("a3")), new OutboxEntry("y", utf8("b2"))));
    assertThat(o.depth("x")).isEqualTo(3);
    assertThat(o.depth("y")).isEqualTo(2);
    assertThat(o.bytes()).isPositive();

    Batch first = o.peek("x", 2, Integer.MAX_VALUE);
    assertThat(strings(first.items())).containsExactly("a1", "a2");
    assertThat(strings(o.peek("x", 2, Integer.MAX_VALUE).items()))
        .as("peek does not remove")
        .containsExactly("a1", "a2");
    o.commit("x", first);
    assertThat(o.depth("x")).isEqualTo(1);
    assertThat(peekAll(o, "x")).containsExactly("a3");
    assertThat(peekAll(o, "y")).containsExactly("b1", "b2");

    o.commit("x", o.peek("x", 10, 10_000));
    o.commit("y", o.peek("y", 10, 10_000));
    assertThat(o.peek("x", 10, 10_000).isEmpty()).isTrue();
    assertThat(o.bytes()).isZero();
    assertThat(o.depth("x")).isZero();
    assertThat(o.peek("never-seen", 10, 10).isEmpty()).isTrue();
  }

  @Test
  void peekHonoursLimitsButAlwaysReturnsOneItem() throws Exception {
    FileOutbox o = open();
    append(o, "x", "0123456789", "0123456789", "0123456789", "a-much-longer-item-than-the-limit");
    assertThat(o.peek("x", 10, 25).size()).isEqualTo(2);
    assertThat(o.peek("x", 1, 1000).size()).isEqualTo(1);
    assertThat(o.peek("x", 10, 20).itemBytes()).isEqualTo(20);
    o.commit("x", o.peek("x", 3, 1000));
    Batch big = o.peek("x", 10, 5);
    assertThat(strings(big.items())).containsExactly("a-much-longer-item-than-the-limit");
  }

  @Test
  void commitIsIdempotentAndRefusesBatchesOutOfOrder() throws Exception {
    FileOutbox o = open();
    append(o, "x", "1", "2", "3", "4");
    Batch small = o.peek("x", 2, 100);
    Batch large = o.peek("x", 4, 100);
    o.commit("x", small);
    o.commit("x", small);
    assertThat(o.depth("x")).isEqualTo(2);
    assertThatThrownBy(() -> o.commit("x", large))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("head");
    assertThatThrownBy(() -> o.commit("y", o.peek("x", 1, 100)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(peekAll(o, "x")).containsExactly("3", "4");
  }

  @Test
  void committedItemsStayGoneAndPendingOnesRemainAfterReopen() throws Exception {
    FileOutbox o = open();
    append(o, "x", "1", "2", "3", "4", "5");
    Batch b = o.peek("x", 2, 100);
    o.commit("x", b);
    o.close();

    FileOutbox r = open();
    assertThat(r.recoveryReport().clean()).isTrue();
    assertThat(r.destinations()).containsExactly("x");
    assertThat(r.depth("x")).isEqualTo(3);
    assertThat(peekAll(r, "x")).containsExactly("3", "4", "5");
    assertThatThrownBy(() -> r.commit("x", b))
        .as("a batch from before the restart is refused")
        .isInstanceOf(IllegalArgumentException.class);
    append(r, "x", "6");
    assertThat(peekAll(r, "x")).containsExactly("3", "4", "5", "6");
  }

  @Test
  void acknowledgedAppendsSurviveACrash() throws Exception {
    FileOutbox o = open();
    append(o, "x", "1", "2");
    append(o, "x", "3");
    o.commit("x", o.peek("x", 1, 100));

    // No close: copy the files as a crash would leave them.
    Path copy = tmp.resolve("after-crash");
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, copy.resolve(dir.relativize(p).toString()));
      }
    }
    try (FileOutbox c = FileOutbox.open(copy, aead, MiB)) {
      assertThat(c.recoveryReport().clean()).isTrue();
      assertThat(peekAll(c, "x")).containsExactly("2", "3");
    }
  }

  @Test
  void tornTailIsCutOffAndReported() throws Exception {
    FileOutbox o = open();
    append(o, "x", "first");
    append(o, "x", "second");
    Path seg = segments(dir.resolve("x")).get(0);
    long before = Files.size(seg);
    append(o, "x", "third-which-was-being-written");
    long after = Files.size(seg);
    o.close();
    long cut = before + (after - before) / 2;
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(cut);
    }

    FileOutbox r = open();
    RecoveryReport report = r.recoveryReport();
    assertThat(report.clean()).isFalse();
    assertThat(report.droppedBytes("x")).isEqualTo(cut - before);
    assertThat(report.droppedBytes()).containsOnlyKeys("x");
    assertThat(report.problems())
        .singleElement()
        .asString()
        .contains("'x'", "cut short", "offset " + before)
        .doesNotContain("third");
    assertThat(Files.size(seg)).isEqualTo(before);
    assertThat(r.depth("x")).isEqualTo(2);
    assertThat(peekAll(r, "x")).containsExactly("first", "second");

    // Appends go on cleanly after the cut, and the next open finds nothing wrong.
    append(r, "x", "fourth");
    r.close();
    FileOutbox again = open();
    assertThat(again.recoveryReport().clean()).isTrue();
    assertThat(peekAll(again, "x")).containsExactly("first", "second", "fourth");
  }

  /** Offsets into the last record: length field, CRC field, ciphertext, last tag byte. */
  @ParameterizedTest
  @ValueSource(ints = {0, 3, 4, 7, 8, 20, -1})
  void flippedByteInTheLastRecordDropsExactlyThatRecord(int offset) throws Exception {
    FileOutbox o = open();
    append(o, "x", "first", "second");
    Path seg = segments(dir.resolve("x")).get(0);
    long before = Files.size(seg);
    append(o, "x", "third");
    long after = Files.size(seg);
    o.close();
    flip(seg, offset >= 0 ? before + offset : after + offset);

    FileOutbox r = open();
    assertThat(r.recoveryReport().droppedBytes("x")).isEqualTo(after - before);
    assertThat(peekAll(r, "x")).containsExactly("first", "second");
  }

  @Test
  void recordCopiedFromAnotherDestinationDoesNotDecrypt() throws Exception {
    FileOutbox o = open();
    append(o, "a", "for-vendor-a");
    append(o, "b", "for-vendor-b");
    o.close();
    Path segA = segments(dir.resolve("a")).get(0);
    byte[] b = Files.readAllBytes(segments(dir.resolve("b")).get(0));
    byte[] frame = Arrays.copyOfRange(b, SegmentLog.HEADER, b.length);
    Files.write(segA, frame, StandardOpenOption.APPEND);

    FileOutbox r = open();
    assertThat(r.recoveryReport().droppedBytes("a")).isEqualTo(frame.length);
    assertThat(r.recoveryReport().droppedBytes("b")).isZero();
    assertThat(r.recoveryReport().problems()).singleElement().asString().contains("decrypt");
    assertThat(peekAll(r, "a")).containsExactly("for-vendor-a");
    assertThat(peekAll(r, "b")).containsExactly("for-vendor-b");
  }

  @Test
  void corruptionInAnOlderSegmentKeepsItsEarlierRecordsAndLaterSegments() throws Exception {
    FileOutbox o = open(MiB, 200);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(String.format("item-%02d", i));
      append(o, "x", all.get(i));
    }
    o.close();
    List<Path> segs = segments(dir.resolve("x"));
    assertThat(segs).hasSizeGreaterThan(2);
    long segSize = Files.size(segs.get(0));
    long frame = 8 + 5 + 12 + 7 + 16; // header, Tink prefix, IV, "item-nn", tag
    int inFirst = (int) ((segSize - SegmentLog.HEADER) / frame);
    assertThat(inFirst).isGreaterThan(1);
    flip(segs.get(0), SegmentLog.HEADER + frame + 12); // inside the second record

    FileOutbox r = open(MiB, 200);
    assertThat(r.recoveryReport().droppedBytes("x")).isEqualTo(segSize - SegmentLog.HEADER - frame);
    List<String> expected = new ArrayList<>();
    expected.add(all.get(0));
    expected.addAll(all.subList(inFirst, all.size()));
    assertThat(peekAll(r, "x")).containsExactlyElementsOf(expected);
    assertThat(r.depth("x")).isEqualTo(expected.size());
  }

  @Test
  void appendOverTheBoundIsRefusedWholeAndWritesNothing() throws Exception {
    long frame = 8 + 5 + 12 + 10 + 16; // a 10-byte item as stored
    FileOutbox o = open(3 * frame, FileOutbox.DEFAULT_SEGMENT_BYTES);
    append(o, "x", "0123456789");
    append(o, "y", "0123456789");
    assertThat(o.bytes()).isEqualTo(2 * frame);
    Path seg = segments(dir.resolve("x")).get(0);
    long size = Files.size(seg);

    assertThatThrownBy(() -> append(o, "x", "aaaaaaaaaa", "bbbbbbbbbb"))
        .isInstanceOf(OutboxFullException.class)
        .hasMessageContaining("outbox full")
        .satisfies(
            e -> assertThat(((OutboxFullException) e).retryAfterSeconds()).isBetween(1L, 60L));
    assertThat(o.bytes()).isEqualTo(2 * frame);
    assertThat(o.depth("x")).isEqualTo(1);
    assertThat(Files.size(seg)).isEqualTo(size);
    assertThatThrownBy(() -> append(o, "x", "x".repeat(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("can never fit");

    append(o, "x", "cccccccccc"); // exactly fills the bound
    assertThat(o.bytes()).isEqualTo(3 * frame);
    assertThatThrownBy(() -> append(o, "y", "d")).isInstanceOf(OutboxFullException.class);
    o.commit("y", o.peek("y", 10, 1000));
    append(o, "y", "dddddddddd");
    o.close();

    FileOutbox r = open(3 * frame, FileOutbox.DEFAULT_SEGMENT_BYTES);
    assertThat(peekAll(r, "x")).containsExactly("0123456789", "cccccccccc");
    assertThat(peekAll(r, "y")).containsExactly("dddddddddd");
    assertThat(r.bytes()).isEqualTo(3 * frame);
  }

  @Test
  void concurrentAppendsAndSendersDeliverEveryItemExactlyOnceInOrder() throws Exception {
    FileOutbox o = open(64 * MiB, 64 * 1024); // small segments: rolling and deletion under load
    int threads = 8;
    int perThread = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
    try {
      AtomicBoolean appendsDone = new AtomicBoolean();
      Map<String, List<String>> delivered = new HashMap<>();
      List<Future<?>> senders = new ArrayList<>();
      for (String dest : List.of("even", "odd")) {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        delivered.put(dest, got);
        senders.add(
            pool.submit(
                () -> {
                  while (true) {
                    boolean done = appendsDone.get();
                    Batch b = o.peek(dest, 97, 64 * 1024);
                    if (b.isEmpty()) {
                      if (done) {
                        return null;
                      }
                      Thread.sleep(1);
                      continue;
                    }
                    got.addAll(strings(b.items()));
                    o.commit(dest, b);
                  }
                }));
      }
      List<Future<?>> appenders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        appenders.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    append(o, thread % 2 == 0 ? "even" : "odd", thread + ":" + i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : appenders) {
        f.get(120, TimeUnit.SECONDS);
      }
      appendsDone.set(true);
      for (Future<?> f : senders) {
        f.get(120, TimeUnit.SECONDS);
      }

      List<String> all = new ArrayList<>(delivered.get("even"));
      all.addAll(delivered.get("odd"));
      assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates();
      for (String dest : List.of("even", "odd")) {
        // Each appender's items arrive in the order it appended them.
        Map<String, Integer> last = new HashMap<>();
        for (String item : delivered.get(dest)) {
          String[] p = item.split(":");
          int i = Integer.parseInt(p[1]);
          assertThat(i).isEqualTo(last.getOrDefault(p[0], -1) + 1);
          last.put(p[0], i);
        }
      }
      assertThat(o.bytes()).isZero();
      assertThat(o.depth("even")).isZero();
      assertThat(o.groupCommits()).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitingAppendsShareOneGroupCommit() throws Exception {
    FileOutbox o = open();
    List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch writerBusy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    o.beforeGroupWrite(
        n -> {
          groups.add(n);
          if (groups.size() == 1) {
            writerBusy.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> appends = new ArrayList<>();
      appends.add(
          pool.submit(
              () -> {
                append(o, "x", "first");
                return null;
              }));
      assertThat(writerBusy.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 7; i++) {
        String item = "waiting-" + i;
        appends.add(
            pool.submit(
                () -> {
                  append(o, "x", item);
                  return null;
                }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (o.queued() < 7 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(o.queued()).isEqualTo(7);
      assertThat(appends)
          .as("no append returns before its group is written")
          .noneMatch(Future::isDone);

      release.countDown();
      for (Future<?> f : appends) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(groups).containsExactly(1, 7);
      assertThat(o.groupCommits()).isEqualTo(2);
      assertThat(o.depth("x")).isEqualTo(8);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void deliveredSegmentsAreDeleted() throws Exception {
    FileOutbox o = open(MiB, 200);
    for (int i = 0; i < 20; i++) {
      append(o, "x", String.format("item-%02d", i));
    }
    assertThat(segments(dir.resolve("x"))).hasSizeGreaterThan(3);
    o.commit("x", o.peek("x", 5, 1000));
    int afterSome = segments(dir.resolve("x")).size();
    while (o.depth("x") > 0) {
      o.commit("x", o.peek("x", 3, 1000));
    }
    assertThat(afterSome).isLessThan(7);
    assertThat(segments(dir.resolve("x"))).hasSize(1);
    o.close();

    FileOutbox r = open(MiB, 200);
    assertThat(r.recoveryReport().clean()).isTrue();
    assertThat(r.depth("x")).isZero();
    append(r, "x", "new");
    assertThat(peekAll(r, "x")).containsExactly("new");
  }

  @Test
  void itemsAreNotOnDiskInPlaintext() throws Exception {
    FileOutbox o = open();
    String planted = "{\"email\":\"jane.doe@example.com\"}";
    append(o, "x", planted, "jane.doe@example.com");
    assertThat(filesContaining(dir, "jane.doe@example.com")).isEmpty();
    assertThat(filesContaining(dir, "jane.doe")).isEmpty();
    o.close();
    assertThat(filesContaining(dir, "jane.doe")).isEmpty();
    assertThat(peekAll(open(), "x")).containsExactly(planted, "jane.doe@example.com");
  }

  @Test
  void destinationNamesStayInsideTheDirectory() throws Exception {
    Set<String> names =
        Set.of("../escape", "Mixpanel", "mixpanel", "a/b", "ü", "..", ".", "lock", "head");
    FileOutbox o = open();
    for (String n : names) {
      append(o, n, "for " + n);
    }
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings).containsExactly(dir);
    }
    try (var all = Files.walk(dir)) {
      all.filter(Files::isRegularFile)
          .forEach(p -> assertThat(dir.relativize(p).getNameCount()).isLessThanOrEqualTo(2));
    }
    o.close();
    FileOutbox r = open();
    assertThat(r.destinations()).containsExactlyInAnyOrderElementsOf(names);
    for (String n : names) {
      assertThat(peekAll(r, n)).containsExactly("for " + n);
    }
    assertThatThrownBy(() -> new OutboxEntry("", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutboxEntry("tab\there", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecondOpenOfTheSameDirectoryFails() throws Exception {
    open();
    assertThatThrownBy(() -> FileOutbox.open(dir, aead, MiB))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("already open");
  }

  @Test
  void closeFinishesAcceptedAppendsThenRefusesMore() throws Exception {
    FileOutbox o = open();
    append(o, "x", "1");
    o.close();
    o.close();
    assertThatThrownBy(() -> append(o, "x", "2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> o.peek("x", 1, 1)).isInstanceOf(IllegalStateException.class);
    assertThat(peekAll(open(), "x")).containsExactly("1");
  }

  @Test
  void aForeignSegmentStopsOpeningInsteadOfBeingTruncated() throws Exception {
    FileOutbox o = open();
    append(o, "x", "1");
    o.close();
    Path seg = segments(dir.resolve("x")).get(0);
    flip(seg, 0);
    assertThatThrownBy(this::open)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a Sluice segment");
    assertThat(Files.size(seg)).isGreaterThan(SegmentLog.HEADER);
  }

  private static void flip(Path file, long position) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, position);
      b.put(0, (byte) (b.get(0) ^ 0x40));
      b.rewind();
      ch.write(b, position);
    }
  }
}
