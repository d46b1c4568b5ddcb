package dev.sluice.server.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.BatchBody;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.store.FileDeadLetters;
import dev.sluice.server.store.FileOutbox;
import dev.sluice.server.store.OutboxEntry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against a real outbox, real dead letters and a loopback vendor. */
class SenderTest {
  @TempDir Path dir;
  FakeVendor vendor;
  FileOutbox outbox;
  FileDeadLetters deadLetters;
  Metrics metrics = new Metrics();
  final List<Sender> senders = new ArrayList<>();

  /** Frames items as {"events":[...]} for the vendor's /hook path (signature checks off). */
  record PlainEncoder(URI uri, int batchSize) implements Encoder {
    @Override
    public byte[] encode(ObjectNode minimised) {
      return Json.bytes(minimised);
    }

    @Override
    public BatchLimits limits() {
      return new BatchLimits(batchSize, 512_000);
    }

    @Override
    public VendorRequest frame(List<byte[]> items, Instant now) {
      return new VendorRequest(uri, "POST", Map.of("Content-Type", "application/json"), BatchBody.join("{\"events\":[", items, "]}"));
    }

    @Override
    public DeliveryOutcome interpret(VendorResponse response, Instant now) {
      return DeliveryOutcome.fromStatus(response, now);
    }
  }

  @BeforeEach
  void open() throws Exception {
    vendor = FakeVendor.start(null);
    KeyStore keys = KeyStore.open(dir, MasterKey.generate());
    outbox = FileOutbox.open(dir.resolve("outbox"), keys.outboxAead(), 64L << 20);
    deadLetters = FileDeadLetters.open(dir.resolve("dead-letters"), keys.outboxAead(), Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    for (Sender s : senders) {
      s.close();
    }
    vendor.close();
    outbox.close();
    deadLetters.close();
  }

  Sender sender(URI uri, int batchSize) {
    Sender s =
        new Sender("dest", new PlainEncoder(uri, batchSize), outbox, deadLetters, HttpClient.newHttpClient(),
            Duration.ofSeconds(5), Sender.counting(metrics, "dest"), Clock.systemUTC(), new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), new Random(1)));
    senders.add(s);
    return s;
  }

  void enqueue(int n) throws Exception {
    List<OutboxEntry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(new OutboxEntry("dest", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    outbox.append(entries);
  }

  URI hook() {
    return URI.create(vendor.baseUrl() + "/hook");
  }

  @Test
  void batchesUpToTheEncodersLimitInOrder() throws Exception {
    enqueue(250);
    sender(hook(), 100).start();
    TestGateway.await(() -> vendor.received().size() == 250, Duration.ofSeconds(10), "delivery");
    assertThat(vendor.requestCount()).isEqualTo(3);
    assertThat(vendor.received().stream().map(r -> r.event().get("n").asInt()).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 250).boxed().toList());
    TestGateway.await(() -> metrics.count("sluice.delivered", "destination", "dest") == 250, Duration.ofSeconds(5), "commit");
    assertThat(outbox.depth("dest")).isZero();
  }

  @Test
  void transientFailuresAreRetriedWithTheSameBatch() throws Exception {
    vendor.failNext(3, 503, "0");
    enqueue(10);
    sender(hook(), 100).start();
    TestGateway.await(() -> vendor.received().size() == 10, Duration.ofSeconds(10), "delivery");
    assertThat(vendor.requestCount()).isEqualTo(4);
    assertThat(metrics.count("sluice.retries", "destination", "dest")).isEqualTo(3);
    assertThat(deadLetters.count("dest")).isZero();
  }

  @Test
  void rateLimitsAreRetriedToo() throws Exception {
    vendor.failNext(2, 429, "0");
    enqueue(1);
    sender(hook(), 100).start();
    TestGateway.await(() -> vendor.received().size() == 1, Duration.ofSeconds(10), "delivery");
    assertThat(metrics.count("sluice.retries", "destination", "dest")).isEqualTo(2);
  }

  @Test
  void permanentRefusalParksTheBatchAsDeadLetters() throws Exception {
    vendor.failNext(1, 400);
    enqueue(7);
    sender(hook(), 100).start();
    TestGateway.await(() -> deadLetters.count("dest") == 7, Duration.ofSeconds(10), "dead letters");
    TestGateway.await(() -> metrics.count("sluice.dead.lettered", "destination", "dest") == 7, Duration.ofSeconds(5), "commit");
    assertThat(outbox.depth("dest")).isZero();
    assertThat(vendor.received()).isEmpty();
    assertThat(deadLetters.list("dest").get(0).reason()).isEqualTo("HTTP 400");
  }

  @Test
  void anUnreachableVendorKeepsItemsQueued() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    enqueue(5);
    sender(URI.create("http://127.0.0.1:" + port + "/hook"), 100).start();
    TestGateway.await(() -> metrics.count("sluice.retries", "destination", "dest") >= 3, Duration.ofSeconds(10), "retries");
    assertThat(outbox.depth("dest")).isEqualTo(5);
    assertThat(deadLetters.count("dest")).isZero();
  }
}
