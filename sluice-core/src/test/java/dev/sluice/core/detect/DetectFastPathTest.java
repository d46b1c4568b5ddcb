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

  /** The credential shortcut hinges on this: only a higher-priority span over exactly the range counts. */
  @Test
  void aWholeRangeCredentialIsRecognisedOnlyWhenExact() {
    SpanCollector c = new SpanCollector();
    c.add(Category.EMAIL, 0, 10, SpanSink.EMAIL);
    int mark = c.size();
    assertThat(c.addedWhole(mark, 0, 10)).isFalse(); // added before the mark
    c.add(Category.SECRET, 0, 9, SpanSink.SECRET);
    assertThat(c.addedWhole(mark, 0, 10)).isFalse(); // not the whole range
    c.add(Category.PHONE, 0, 10, SpanSink.PHONE);
    assertThat(c.addedWhole(mark, 0, 10)).isFalse(); // whole, but a value detector's priority
    c.add(Category.JWT, 0, 10, SpanSink.SECRET);
    assertThat(c.addedWhole(mark, 0, 10)).isTrue();
  }

  /** A JWT or key as the whole value, a URL segment or a query value: one span, as before. */
  @Test
  void credentialsCoveringTheValueAreReportedAlone() {
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1NzMwOTciLCJuYW1lIjoiRWxlbmEifQ"
        + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    assertThat(SCANNER.scan(jwt, ScanHints.NONE)).singleElement()
        .isEqualTo(new Span(Category.JWT, 0, jwt.length()));
    String url = "https://app.example/confirm/" + jwt + "?next=" + jwt;
    assertThat(SCANNER.scan(url, ScanHints.NONE)).extracting(Span::category)
        .containsExactly(Category.JWT, Category.JWT);
  }

  @Test
  void lookalikesDoNotTakeTheShortcut() {
    for (String v : new String[] {"2024-01-15", "2024-01-15T10:30:00 call 555-0100", "550e8400-e29b-41d4-a716-44665544000g",
        "550e8400e29b41d4a716446655440000", "john@example.com", "2024-01-15T10:30:00Zx"}) {
      assertThat(TextScanner.uuidOrTimestamp(v)).as(v).isFalse();
    }
  }
}
