package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 5 under vendor outages: vendor A is refused, answers 503 with Retry-After, hangs past
 * the sender's request timeout, and storms 429s, each for a stretch, while vendor B stays healthy.
 * Nothing acknowledged is lost, Retry-After is obeyed, a hang costs one request timeout rather
 * than the hang, one batch is in flight per destination (no hammering), B's delivery time is not
 * held up by A, and A's backlog drains after each recovery.
 */
class VendorOutageTest {
  static final String CONTRACT =
      """
          userId: pseudonymize
          properties.seq: keep
      """;

  @TempDir Path dir;

  private long seq;

  @Test
  void outagesLoseNothingObeyBackoffAndStayIsolated() throws Exception {
    try (FakeVendor b = FakeVendor.start(TestGateway.HOOK_SECRET.getBytes(StandardCharsets.UTF_8));
        TestGateway gw = TestGateway.prepare(dir, CONTRACT, "")) {
      FakeVendor a = gw.vendor;
      gw.destinationYaml = "requestTimeout: 1s";
      gw.extraDestinations =
          """
          - name: other
            type: webhook
            options:
              url: "%s/hook"
              secret: { file: ./hook.secret }
            contract:
              properties.seq: keep
          """
              .formatted(b.baseUrl())
              .indent(2);
      gw.startServer();
      Figures f = Figures.of("vendor-outage");

      // Warm-up (JIT, connections), then the baseline: both vendors healthy.
      long t = System.nanoTime();
      Set<Long> warm = send(gw, 10);
      awaitAll(a, warm, t);
      awaitAll(b, warm, t);
      t = System.nanoTime();
      Set<Long> batch = send(gw, 20);
      long baselineB = awaitAll(b, batch, t);
      long baselineA = awaitAll(a, batch, t);
      f.put("baseline delivery, A / B (ms)", baselineA + " / " + baselineB);

      // 1. Connection refused for 3 s.
      a.down();
      t = System.nanoTime();
      batch = send(gw, 20);
      long refusedB = awaitAll(b, batch, t);
      Thread.sleep(3000);
      int requestsWhileDown = a.requestCount();
      a.up();
      long refusedA = awaitAll(a, batch, t);
      assertThat(a.requestCount()).isGreaterThan(requestsWhileDown);
      f.put("A refused 3 s: B delivery (ms, ratio to baseline)", refusedB + " (" + ratio(refusedB, baselineB) + ")");
      f.put("A refused 3 s: A backlog drained after (ms)", refusedA);

      // 2. 503 with Retry-After: 2, three times.
      int mark = a.requestTimes().size();
      a.failNext(3, 503, "2");
      t = System.nanoTime();
      batch = send(gw, 10);
      long retryAfterB = awaitAll(b, batch, t);
      awaitAll(a, batch, t);
      List<Long> times = a.requestTimes().subList(mark, mark + 4);
      long minGap = Long.MAX_VALUE;
      for (int i = 1; i < times.size(); i++) {
        minGap = Math.min(minGap, (times.get(i) - times.get(i - 1)) / 1_000_000);
      }
      assertThat(minGap).as("Retry-After: 2 is a floor for the backoff").isGreaterThanOrEqualTo(1900);
      f.put("A 503 + Retry-After 2 (x3): shortest gap between attempts (ms)", minGap);
      f.put("A 503 + Retry-After 2 (x3): B delivery (ms)", retryAfterB);

      // 3. Hangs of 5 s, twice, against a 1 s request timeout.
      mark = a.requestTimes().size();
      a.hangNext(2, 5000);
      t = System.nanoTime();
      batch = send(gw, 10);
      long hangB = awaitAll(b, batch, t);
      long hangA = awaitAll(a, batch, t);
      times = a.requestTimes().subList(mark, mark + 3);
      long firstRetry = (times.get(1) - times.get(0)) / 1_000_000;
      assertThat(firstRetry).as("the sender gave up after its 1 s timeout, not the 5 s hang").isBetween(900L, 4000L);
      assertThat(hangB).as("B is not held up by A's hang").isLessThan(4000);
      f.put("A hangs 5 s (x2), requestTimeout 1 s: first retry after (ms)", firstRetry);
      f.put("A hangs 5 s (x2): A delivered after (ms)", hangA);
      f.put("A hangs 5 s (x2): B delivery (ms, ratio to baseline)", hangB + " (" + ratio(hangB, baselineB) + ")");

      // 4. A storm of five 429s without Retry-After.
      mark = a.requestCount();
      a.failNext(5, 429);
      t = System.nanoTime();
      batch = send(gw, 10);
      long stormB = awaitAll(b, batch, t);
      long stormA = awaitAll(a, batch, t);
      int attempts = a.requestCount() - mark;
      assertThat(attempts).as("one batch in flight: five refusals, then one success").isEqualTo(6);
      f.put("A 429 storm (x5): attempts for one batch", attempts);
      f.put("A 429 storm (x5): A delivered after (ms, full-jitter backoff)", stormA);
      f.put("A 429 storm (x5): B delivery (ms)", stormB);

      // Nothing lost, at either vendor.
      Set<Long> all = new HashSet<>();
      LongStream.range(0, seq).forEach(all::add);
      for (FakeVendor v : List.of(a, b)) {
        assertThat(seqs(v)).containsAll(all);
      }
      f.put("events acknowledged", seq)
          .put("lost at A / B", (seq - seqs(a).stream().filter(all::contains).count()) + " / "
              + (seq - seqs(b).stream().filter(all::contains).count()))
          .put("duplicates at A / B", (a.received().size() - seqs(a).size()) + " / " + (b.received().size() - seqs(b).size()))
          .publish();
    }
  }

  private Set<Long> send(TestGateway gw, int n) throws Exception {
    Set<Long> sent = new HashSet<>();
    for (int i = 0; i < n; i += 10) {
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int j = 0; j < 10 && i + j < n; j++) {
        long s = seq++;
        body.append(j == 0 ? "" : ",")
            .append("{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u").append(s).append("\",\"properties\":{\"seq\":")
            .append(s).append("}}");
        sent.add(s);
      }
      assertThat(gw.post("/v1/batch", body.append("]}").toString()).statusCode()).isEqualTo(200);
    }
    return sent;
  }

  /** Waits until the vendor holds every seq; returns milliseconds since {@code since}. */
  private static long awaitAll(FakeVendor v, Set<Long> want, long since) throws InterruptedException {
    TestGateway.await(() -> seqs(v).containsAll(want), Duration.ofSeconds(60), "vendor at " + v.baseUrl());
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static Set<Long> seqs(FakeVendor v) {
    Set<Long> out = new HashSet<>();
    for (FakeVendor.Received r : v.received()) {
      JsonNode s = r.event().path("properties").path("seq");
      if (s.isNumber()) {
        out.add(s.asLong());
      }
    }
    return out;
  }

  private static String ratio(long x, long baseline) {
    return String.format("%.1fx", x / (double) Math.max(1, baseline));
  }
}
