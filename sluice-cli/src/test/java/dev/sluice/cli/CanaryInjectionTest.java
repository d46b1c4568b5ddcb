package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.event.Json;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.incident.CanaryRegistry;
import dev.sluice.server.keys.MasterKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code canaries:} on a destination: the running gateway plants a canary and sends its identify
 * event through the destination's contract, encoder and outbox, to that destination only, once
 * per interval of the injected clock; {@code canary check} on the vendor's capture names the
 * vendor; and the flow ledger does not count the canaries as subjects.
 */
class CanaryInjectionTest {
  @TempDir Path dir;

  /** The system clock shifted by a settable offset: senders keep working, the test moves time. */
  static final class ShiftedClock extends Clock {
    final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }

  @Test
  void injectsOnePerIntervalIntoItsDestinationOnlyAndOutsideTheLedger() throws Exception {
    MasterKey key = CliConfig.keys(dir);
    ShiftedClock clock = new ShiftedClock();
    try (FakeVendor vendor = FakeVendor.start(CliConfig.HOOK_SECRET.getBytes(StandardCharsets.UTF_8))) {
      Path cfg = CliConfig.yaml(dir, """
          vendors:
            - name: acme
          destinations:
            - name: hook
              type: webhook
              vendor: acme
              options: { url: "%1$s/hook/main", secret: { file: hook.secret } }
              canaries: { every: 1h, domain: Canary.Test.Example }
              contract: { userId: pseudonymize, traits.email: pseudonymize }
            - name: other
              type: webhook
              options: { url: "%1$s/hook/other", secret: { file: hook.secret } }
              contract: { userId: pseudonymize }
          """.formatted(vendor.baseUrl()));
      LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      CanaryRegistry registry = new CanaryRegistry(dir.resolve("data"), clock);
      try (SluiceServer server = SluiceServer.start(ConfigLoader.load(cfg, Map.of()), key, clock)) {
        server.canaries().injectDue(); // the timer may have been first: either way one canary now
        assertThat(server.canaries().injectDue()).as("not due again within the hour").isEmpty();
        assertThat(registry.list()).hasSize(1);

        // One real subject through the source, to both destinations.
        HttpResponse<String> r = CliConfig.identify(server.ingestPort(), "{\"userId\":\"u_real_1\"}");
        assertThat(r.statusCode()).isEqualTo(200);

        clock.offset.set(Duration.ofMinutes(61));
        server.canaries().injectDue();
        assertThat(registry.list()).hasSize(2);
        await(vendor, 4); // two canaries to hook, the real event to hook and other

        assertThat(server.ledger().subjects("hook", day) + server.ledger().subjects("hook", day.plusDays(1)))
            .as("canaries are not subjects").isEqualTo(1);
        assertThat(server.ledger().subjects("other", day)).isEqualTo(1);
      }

      List<CanaryRegistry.Canary> canaries = registry.list();
      assertThat(canaries).allSatisfy(c -> {
        assertThat(c.vendor()).isEqualTo("acme");
        assertThat(c.email()).matches("canary\\+acme-[a-z0-9]{10}@canary\\.test\\.example");
      });
      assertThat(canaries.get(0).userId()).isNotEqualTo(canaries.get(1).userId());
      List<FakeVendor.Received> toOther = vendor.received().stream().filter(x -> x.path().endsWith("/other")).toList();
      assertThat(toOther).hasSize(1); // the real event only
      List<FakeVendor.Received> canaryEvents = vendor.received().stream()
          .filter(x -> x.path().endsWith("/main") && x.event().has("traits")).toList();
      assertThat(canaryEvents).hasSize(2);
      StringBuilder capture = new StringBuilder();
      for (FakeVendor.Received x : canaryEvents) {
        assertThat(x.event().path("type").asText()).isEqualTo("identify");
        assertThat(x.event().path("userId").asText()).startsWith("ps1_1_");
        assertThat(x.event().path("traits").path("email").asText()).startsWith("ps1_1_");
        assertThat(x.event().toString()).doesNotContain("canary-acme-", "canary+acme-"); // the contract applied
        capture.append(Json.MAPPER.writeValueAsString(x.event())).append('\n');
      }
      Path dump = dir.resolve("dump.jsonl");
      Files.writeString(dump, capture);
      CliRun check = CliRun.sluice("canary", "check", "-c", cfg, dump);
      assertThat(check.code()).as(check.err()).isZero();
      for (CanaryRegistry.Canary c : canaries) {
        assertThat(check.out()).contains("canary " + c.userId() + " as sent to vendor acme (destination hook, epoch 1)");
      }
      assertThat(check.out()).doesNotContain("not a canary");
    }
  }

  private static void await(FakeVendor vendor, int distinct) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (vendor.received().stream().map(r -> r.path() + " " + r.event().path("messageId").asText()).distinct().count() < distinct
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
