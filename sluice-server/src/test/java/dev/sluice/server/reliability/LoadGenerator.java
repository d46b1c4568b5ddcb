package dev.sluice.server.reliability;

import dev.sluice.server.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Sends Segment batches of numbered track events ({@code properties.seq}) to an ingest port at a
 * fixed rate from a few threads, and remembers exactly which sequence numbers were acknowledged
 * with a 2xx. The port is read before every request, so the target may restart on another port.
 */
public final class LoadGenerator implements AutoCloseable {
  private final IntSupplier port;
  private final int batchSize;
  private final long intervalNanos;
  private final long maxEvents;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicLong nextSeq = new AtomicLong();
  private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param eventsPerSecond target rate over all threads
   * @param maxEvents stop sending after this many sequence numbers were used
   */
  public LoadGenerator(IntSupplier port, int threads, int batchSize, int eventsPerSecond, long maxEvents) {
    this.port = port;
    this.batchSize = batchSize;
    this.intervalNanos = 1_000_000_000L * batchSize / eventsPerSecond;
    this.maxEvents = maxEvents;
    for (int i = 0; i < threads; i++) {
      this.threads.add(Thread.ofPlatform().name("load-" + i).daemon().unstarted(this::run));
    }
  }

  public LoadGenerator start() {
    threads.forEach(Thread::start);
    return this;
  }

  private void run() {
    while (running) {
      long slot = nextSlot.getAndAdd(intervalNanos);
      long now = System.nanoTime();
      if (slot < now - 100_000_000L) {
        nextSlot.set(now); // fell behind (target down): do not burst to catch up
      } else if (slot > now) {
        LockSupport.parkNanos(slot - now);
      }
      long first = nextSeq.getAndAdd(batchSize);
      if (first >= maxEvents) {
        return;
      }
      send(first);
    }
  }

  private void send(long first) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (long s = first; s < first + batchSize; s++) {
      if (s > first) {
        body.append(',');
      }
      body.append("{\"type\":\"track\",\"event\":\"Load\",\"userId\":\"load-user-").append(s % 997)
          .append("\",\"messageId\":\"load-").append(s).append("\",\"properties\":{\"seq\":").append(s).append("}}");
    }
    body.append("]}");
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + "/v1/batch"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
      count(Integer.toString(resp.statusCode()));
      if (resp.statusCode() / 100 == 2) {
        for (long s = first; s < first + batchSize; s++) {
          acknowledged.add(s);
        }
      }
    } catch (IOException e) {
      count(e.getClass().getSimpleName());
      LockSupport.parkNanos(20_000_000L); // target down: do not spin
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
  }

  /** Sequence numbers whose request was answered 2xx. */
  public Set<Long> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** Requests by outcome: HTTP status or exception class. */
  public Map<String, Long> outcomes() {
    Map<String, Long> m = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Sequence numbers handed out so far (sent or being sent). */
  public long sent() {
    return Math.min(nextSeq.get(), maxEvents);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(10_000);
    }
  }
}
