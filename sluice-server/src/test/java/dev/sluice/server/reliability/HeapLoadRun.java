package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded-memory load run (not part of {@code verify}: it needs a quiet machine for a minute):
 * Sluice in its own JVM with {@code -Xmx256m} takes {@code sluice.load.rate} events/s (10000) for
 * {@code sluice.load.seconds} (60) through the Segment receiver, while its heap is sampled from
 * its own {@code /metrics} every second. Run with {@code -Dsluice.load=run}.
 */
class HeapLoadRun {
  @TempDir Path dir;

  @Test
  void heapStaysUnder256MbAtTenThousandEventsPerSecond() throws Exception {
    Assumptions.assumeTrue("run".equals(System.getProperty("sluice.load")), "load run: pass -Dsluice.load=run");
    int rate = Integer.getInteger("sluice.load.rate", 10_000);
    int seconds = Integer.getInteger("sluice.load.seconds", 60);
    int threads = Integer.getInteger("sluice.load.threads", 8);
    AtomicInteger port = new AtomicInteger(1);
    Path childLog = Path.of("target", "sluice-load-child.log").toAbsolutePath();
    Files.deleteIfExists(childLog);
    try (TestGateway gw = TestGateway.prepare(dir, CrashRecoveryTest.CONTRACT, "")) {
      gw.vendor.countOnly();
      Process p = GatewayProcess.launch(gw.writeConfig(), childLog, List.of("-Xmx256m", "-XX:+UseSerialGC"));
      try {
        int[] ports = GatewayProcess.awaitReady(p, 60, TimeUnit.SECONDS);
        port.set(ports[0]);
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + ports[1] + "/metrics");
        long peakHeap = 0;
        long start = System.nanoTime();
        LoadGenerator load = new LoadGenerator(port::get, threads, 50, rate, (long) rate * seconds).start();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds) && load.sent() < (long) rate * seconds) {
          Thread.sleep(1000);
          peakHeap = Math.max(peakHeap, heapUsed(http, metrics));
        }
        load.close();
        double elapsed = (System.nanoTime() - start) / 1e9;
        TestGateway.await(() -> gw.vendor.eventCount() >= load.acknowledged().size(), Duration.ofSeconds(120), "drain");
        peakHeap = Math.max(peakHeap, heapUsed(http, metrics));
        String log = Files.readString(childLog);
        Figures.of("heap-load")
            .put("Sluice JVM", "-Xmx256m -XX:+UseSerialGC")
            .put("target rate (events/s)", rate)
            .put("acknowledged rate (events/s)", Math.round(load.acknowledged().size() / elapsed))
            .put("duration (s)", Math.round(elapsed))
            .put("events acknowledged", load.acknowledged().size())
            .put("events delivered", gw.vendor.eventCount())
            .put("requests by outcome", load.outcomes())
            .put("peak heap used, sampled each second (MiB)", peakHeap >> 20)
            .put("OutOfMemoryError in the Sluice log", log.contains("OutOfMemoryError"))
            .publish();
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(peakHeap).isLessThanOrEqualTo(256L << 20);
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** Sum of jvm_memory_used_bytes over the heap pools. */
  private static long heapUsed(HttpClient http, URI metrics) throws Exception {
    String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    long sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
