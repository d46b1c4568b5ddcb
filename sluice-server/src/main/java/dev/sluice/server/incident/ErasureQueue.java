package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.deliver.Backoff;
import dev.sluice.server.deliver.Sender;
import dev.sluice.server.store.FileDeadLetters;
import dev.sluice.server.store.FileOutbox;
import dev.sluice.server.store.OutboxEntry;
import dev.sluice.server.store.OutboxFullException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue of erasure requests for vendors' deletion APIs ({@code sluice forget}): an
 * outbox of its own in {@code <data>/erasures/queue}, encrypted under the outbox key like
 * deliveries (it holds the ids the vendor gets: pseudonyms, and a raw id only where the contract
 * sends ids raw), with its own dead letters in {@code <data>/erasures/failed}. One {@link Sender}
 * per destination with a deletion API sends one queued request at a time, retried with backoff on
 * 408, 429, 5xx and network errors, parked with the vendor's message on another 4xx. A request
 * survives restarts: a stopped gateway's queue is sent when it starts.
 *
 * <p>An item is {@code {"request": ID, "ids": [...]}}, at most the vendor's ids per request. The
 * audit log gets {@code erasure.sent} and {@code erasure.failed} with the request id, destination
 * and counts; the ids never leave the encrypted queue except to the vendor.
 */
