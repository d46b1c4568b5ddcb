package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.route.OutboundItem;
import dev.sluice.core.route.StageFailure;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the contract compiler and engine: a contract assembled from fuzzed paths and actions (and
 * sometimes fuzzed raw YAML) is loaded by the real config loader, then applied with both
 * destination types to a fuzzed event. A {@link ConfigException} (a located config error) or a 4xx
 * for the event is fine; any other exception is a finding. {@code generalize: country} is left
 * out: each load would read the country database again, and the fuzzer would spend its minute there.
 */
class ContractFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final AtomicLong INPUTS = new AtomicLong();
  private static final AtomicLong COMPILED = new AtomicLong();
  private static final AtomicLong FINDINGS = new AtomicLong();
  private static final SegmentDecoder DECODER = new SegmentDecoder(SegmentLimits.DEFAULT, () -> "generated-message-id");

  static final String[] PATHS = {
    "userId", "anonymousId", "groupId", "previousId", "traits", "traits.email", "traits.*", "traits.**", "properties",
    "properties.*", "properties.**", "properties.items.*.sku", "properties.**.email", "context", "context.ip",
    "context.page.url", "context.page.*", "context.userAgent", "**", "*", "context.traits.phone", "properties.*.*.*",
    "properties.a", "properties.b.c", "name", "context.page.referrer", "context.device.id", "context.location.*"
  };
  static final String[] BAD_PATHS = {"event", "type", "messageId", "", "properties..x", "properties.**.**", "a b"};
  static final String[] ACTIONS = {
    "keep", "drop", "pseudonymize", "pseudonymise", "sha256", "redact",
    "{ generalize: ip-prefix }", "{ generalize: browser }", "{ generalize: os }", "{ generalize: domain }",
    "{ generalize: path }", "{ generalize: day }", "{ generalize: month }", "{ generalize: bucket(10) }",
    "{ generalize: bucket(1) }", "{ generalize: age-band }"
  };
  static final String[] BAD_ACTIONS = {"{ generalize: bucket(0) }", "{ generalize: nope }", "kep", "[keep]", "~", "{}"};

  private static Pipeline base;

  @BeforeAll
  static void open() throws IOException {
    base = Pipeline.open(Files.createTempDirectory("sluice-contract-fuzz"));
  }

  @AfterAll
  static void report() {
    if (System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty()) {
      Figures.of("fuzz-contracts")
          .put("inputs tried", INPUTS.get())
          .put("contracts that compiled", COMPILED.get())
          .put("findings (uncaught exception)", FINDINGS.get())
          .put("duration", System.getProperty("jazzer.max_duration", "60s"))
          .publish();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void contractsNeverCrashOnAnyEvent(FuzzedDataProvider data) {
    INPUTS.incrementAndGet();
    try {
      tryInput(data);
    } catch (Throwable t) {
      FINDINGS.incrementAndGet();
      throw t;
    }
  }

  private static void tryInput(FuzzedDataProvider data) {
    StringBuilder contract = new StringBuilder();
    if (data.consumeInt(0, 9) == 0) {
      contract.append(data.consumeString(300)); // raw YAML text
    } else {
      // Mostly valid contracts, so the engine gets exercised; now and then a broken rule.
      boolean broken = data.consumeInt(0, 15) == 0;
      int rules = data.consumeInt(0, 10);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < rules; i++) {
        int kind = data.consumeInt(0, 9);
        String path = kind < 8 ? data.pickValue(PATHS) : kind == 8 ? "properties." + data.consumeString(12) : data.pickValue(BAD_PATHS);
        if (!broken && (kind == 9 || !seen.add(path))) {
          continue;
        }
        String action = broken && data.consumeBoolean()
            ? (data.consumeBoolean() ? data.pickValue(BAD_ACTIONS) : data.consumeString(20))
            : data.pickValue(ACTIONS);
        contract.append(TextNode.valueOf(path).toString()).append(": ").append(action).append('\n');
      }
    }
    String eventJson = data.consumeRemainingAsString();
    Pipeline pipeline;
    try {
      pipeline = base.withContract(contract.toString());
    } catch (ConfigException e) {
      assertThat(e.problem()).isNotBlank();
      return;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    COMPILED.incrementAndGet();
    List<Event> events;
    try {
      events = DECODER.decode(EventType.TRACK, eventJson.getBytes(StandardCharsets.UTF_8), NOW, "198.51.100.7").accepted();
    } catch (BadInputException e) {
      assertThat(e.status()).isBetween(400, 499);
      return;
    }
    List<StageFailure> failures = new ArrayList<>();
    List<OutboundItem> items = pipeline.router.route("web", events, failures);
    if (!failures.isEmpty()) {
      throw new AssertionError("the " + failures.get(0).stage() + " stage threw", failures.get(0).error());
    }
    assertThat(items.size()).isLessThanOrEqualTo(2 * events.size());
  }
}
