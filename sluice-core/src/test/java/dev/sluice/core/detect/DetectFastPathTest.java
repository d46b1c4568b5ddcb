package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shortcut for UUIDs and ISO timestamps answers what the full scan answers: nothing. */
class DetectFastPathTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static boolean fullScanFindsNothing(String v) {
    SpanCollector c = new SpanCollector();
    SCANNER.scanValue(v, 0, v.length(), new ScanHints("US"), c, 0);
    return c.isEmpty();
  }

  @Test
  void uuidsAndTimestampsTakeTheShortcutAndLoseNothing() {
    Random r = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      String uuid = new UUID(r.nextLong(), r.nextLong()).toString();
      String upper = uuid.toUpperCase(java.util.Locale.ROOT);
      Instant t = Instant.ofEpochMilli(r.nextLong(0, 4_102_444_800_000L));
      String iso = t.toString();
      String offset = OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(r.nextInt(-12, 14))).toString();
      for (String v : new String[] {uuid, upper, iso, offset, iso.replace('T', ' ')}) {
        assertThat(TextScanner.uuidOrTimestamp(v)).as(v).isTrue();
        assertThat(fullScanFindsNothing(v)).as(v).isTrue();
      }
    }
  }

  @Test
  void lookalikesDoNotTakeTheShortcut() {
    for (String v : new String[] {"2024-01-15", "2024-01-15T10:30:00 call 555-0100", "550e8400-e29b-41d4-a716-44665544000g",
        "550e8400e29b41d4a716446655440000", "john@example.com", "2024-01-15T10:30:00Zx"}) {
      assertThat(TextScanner.uuidOrTimestamp(v)).as(v).isFalse();
    }
  }
}
