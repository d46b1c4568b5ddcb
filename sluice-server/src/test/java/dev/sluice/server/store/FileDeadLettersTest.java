package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.filesContaining;
import static dev.sluice.server.store.StoreFixtures.segments;
import static dev.sluice.server.store.StoreFixtures.strings;
import static dev.sluice.server.store.StoreFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeadLettersTest {
  private static final Instant T1 = Instant.parse("2026-03-01T10:15:30.123456789Z");
  private static final Instant T2 = Instant.parse("2026-03-02T08:00:00Z");

  @TempDir Path dir;
  private final Aead aead = StoreFixtures.newAead();

  @Test
  void parkedBatchesAreCountedAndListedAfterReopen() throws IOException {
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.fixed(T1, ZoneOffset.UTC))) {
      d.park("mixpanel", List.of(utf8("a"), utf8("b"), utf8("c")), "HTTP 400");
      d.park("amplitude", List.of(utf8("z")), "HTTP 413");
      assertThat(d.count("mixpanel")).isEqualTo(3);
    }
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.fixed(T2, ZoneOffset.UTC))) {
      assertThat(d.recoveryReport().clean()).isTrue();
      d.park("mixpanel", List.of(utf8("d"), utf8("e")), "HTTP 422");
    }
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      assertThat(d.count("mixpanel")).isEqualTo(5);
      assertThat(d.count("amplitude")).isEqualTo(1);
      assertThat(d.count("posthog")).isZero();
      assertThat(d.destinations()).containsExactly("amplitude", "mixpanel");
      assertThat(d.list("mixpanel"))
          .containsExactly(new ParkedBatch("HTTP 400", T1, 3), new ParkedBatch("HTTP 422", T2, 2));
      assertThat(d.list("posthog")).isEmpty();
      List<List<byte[]>> items = d.items("mixpanel");
      assertThat(items).hasSize(2);
      assertThat(strings(items.get(0))).containsExactly("a", "b", "c");
      assertThat(strings(items.get(1))).containsExactly("d", "e");
    }
  }

  @Test
  void itemsAndReasonsAreNotOnDiskInPlaintext() throws IOException {
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      d.park(
          "mixpanel",
          List.of(utf8("{\"email\":\"jane.doe@example.com\"}")),
          "vendor said: bad email jane.doe@example.com");
      assertThat(filesContaining(dir, "jane.doe")).isEmpty();
    }
    assertThat(filesContaining(dir, "jane.doe")).isEmpty();
    assertThat(filesContaining(dir, "vendor said")).isEmpty();
  }

  @Test
  void longReasonsAreShortened() throws IOException {
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      d.park("x", List.of(utf8("a")), "e".repeat(10_000));
      assertThat(d.list("x").get(0).reason()).hasSize(FileDeadLetters.MAX_REASON_CHARS);
    }
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      assertThat(d.list("x").get(0).reason())
          .hasSize(FileDeadLetters.MAX_REASON_CHARS)
          .endsWith("…");
    }
  }

  @Test
  void aTornLastBatchIsDroppedAndReported() throws IOException {
    Path seg;
    long before;
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.fixed(T1, ZoneOffset.UTC))) {
      d.park("x", List.of(utf8("kept")), "HTTP 400");
      seg = segments(dir.resolve("x")).get(0);
      before = Files.size(seg);
      d.park("x", List.of(utf8("torn"), utf8("torn")), "HTTP 400");
    }
    long torn = Files.size(seg) - 3;
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(torn);
    }
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      assertThat(d.recoveryReport().droppedBytes("x")).isEqualTo(torn - before);
      assertThat(Files.size(seg)).isEqualTo(before);
      assertThat(d.list("x")).containsExactly(new ParkedBatch("HTTP 400", T1, 1));
      assertThat(d.count("x")).isEqualTo(1);
    }
  }

  @Test
  void refusesNothingToPark() throws IOException {
    try (FileDeadLetters d = FileDeadLetters.open(dir, aead, Clock.systemUTC())) {
      assertThatThrownBy(() -> d.park("x", List.of(), "HTTP 400"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> d.park("", List.of(utf8("a")), "HTTP 400"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