public final class ErasureQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureQueue.class);
  /** Ids are short; a megabyte holds the largest request of any vendor. */
  private static final int MAX_ITEM_BYTES = 1 << 20;
  private static final long MAX_QUEUE_BYTES = 64L << 20;

  private final FileOutbox queue;
  private final FileDeadLetters failed;
  private final Map<String, DeletionApi> apis = new LinkedHashMap<>();
  private final Map<String, Sender> senders = new LinkedHashMap<>();
  private final AuditLog audit;

  private ErasureQueue(FileOutbox queue, FileDeadLetters failed, SluiceConfig config, AuditLog audit) {
    this.queue = queue;
    this.failed = failed;
    this.audit = audit;
    for (DestinationConfig d : config.destinations()) {
      if (d.deletion() != null) {
        apis.put(d.name(), d.deletion());
      }
    }
  }

  /**
   * Opens (creating) the queue in {@code <dataDir>/erasures}; fails if another process holds it.
   * Nothing is sent until {@link #start}.
   */
  public static ErasureQueue open(Path dataDir, SluiceConfig config, Aead aead, AuditLog audit, Clock clock)
      throws IOException {
    Path dir = dataDir.resolve("erasures");
    FileOutbox queue = FileOutbox.open(dir.resolve("queue"), aead, MAX_QUEUE_BYTES);
    try {
      return new ErasureQueue(queue, FileDeadLetters.open(dir.resolve("failed"), aead, clock), config, audit);
    } catch (IOException | RuntimeException e) {
      queue.close();
      throw e;
    }
  }

  /** Starts one sender per destination with a deletion API (the gateway; the CLI only enqueues). */
  public void start(HttpClient http, Map<String, Duration> timeouts, Clock clock) {
    apis.forEach((name, api) -> {
      Sender s = new Sender(name, new DeletionEncoder(api), queue, failed, http, timeouts.get(name),
          new Audited(name), clock, Backoff.standard());
      senders.put(name, s);
      s.start();
    });
  }

  /** The destination's deletion API, or null when its requests are sent by hand. */
  public DeletionApi api(String destination) {
    return apis.get(destination);
  }

  /**
   * Queues the deletion of {@code ids} at the destination's vendor, durably, split to the vendor's
   * limit per request; returns the number of requests queued.
   */
  public int enqueue(String request, String destination, List<String> ids) {
    DeletionApi api = apis.get(destination);
    if (api == null) {
      throw new IllegalArgumentException("destination " + destination + " has no deletion API configured");
    }
    List<OutboxEntry> entries = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += api.maxIds()) {
      ObjectNode item = Json.MAPPER.createObjectNode();
      item.put("request", request);
      ids.subList(from, Math.min(ids.size(), from + api.maxIds())).forEach(item.putArray("ids")::add);
      entries.add(new OutboxEntry(destination, Json.bytes(item)));
    }
    try {
      queue.append(entries);
    } catch (OutboxFullException e) {
      throw new IllegalStateException("the erasure queue is full: the vendors' deletion APIs are not answering", e);
    }
    Sender s = senders.get(destination);
    if (s != null) {
      s.wake();
    }
    return entries.size();
  }

  /** Requests of the destination waiting to be sent (or retried). */
  public long pending(String destination) {
    return queue.depth(destination);
  }

  /** Requests of the destination the vendor refused for good. */
  public long refused(String destination) {
    return failed.count(destination);
  }

  /** Where {@link Erasure#forget} and the senders record what happened, without ids. */
  public AuditLog audit() {
    return audit;
  }

  /** The records of one erasure request in the audit log, oldest first. */
  public List<JsonNode> history(String request) throws IOException {
    return audit.records("request", request);
  }

  @Override
  public void close() {
    for (Sender s : senders.values()) {
      try {
        s.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.close();
    failed.close();
  }

  private static ObjectNode item(byte[] bytes) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> ids(ObjectNode item) {
    List<String> ids = new ArrayList<>();
    item.path("ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** Writes the audit records of what the vendor did with each request. */
  private final class Audited implements Sender.Outcomes {
    private final String destination;

    Audited(String destination) {
      this.destination = destination;
    }

    @Override
    public void delivered(List<byte[]> items) {
      for (byte[] b : items) {
        record("erasure.sent", item(b), null);
      }
    }

    @Override
    public void refused(List<byte[]> items, String reason) {
      for (byte[] b : items) {
        record("erasure.failed", item(b), reason);
      }
    }

    @Override
    public void retried() {
      // the sender logs each retry; the audit log records only the end of a request
    }

    private void record(String action, ObjectNode item, String reason) {
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("request", item.path("request").asText());
      r.put("destination", destination);
      r.put("ids", item.path("ids").size());
      if (reason != null) {
        r.put("reason", reason);
      }
      try {
        audit.append(action, r);
      } catch (IOException e) {
        // The vendor has the request either way; say so loudly rather than resend it.
        LOG.error("erasure request {} to {}: {} but the audit log could not be written", r.path("request").asText(),
            destination, action, e);
      }
    }
  }

  /**
   * A deletion API seen as the sender's encoder: one queued request per vendor request. The
   * vendor's refusal message is kept for the operator, but with the ids it may echo cut out: it
   * goes to the dead letters' reason, the log and the audit log, none of which hold ids.
   */
  private static final class DeletionEncoder implements Encoder {
    private final DeletionApi api;
    /** The ids of the request in flight; one sender thread frames and interprets in turn. */
    private List<String> inFlight = List.of();

    DeletionEncoder(DeletionApi api) {
      this.api = api;
    }

    @Override
    public byte[] encode(ObjectNode minimised) {
      throw new UnsupportedOperationException("erasure requests are queued whole, never encoded from events");
    }

    @Override
    public BatchLimits limits() {
      return new BatchLimits(1, MAX_ITEM_BYTES);
    }

    @Override
    public VendorRequest frame(List<byte[]> items, Instant now) {
      inFlight = ids(item(items.get(0)));
      return api.request(inFlight);
    }

    @Override
    public DeliveryOutcome interpret(VendorResponse response, Instant now) {
      DeliveryOutcome o = api.interpret(response, now);
      if (o instanceof DeliveryOutcome.Rejected r) {
        String reason = r.reason();
        for (String id : inFlight) {
          reason = reason.replace(id, "<id>");
        }
        return new DeliveryOutcome.Rejected(reason);
      }
      return o;
    }
  }
}
