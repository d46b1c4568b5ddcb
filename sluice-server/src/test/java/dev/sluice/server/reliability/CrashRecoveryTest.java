package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 5 under SIGKILL: a Sluice JVM takes a steady load of numbered events through the real
 * Segment receiver and is killed with SIGKILL at seeded random moments, then restarted on the same
 * data directory. Every event answered 2xx must reach the vendor; duplicates are allowed but must
 * carry the same idempotency id (so the vendor can drop them).
 *
 * <p>Knobs (system properties): {@code sluice.crash.kills} (20), {@code sluice.crash.seed},
 * {@code sluice.crash.rate} events/s (2000).
 */
class CrashRecoveryTest {
  static final String CONTRACT =
      """
          userId: pseudonymize
          properties.seq: keep
      """;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedEventSurvivesRepeatedSigkill() throws Exception {
    int kills = Integer.getInteger("sluice.crash.kills", 20);
    long seed = Long.getLong("sluice.crash.seed", 20261125L);
    int rate = Integer.getInteger("sluice.crash.rate", 2000);
    Random random = new Random(seed);
    Path childLog = Path.of("target", "sluice-crash-child.log").toAbsolutePath();
    AtomicInteger port = new AtomicInteger(1); // nothing listens on port 1 until the first start
    long started = System.nanoTime();
    try (TestGateway gw = TestGateway.prepare(dir, CONTRACT, "");
        LoadGenerator load = new LoadGenerator(port::get, 4, 10, rate, 400_000)) {
      Path config = gw.writeConfig();
      load.start();
      int killed = 0;
      long upMillis = 0;
      for (int k = 0; k < kills; k++) {
        Process p = GatewayProcess.launch(config, childLog, childJvm());
        port.set(GatewayProcess.awaitReady(p, 60, TimeUnit.SECONDS)[0]);
        long up = 200 + random.nextInt(1800);
        Thread.sleep(up);
        upMillis += up;
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no close
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        port.set(1);
        killed++;
      }
      Process last = GatewayProcess.launch(config, childLog, childJvm());
      port.set(GatewayProcess.awaitReady(last, 60, TimeUnit.SECONDS)[0]);
      Thread.sleep(1000);
      load.close();
      Set<Long> acked = load.acknowledged();
      try {
        TestGateway.await(
            () -> deliveredSeqs(gw.vendor.received()).containsAll(acked), Duration.ofSeconds(90), "backlog to drain");
      } catch (AssertionError timeout) {
        // fall through: the figures below say what is missing
      } finally {
        last.destroy();
        last.waitFor(20, TimeUnit.SECONDS);
      }

      List<FakeVendor.Received> received = gw.vendor.received();
      Map<Long, Set<String>> idsBySeq = new HashMap<>();
      int withSeq = 0;
      for (FakeVendor.Received r : received) {
        JsonNode seq = r.event().path("properties").path("seq");
        if (seq.isNumber()) {
          withSeq++;
          idsBySeq.computeIfAbsent(seq.asLong(), s -> new HashSet<>()).add(r.event().path("messageId").asText());
        }
      }
      Set<Long> lost = new TreeSet<>(acked);
      lost.removeAll(idsBySeq.keySet());
      long deliveredAcked = acked.stream().filter(idsBySeq::containsKey).count();
      long duplicates = withSeq - idsBySeq.size();
      long unackedButDelivered = idsBySeq.size() - deliveredAcked;
      long conflictingIds = idsBySeq.values().stream().filter(ids -> ids.size() != 1).count();
      double seconds = (System.nanoTime() - started) / 1e9;

      Figures.of("crash-recovery")
          .put("SIGKILLs", killed)
          .put("seed", seed)
          .put("target load (events/s)", rate)
          .put("sequence numbers tried (incl. refused while down)", load.sent())
          .put("acknowledged (2xx)", acked.size())
          .put("delivered (acknowledged ones at the vendor)", deliveredAcked)
          .put("lost (acknowledged, never delivered)", lost.size())
          .put("duplicates delivered", duplicates)
          .put("duplicates with a different idempotency id", conflictingIds)
          .put("delivered though never acknowledged (request cut by the kill)", unackedButDelivered)
          .put("time Sluice was up between kills (s)", upMillis / 1000.0)
          .put("acknowledged while up (events/s)", Math.round(acked.size() / (upMillis / 1000.0 + 1)))
          .put("requests by outcome", load.outcomes())
          .put("test wall time (s)", Math.round(seconds))
          .publish();

      assertThat(killed).isEqualTo(kills);
      assertThat(acked).as("the load reached Sluice between kills").hasSizeGreaterThan(kills * 100);
      assertThat(lost).as("acknowledged but never delivered").isEmpty();
      assertThat(conflictingIds).as("a duplicate carried another idempotency id").isZero();
      for (Set<String> ids : idsBySeq.values()) {
        assertThat(ids.iterator().next()).doesNotStartWith("load-"); // the vendor sees keyed ids only
      }
    }
  }

  private static List<String> childJvm() {
    return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
  }

  private static Set<Long> deliveredSeqs(List<FakeVendor.Received> received) {
    Set<Long> seqs = new HashSet<>();
    for (FakeVendor.Received r : received) {
      JsonNode seq = r.event().path("properties").path("seq");
      if (seq.isNumber()) {
        seqs.add(seq.asLong());
      }
    }
    return seqs;
  }
}
