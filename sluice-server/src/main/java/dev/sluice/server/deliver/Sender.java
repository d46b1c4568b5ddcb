package dev.sluice.server.deliver;

import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.store.Batch;
import dev.sluice.server.store.DeadLetterStore;
import dev.sluice.server.store.Outbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one destination's outbox to its vendor: one thread, one batch in flight, so a slow or
 * dead vendor only ever holds up itself. A batch leaves the outbox only after the vendor accepted
 * it or refused it for good (then it is parked as a dead letter); every other answer is retried
 * with backoff, carrying the same idempotency ids.
 */
public final class Sender implements AutoCloseable {
  /**
   * Told what became of the items the sender took from the queue: event deliveries count them in
   * the metrics ({@link #counting}), erasure requests write their audit records.
   */
  public interface Outcomes {
    /** The vendor accepted these items; they left the queue. */
    void delivered(List<byte[]> items);

    /** The vendor refused these items for good; they were parked as dead letters. */
    void refused(List<byte[]> items, String reason);

    /** A send will be retried after a backoff. */
    void retried();
  }

  /** The event senders' outcomes: the destination's delivery, dead-letter and retry counters. */
  public static Outcomes counting(Metrics metrics, String destination) {
    return new Outcomes() {
      @Override
      public void delivered(List<byte[]> items) {
        metrics.delivered(destination, items.size());
      }

      @Override
      public void refused(List<byte[]> items, String reason) {
        metrics.deadLettered(destination, items.size());
      }

      @Override
      public void retried() {
        metrics.retried(destination);
      }
    };
  }

  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  /** Room left in a batch for the encoder's framing (prefix, commas, suffix). */
  private static final int FRAMING_ALLOWANCE = 1024;
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final String destination;
  private final Encoder encoder;
  private final Outbox outbox;
  private final DeadLetterStore deadLetters;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Outcomes outcomes;
  private final Clock clock;
  private final Backoff backoff;
  private final Semaphore wake = new Semaphore(0);
  /** Cuts a backoff short when the sender is held. */
  private final Semaphore holdSignal = new Semaphore(0);
  /** Held by the sender thread from peek to the end of a delivery, so {@link #hold} can wait it out. */
  private final ReentrantLock delivering = new ReentrantLock();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean held;

