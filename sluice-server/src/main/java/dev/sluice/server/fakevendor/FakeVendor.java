package dev.sluice.server.fakevendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.webhook.WebhookEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;

/**
 * A loopback stand-in for a third-party vendor, for the demo and tests: accepts webhook batches
 * ({@code {"events":[...]}}, signature checked) on {@code /hook} and Segment batches ({@code
 * {"batch":[...]}}) on {@code /v1/batch}, and records every event it was sent. It can be told to
 * answer the next N requests with an error, to hang before answering, or to go down (connection
 * refused) and come back on the same port, to exercise retries, timeouts and backoff.
 */
public final class FakeVendor implements AutoCloseable {
  /** One event as the vendor received it, with the path it arrived on. */
  public record Received(String path, ObjectNode event) {}

  private volatile HttpServer server;
  private final int port;
  private final SecretKeySpec webhookKey;
  private final ConcurrentLinkedQueue<Long> requestNanos = new ConcurrentLinkedQueue<>();
  private final AtomicInteger hangsLeft = new AtomicInteger();
  private volatile long hangMillis;
  private volatile boolean keepEvents = true;
  private final java.util.concurrent.atomic.AtomicLong eventCount = new java.util.concurrent.atomic.AtomicLong();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile String failureRetryAfter;

  private FakeVendor(HttpServer server, byte[] webhookSecret) {
    this.server = server;
    this.port = server.getAddress().getPort();
    this.webhookKey = webhookSecret == null ? null : new SecretKeySpec(webhookSecret, "HmacSHA256");
  }

  /** Starts on 127.0.0.1 at an ephemeral port. {@code webhookSecret} null skips signature checks. */
  public static FakeVendor start(byte[] webhookSecret) throws IOException {
    FakeVendor v = new FakeVendor(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64), webhookSecret);
    v.serve(v.server);
    return v;
  }

  private void serve(HttpServer s) {
    s.createContext("/", this::handle);
    s.setExecutor(Executors.newFixedThreadPool(4));
    s.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops listening: connections are refused until {@link #up()}. What was received is kept. */
  public synchronized void down() {
    stop(server);
  }

  /** Listens again on the same port. */
  public synchronized void up() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server = s;
    serve(s);
  }

  /**
   * Holds the next {@code count} requests for {@code millis} before answering 503 without
   * recording them: a vendor that hangs and then fails, to prove the sender's timeout.
   */
  public void hangNext(int count, long millis) {
    hangMillis = millis;
    hangsLeft.set(count);
  }

  /** Counts events without keeping them, for long load runs. */
  public void countOnly() {
    keepEvents = false;
  }

  /** Events received so far (kept or only counted). */
  public long eventCount() {
    return eventCount.get();
  }

  /** When each request arrived ({@link System#nanoTime()}), oldest first. */
  public List<Long> requestTimes() {
    return new ArrayList<>(requestNanos);
  }

  /** Answer the next {@code count} requests with {@code status} (503, 429, 400, ...). */
  public void failNext(int count, int status) {
    failNext(count, status, null);
  }

  /** As {@link #failNext(int, int)}, with a Retry-After header of {@code retryAfter} (e.g. "2"). */
  public void failNext(int count, int status, String retryAfter) {
    failureStatus = status;
    failureRetryAfter = retryAfter;
    failuresLeft.set(count);
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public int requestCount() {
    return requests.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      if (keepEvents) {
        requestNanos.add(System.nanoTime());
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (hangsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        try {
          Thread.sleep(hangMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        reply(ex, 503, "{\"error\":\"hung, then failed\"}");
        return;
      }
      if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        String retryAfter = failureRetryAfter;
        if (retryAfter != null) {
          ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        reply(ex, failureStatus, "{\"error\":\"injected failure\"}");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "{\"error\":\"POST only\"}");
        return;
      }
      String arrayField;
      if (path.equals("/v1/batch")) {
        arrayField = "batch";
      } else if (path.startsWith("/hook")) {
        arrayField = "events";
        if (webhookKey != null && !signatureValid(ex.getRequestHeaders().getFirst(WebhookEncoder.SIGNATURE_HEADER), body)) {
          reply(ex, 401, "{\"error\":\"bad signature\"}");
          return;
        }
      } else {
        reply(ex, 404, "{\"error\":\"unknown path\"}");
        return;
      }
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        reply(ex, 400, "{\"error\":\"malformed JSON\"}");
        return;
      }
      JsonNode events = root.get(arrayField);
      if (events == null || !events.isArray()) {
        reply(ex, 400, "{\"error\":\"missing " + arrayField + "\"}");
        return;
      }
      for (JsonNode e : events) {
        if (e instanceof ObjectNode o) {
          eventCount.incrementAndGet();
          if (keepEvents) {
            received.add(new Received(path, o));
          }
        }
      }
      reply(ex, 200, "{\"success\":true}");
    }
  }

  private boolean signatureValid(String header, byte[] body) {
    if (header == null) {
      return false;
    }
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        t = part.substring(2);
      } else if (part.startsWith("v1=")) {
        v1 = part.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    return java.security.MessageDigest.isEqual(
        WebhookEncoder.sign(webhookKey, t, body).getBytes(StandardCharsets.US_ASCII),
        v1.getBytes(StandardCharsets.US_ASCII));
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public synchronized void close() {
    stop(server);
  }

  private static void stop(HttpServer s) {
    s.stop(0);
    ((java.util.concurrent.ExecutorService) s.getExecutor()).shutdownNow();
  }
}
