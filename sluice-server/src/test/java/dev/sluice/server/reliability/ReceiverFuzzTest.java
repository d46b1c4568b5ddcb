package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.route.OutboundItem;
import dev.sluice.core.route.StageFailure;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.receive.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes every receiver's path from request bytes to vendor bytes: body reading (gzip included),
 * decoding, detection, routing, both destination types' strict contracts and encoders. A 4xx is a
 * fine answer; any other exception, a 5xx or an encoder emitting something that is not JSON is a
 * finding. Seeds are real payloads in {@code ReceiverFuzzTestInputs/}: the first byte picks the
 * target and variant, the rest is the body.
 *
 * <p>In {@code ./mvnw verify} this runs once on the seeds (regression) and then fuzzes for
 * {@code sluice.fuzz.duration} (the fuzz profile in sluice-server/pom.xml).
 */
class ReceiverFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final AtomicLong INPUTS = new AtomicLong();
  private static final AtomicLong REFUSED = new AtomicLong();
  private static final AtomicLong FINDINGS = new AtomicLong();
  private static Pipeline pipeline;
  private static Path dir;

  /** One wire format: how request bytes become canonical events ({@code variant} 0..7 picks an endpoint). */
  interface Target {
    List<Event> decode(byte[] body, int variant);
  }

  private static final SegmentDecoder SEGMENT = new SegmentDecoder(SegmentLimits.DEFAULT, () -> "generated-message-id");

  /** Every receiver the ingest port speaks; adding a receiver adds one line. */
  static final List<Target> TARGETS =
      List.of(
          (body, variant) -> SEGMENT.decode(variant >= EventType.values().length ? null : EventType.values()[variant], body, NOW, "203.0.113.9").accepted());

  @BeforeAll
  static void open() throws IOException {
    dir = Files.createTempDirectory("sluice-fuzz");
    pipeline = Pipeline.open(dir);
  }

  @AfterAll
  static void report() {
    if (System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty()) {
      Figures.of("fuzz-receivers")
          .put("targets", TARGETS.size())
          .put("inputs tried", INPUTS.get())
          .put("refused with a 4xx", REFUSED.get())
          .put("findings (uncaught exception, 5xx, bad output)", FINDINGS.get())
          .put("duration", System.getProperty("jazzer.max_duration", "60s"))
          .publish();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void requestBytesNeverCrashTheHotPath(byte[] input) {
    INPUTS.incrementAndGet();
    try {
      tryInput(input);
    } catch (Throwable t) {
      FINDINGS.incrementAndGet();
      throw t;
    }
  }

  private static void tryInput(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int selector = input[0] & 0xFF;
    Target target = TARGETS.get((selector / 16) % TARGETS.size());
    int variant = selector % 8;
    boolean gzip = (selector & 8) != 0;
    byte[] raw = Arrays.copyOfRange(input, 1, input.length);
    List<Event> events;
    try {
      byte[] body =
          RequestBody.read("application/json", gzip ? "gzip" : null, new ByteArrayInputStream(raw), SegmentLimits.DEFAULT.maxBatchBytes());
      events = target.decode(body, variant);
    } catch (BadInputException e) {
      assertThat(e.status()).as(e.code()).isBetween(400, 499);
      REFUSED.incrementAndGet();
      return;
    } catch (IOException e) {
      throw new AssertionError("reading an in-memory body cannot fail", e);
    }
    List<StageFailure> failures = new ArrayList<>();
    List<OutboundItem> items = pipeline.router.route("web", events, failures);
    if (!failures.isEmpty()) {
      throw new AssertionError("the " + failures.get(0).stage() + " stage threw", failures.get(0).error());
    }
    for (OutboundItem i : items) {
      try {
        assertThat(Json.MAPPER.readTree(i.item()).isObject()).isTrue();
      } catch (IOException e) {
        throw new AssertionError("destination " + i.destination() + " encoded something that is not JSON", e);
      }
    }
  }
}
