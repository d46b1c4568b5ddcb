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
 * {"batch":[...]}}) on {@code /v1/batch}, Mixpanel {@code /import} and Amplitude {@code
 * /2/httpapi} uploads (checked against each vendor's documented rules and answered in its
 * format), and records every event it was sent. It can be told to answer the next N requests
 * with an error, to exercise retries; a Mixpanel or Amplitude record containing {@value
 * #REFUSE_MARKER} is refused the way that vendor refuses one record, to exercise partial success.
 * It also speaks PostHog's {@code /batch/} ({@code {"api_key","batch":[...]}}, answered {@code
 * {"status":1}}) and GA4's {@code /mp/collect} (key in the query, {@code
 * {"client_id","events":[...]}}, answered 204).
 * It answers the deletion APIs in each vendor's shape: Mixpanel's {@code
 * /api/app/data-deletions/v3.0/} (bearer token, project token in the query), Amplitude's {@code
 * /api/2/deletions/users} (basic auth) and PostHog's {@code /api/projects/ID/persons/bulk_delete/}
 * (bearer personal key), recorded in {@link #uploads()}.
 * It can also hang before answering, or go down (connection refused) and come back on the same
 * port, to exercise timeouts and backoff.
 */
public final class FakeVendor implements AutoCloseable {
  /** One event as the vendor received it, with the path it arrived on. */
  public record Received(String path, ObjectNode event) {}

  /**
   * One Mixpanel or Amplitude upload, or one deletion request of any vendor, as it arrived: query
   * string, Authorization header, the body's {@code api_key} (Amplitude uploads) and the insert ids
   * of its records in order, or for a deletion request the ids it asks to delete.
   */
  public record Upload(String path, String query, String authorization, String apiKey, List<String> insertIds) {}

  /** A record holding this text is refused by the Mixpanel and Amplitude endpoints. */
  public static final String REFUSE_MARKER = "fake-vendor-refuse";
  /** One accepted request whole: path, query string (may be null) and JSON body. */
  public record Request(String path, String query, ObjectNode body) {}

  private volatile HttpServer server;
  private final int port;
  private final SecretKeySpec webhookKey;
  private final ConcurrentLinkedQueue<Long> requestNanos = new ConcurrentLinkedQueue<>();
  private final AtomicInteger hangsLeft = new AtomicInteger();
  private volatile long hangMillis;
  private volatile boolean keepEvents = true;
  private final java.util.concurrent.atomic.AtomicLong eventCount = new java.util.concurrent.atomic.AtomicLong();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> wire = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Request> requestsSeen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile String failureRetryAfter;
  private volatile String failureBody = "{\"error\":\"injected failure\"}";

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
    failNext(count, status, retryAfter, "{\"error\":\"injected failure\"}");
  }

  /** As {@link #failNext(int, int, String)}, answering {@code body} (a vendor's own error text). */
  public void failNext(int count, int status, String retryAfter, String body) {
    failureStatus = status;
    failureRetryAfter = retryAfter;
    failureBody = body;
    failuresLeft.set(count);
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Mixpanel and Amplitude requests, in arrival order. */
  public List<Upload> uploads() {
    return new ArrayList<>(uploads);
  }

  /** Accepted requests whole, for vendors whose request carries more than its events (GA4's client_id). */
  public List<Request> requests() {
    return new ArrayList<>(requestsSeen);
  }

  /** Every request as it arrived (URI, a newline, the body as UTF-8), for searches of all a vendor got. */
  public List<String> wire() {
    return new ArrayList<>(wire);
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
      if (keepEvents) {
        wire.add(ex.getRequestURI() + "\n" + new String(body, java.nio.charset.StandardCharsets.UTF_8));
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
      String vendorPath = ex.getRequestURI().getPath();
      Deletion deletion = Deletion.of(vendorPath);
      JsonNode deletionBody = null;
      if (deletion != null) {
        try {
          deletionBody = Json.MAPPER.readTree(body);
        } catch (IOException e) {
          reply(ex, 400, "{\"error\":\"malformed JSON\"}");
          return;
        }
        List<String> ids = new ArrayList<>();
        deletionBody.path(deletion.idsField()).forEach(n -> ids.add(n.asText()));
        uploads.add(new Upload(vendorPath, ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Authorization"), null, ids));
      }
      JsonNode upload = null;
      if (vendorPath.equals("/import") || vendorPath.equals("/2/httpapi")) {
        // recorded before any injected failure, so tests see what every attempt carried
        try {
          upload = Json.MAPPER.readTree(body);
        } catch (IOException e) {
          reply(ex, 400, "{\"code\":400,\"error\":\"malformed JSON\"}");
          return;
        }
        List<String> insertIds = new ArrayList<>();
        if (upload.isArray()) {
          upload.forEach(r -> insertIds.add(r.path("properties").path("$insert_id").asText(null)));
        }
        upload.path("events").forEach(e -> insertIds.add(e.path("insert_id").asText(null)));
        uploads.add(new Upload(vendorPath, ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Authorization"), upload.path("api_key").textValue(), insertIds));
      }
      if (failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        String retryAfter = failureRetryAfter;
        if (retryAfter != null) {
          ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        reply(ex, failureStatus, failureBody);
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "{\"error\":\"POST only\"}");
        return;
      }
      if (deletion != null) {
        VendorAnswer a = deletion.answer(deletionBody, ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Authorization"));
        reply(ex, a.status(), a.body());
        return;
      }
      if (upload != null) {
        VendorAnswer a = path.equals("/import") ? mixpanelImport(upload) : amplitude(upload);
        reply(ex, a.status(), a.body());
        return;
      }
      String arrayField;
      String query = ex.getRequestURI().getRawQuery();
      int okStatus = 200;
      if (path.equals("/v1/batch")) {
        arrayField = "batch";
      } else if (path.equals("/batch/")) {
        arrayField = "batch"; // PostHog capture; the key is checked below
      } else if (path.equals("/mp/collect")) {
        arrayField = "events"; // GA4 Measurement Protocol: 204, no body
        okStatus = 204;
        if (query == null || !query.contains("measurement_id=") || !query.contains("api_secret=")) {
          reply(ex, 401, "{\"error\":\"measurement_id and api_secret required\"}");
          return;
        }
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
      if (path.equals("/batch/") && !root.path("api_key").isTextual()) {
        reply(ex, 401, "{\"type\":\"authentication_error\",\"code\":\"invalid_api_key\"}");
        return;
      }
      requestsSeen.add(new Request(path, query, (ObjectNode) root));
      for (JsonNode e : events) {
        if (e instanceof ObjectNode o) {
          eventCount.incrementAndGet();
          if (keepEvents) {
            received.add(new Received(path, o));
          }
        }
      }
      if (okStatus == 204) {
        ex.sendResponseHeaders(204, -1);
        return;
      }
      reply(ex, 200, path.equals("/batch/") ? "{\"status\":1}" : "{\"success\":true}");
    }
  }

  private record VendorAnswer(int status, String body) {}

  /** The three vendors' deletion APIs: where the ids are, and each vendor's answer. */
  private enum Deletion {
    MIXPANEL("distinct_ids"),
    AMPLITUDE("user_ids"),
    POSTHOG("distinct_ids");

    private final String idsField;

    Deletion(String idsField) {
      this.idsField = idsField;
    }

    String idsField() {
      return idsField;
    }

    static Deletion of(String path) {
      if (path.equals("/api/app/data-deletions/v3.0/")) {
        return MIXPANEL;
      }
      if (path.equals("/api/2/deletions/users")) {
        return AMPLITUDE;
      }
      return path.matches("/api/projects/[0-9]+/persons/bulk_delete/") ? POSTHOG : null;
    }

    VendorAnswer answer(JsonNode body, String query, String authorization) {
      JsonNode ids = body.path(idsField);
      return switch (this) {
        case MIXPANEL -> authorization == null || !authorization.startsWith("Bearer ")
            ? new VendorAnswer(401, "{\"status\":\"error\",\"error\":\"Invalid or missing OAuth token\"}")
            : query == null || !query.startsWith("token=")
                ? new VendorAnswer(400, "{\"status\":\"error\",\"error\":\"token is required\"}")
                : !ids.isArray() || ids.isEmpty() || ids.size() > 2000
                    ? new VendorAnswer(400, "{\"status\":\"error\",\"error\":\"distinct_ids must be a list of 1 to 2000 ids\"}")
                    : new VendorAnswer(200, "{\"status\":\"ok\",\"results\":{\"task_id\":\"" + java.util.UUID.randomUUID() + "\"}}");
        case AMPLITUDE -> {
          if (authorization == null || !authorization.startsWith("Basic ")) {
            yield new VendorAnswer(401, "{\"error\":\"Invalid API key or secret key\"}");
          }
          if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            yield new VendorAnswer(400, "{\"error\":\"user_ids must hold 1 to 100 ids\"}");
          }
          ObjectNode a = Json.MAPPER.createObjectNode();
          String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
          a.put("day", day).put("status", "staging");
          a.putArray("amplitude_ids");
          var users = a.putArray("user_ids");
          ids.forEach(id -> users.addObject().put("user_id", id.asText()).put("requester", body.path("requester").asText())
              .put("requested_on_day", day));
          yield new VendorAnswer(200, a.toString());
        }
        case POSTHOG -> authorization == null || !authorization.startsWith("Bearer ")
            ? new VendorAnswer(401, "{\"type\":\"authentication_error\",\"code\":\"not_authenticated\",\"detail\":\"Authentication credentials were not provided.\",\"attr\":null}")
            : !ids.isArray() || ids.isEmpty() || ids.size() > 1000
                ? new VendorAnswer(400, "{\"type\":\"validation_error\",\"code\":\"invalid_input\",\"detail\":\"You must provide between 1 and 1000 distinct_ids\",\"attr\":\"distinct_ids\"}")
                : new VendorAnswer(202, "{\"persons_found\":" + ids.size() + ",\"persons_deleted\":" + ids.size()
                    + ",\"events_queued_for_deletion\":" + body.path("delete_events").asBoolean() + ",\"recordings_queued_for_deletion\":false,\"deletion_errors\":[]}");
      };
    }
  }

  /**
   * Mixpanel {@code /import}: a JSON array of {@code {event, properties: {time, distinct_id,
   * $insert_id}}}; invalid records are listed in {@code failed_records} and the rest ingested.
   */
  private VendorAnswer mixpanelImport(JsonNode root) {
    if (!root.isArray()) {
      return new VendorAnswer(400, "{\"code\":400,\"error\":\"body must be a JSON array\",\"status\":\"Bad Request\"}");
    }
    ObjectNode answer = Json.MAPPER.createObjectNode();
    var failed = answer.putArray("failed_records");
    int imported = 0;
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      JsonNode p = r.path("properties");
      String problem =
          !r.path("event").isTextual() ? "event"
              : !p.path("time").canConvertToLong() ? "properties.time"
              : !p.path("distinct_id").isTextual() ? "properties.distinct_id"
              : !p.path("$insert_id").asText("").matches("[A-Za-z0-9-]{1,36}") ? "properties.$insert_id"
              : r.toString().contains(REFUSE_MARKER) ? "properties"
              : null;
      if (problem != null) {
        failed.addObject().put("index", i).put("$insert_id", p.path("$insert_id").asText("")).put("field", problem).put("message", "'" + problem + "' is invalid");
      } else {
        received.add(new Received("/import", (ObjectNode) r));
        imported++;
      }
    }
    if (failed.isEmpty()) {
      return new VendorAnswer(200, "{\"code\":200,\"num_records_imported\":" + imported + ",\"status\":\"OK\"}");
    }
    answer.put("code", 400).put("error", "some data points in the request failed validation").put("status", "Bad Request").put("num_records_imported", imported);
    return new VendorAnswer(400, answer.toString());
  }

  /**
   * Amplitude {@code /2/httpapi}: {@code {api_key, events: [...]}}; any invalid event (no
   * event_type, no id of at least min_id_length characters) refuses the whole request with the
   * indices, as Amplitude does.
   */
  private VendorAnswer amplitude(JsonNode root) {
    if (!root.path("api_key").isTextual()) {
      return new VendorAnswer(400, "{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}");
    }
    if (!root.path("events").isArray()) {
      return new VendorAnswer(400, "{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"events\"}");
    }
    int min = root.path("options").path("min_id_length").asInt(5);
    ObjectNode answer = Json.MAPPER.createObjectNode();
    ObjectNode invalid = Json.MAPPER.createObjectNode();
    JsonNode events = root.get("events");
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      String user = e.path("user_id").asText("");
      String device = e.path("device_id").asText("");
      String problem =
          !e.path("event_type").isTextual() ? "event_type"
              : user.length() < min && device.length() < min ? "user_id"
              : !e.path("insert_id").isTextual() ? "insert_id"
              : e.toString().contains(REFUSE_MARKER) ? "event_properties"
              : null;
      if (problem != null) {
        invalid.withArrayProperty(problem).add(i);
      }
    }
    if (!invalid.isEmpty()) {
      answer.put("code", 400).put("error", "Invalid field values on some events").set("events_with_invalid_fields", invalid);
      return new VendorAnswer(400, answer.toString());
    }
    for (JsonNode e : events) {
      received.add(new Received("/2/httpapi", (ObjectNode) e));
    }
    return new VendorAnswer(
        200, "{\"code\":200,\"events_ingested\":" + events.size() + ",\"payload_size_bytes\":" + root.toString().length() + ",\"server_upload_time\":" + System.currentTimeMillis() + "}");
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