  public Sender(
      String destination,
      Encoder encoder,
      Outbox outbox,
      DeadLetterStore deadLetters,
      HttpClient http,
      Duration requestTimeout,
      Outcomes outcomes,
      Clock clock,
      Backoff backoff) {
    this.destination = destination;
    this.encoder = encoder;
    this.outbox = outbox;
    this.deadLetters = deadLetters;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.outcomes = outcomes;
    this.clock = clock;
    this.backoff = backoff;
    this.thread = Thread.ofPlatform().name("sluice-sender-" + destination).daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Tells the sender new items are waiting; cheap, callable from any thread. */
  public void wake() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /**
   * Stops sending (incident mode): returns once no request to the vendor is in flight and none
   * will start until {@link #resume}. Items keep being queued. A delivery under way finishes (at
   * most the request timeout); a batch waiting for a retry stays in the outbox.
   */
  public void hold() {
    held = true;
    holdSignal.release();
    delivering.lock();
    delivering.unlock();
  }

  /** Sends again after {@link #hold}. */
  public void resume() {
    held = false;
    holdSignal.drainPermits();
    wake();
  }

  public boolean held() {
    return held;
  }

  private void run() {
    BatchLimits limits = encoder.limits();
    int maxBytes = Math.max(1, limits.maxBytes() - FRAMING_ALLOWANCE);
    while (running) {
      try {
        if (held) {
          wake.tryAcquire(1, TimeUnit.SECONDS);
          continue;
        }
        delivering.lockInterruptibly();
        try {
          if (held) {
            continue;
          }
          Batch batch = outbox.peek(destination, limits.maxItems(), maxBytes);
          if (batch.items().isEmpty()) {
            delivering.unlock();
            wake.tryAcquire(1, TimeUnit.SECONDS);
            continue;
          }
          int fit = encoder.fitInOneRequest(batch.items());
          if (fit < batch.size()) {
            // Peeking is repeatable: the head is the same until a commit, so re-peek just the prefix.
            batch = outbox.peek(destination, Math.max(1, fit), maxBytes);
          }
          deliver(batch);
        } finally {
          if (delivering.isHeldByCurrentThread()) {
            delivering.unlock();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        // Store trouble: keep the items, say so, and try again later rather than spin.
        LOG.error("destination {}: outbox read failed ({}); retrying", destination, e.getClass().getSimpleName(), e);
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void deliver(Batch batch) throws IOException, InterruptedException {
    List<byte[]> items = batch.items();
    for (int attempt = 0; running && !held; attempt++) {
      int n = items.size();
      DeliveryOutcome outcome = attempt(encoder.frame(items, clock.instant()));
      switch (outcome) {
        case DeliveryOutcome.Delivered d -> {
          outbox.commit(destination, batch);
          outcomes.delivered(items);
          return;
        }
        case DeliveryOutcome.Rejected r -> {
          deadLetters.park(destination, items, r.reason());
          outbox.commit(destination, batch);
          outcomes.refused(items, r.reason());
          LOG.warn("destination {}: vendor refused a batch of {} ({}); parked as dead letters", destination, n, r.reason());
          return;
        }
        case DeliveryOutcome.Partial p -> {
          List<byte[]> rest = parkRefused(items, p);
          if (rest.size() == n) {
            // The vendor named no item of this batch: nothing to take out, so back off and retry.
            outcomes.retried();
            sleep(backoff.delay(attempt, Optional.empty()));
          } else if (p.resendRest() && !rest.isEmpty()) {
            items = rest; // the same ids again: the vendor de-duplicates what it already has
            attempt = -1;
          } else {
            outbox.commit(destination, batch);
            outcomes.delivered(p.resendRest() ? List.of() : rest);
            return;
          }
        }
        case DeliveryOutcome.Retry r -> {
          outcomes.retried();
          Duration wait = backoff.delay(attempt, r.after());
          LOG.info("destination {}: {}; retry {} in {} ms", destination, r.reason(), attempt + 1, wait.toMillis());
          sleep(wait);
        }
      }
    }
  }

  /** Parks the items a partial answer refused, grouped by reason; returns the others, in order. */
  private List<byte[]> parkRefused(List<byte[]> items, DeliveryOutcome.Partial p) {
    Map<String, List<byte[]>> byReason = new LinkedHashMap<>();
    List<byte[]> rest = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String reason = p.rejected().get(i);
      if (reason == null) {
        rest.add(items.get(i));
      } else {
        byReason.computeIfAbsent(reason, k -> new ArrayList<>()).add(items.get(i));
      }
    }
    byReason.forEach((reason, refused) -> {
      deadLetters.park(destination, refused, reason);
      outcomes.refused(refused, reason);
      LOG.warn("destination {}: vendor refused {} of {} items ({}); parked as dead letters", destination, refused.size(), items.size(), reason);
    });
    return rest;
  }

  private DeliveryOutcome attempt(VendorRequest req) throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(req.uri())
            .timeout(requestTimeout)
            .method(req.method(), HttpRequest.BodyPublishers.ofByteArray(req.body()));
    req.headers().forEach(b::header);
    try {
      HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = resp.body()) {
        body = in.readNBytes(MAX_RESPONSE_BYTES);
      }
      Optional<String> retryAfter = resp.headers().firstValue("Retry-After");
      return encoder.interpret(new VendorResponse(resp.statusCode(), retryAfter, body), clock.instant());
    } catch (IOException e) {
      // Connection refused, reset, timeout: the vendor did not answer, so try again.
      return new DeliveryOutcome.Retry(Optional.empty(), e.getClass().getSimpleName());
    }
  }

  private void sleep(Duration d) {
    try {
      // A wake() does not cut a backoff short: hold() does (the batch stays queued), and close()
      // does by interrupting.
      holdSignal.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
