package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.HttpErrors;
import dev.sluice.server.receive.Ingest;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.Receivers;
import dev.sluice.server.receive.Sources;
import dev.sluice.server.store.FileOutbox;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime exception in a stage after decoding (a bug) is contained per event: in a batch the
 * event is listed as rejected with {@code internal_error} naming the stage and the rest is
 * acknowledged; when no event is left the answer is a JSON 500, never a stack trace. The failure is
 * counted and logged without the exception's message, which may quote an event value.
 */
class StageFailureHttpTest {
  /** What a library exception might carry: the value it choked on. */
  static final String QUOTED_VALUE = "stage.canary@example.com";

  @TempDir Path dir;
  private FileOutbox outbox;
  private Javalin app;
  private Metrics metrics;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Encodes like a webhook, but throws on events whose {@code properties.boom} is true. */
  static final class BuggyEncoder implements Encoder {
    @Override
    public byte[] encode(ObjectNode minimised) {
      if (minimised.path("properties").path("boom").asBoolean()) {
        throw new NumberFormatException("For input string: \"" + QUOTED_VALUE + "\"");
      }
      return Json.bytes(minimised);
    }

    @Override
    public BatchLimits limits() {
      return new BatchLimits(100, 1 << 20);
    }

    @Override
    public VendorRequest frame(List<byte[]> items, Instant now) {
      throw new UnsupportedOperationException("no sender in this test");
    }

    @Override
    public DeliveryOutcome interpret(VendorResponse response, Instant now) {
      throw new UnsupportedOperationException("no sender in this test");
    }
  }

  @BeforeEach
  void start() throws Exception {
    KeyStore keys = KeyStore.open(dir, MasterKey.generate());
    List<Rule> rules =
        List.of(new Rule(PathPattern.parse("properties.boom"), Action.byName("keep"), new Location("sluice.yaml", 1, 1)));
    Destination d = new Destination("buggy", ContractCompiler.compile("buggy", rules, keys.pseudonymizer("buggy")), new BuggyEncoder());
    Router router = new Router(Map.of("web", List.of(d)), new EventScanner(new TextScanner()), Router.Accounting.NONE);
    outbox = FileOutbox.open(dir.resolve("outbox"), keys.outboxAead(), 1 << 20);
    metrics = new Metrics();
    Ingest ingest = new Ingest(router, outbox, name -> {}, metrics, entries -> {});
    ReceiverContext ctx =
        new ReceiverContext(
            SegmentLimits.DEFAULT,
            new Sources(List.of(new Sources.Source("web", Set.of())), Map.of("web", Set.of(TestGateway.WRITE_KEY))),
            ingest,
            new ClientAddress(a -> false),
            metrics,
            Clock.systemUTC(),
            () -> UUID.randomUUID().toString());
    app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  HttpErrors.register(cfg.routes);
                  Receivers.all(ctx).forEach(r -> r.register(cfg.routes));
                })
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    outbox.close();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", TestGateway.basic(TestGateway.WRITE_KEY))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBatchKeepsItsGoodEventsAndNamesTheStageOfTheBadOne() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/batch",
            """
            {"batch":[
              {"type":"track","event":"A","userId":"u1","properties":{"boom":false}},
              {"type":"track","userId":"u2"},
              {"type":"track","event":"C","userId":"u3","properties":{"boom":true}},
              {"type":"track","event":"D","userId":"u4"}
            ]}""");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode rejected = Json.MAPPER.readTree(r.body()).get("rejected");
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1); // the decoder's refusal
    assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2); // index in the request, not among accepted
    assertThat(rejected.get(1).get("code").asText()).isEqualTo("internal_error");
    assertThat(rejected.get(1).get("message").asText()).contains("encode stage").doesNotContain(QUOTED_VALUE);
    assertThat(outbox.depth("buggy")).isEqualTo(2);
    assertThat(metrics.count("sluice.stage.failures", "stage", "encode")).isEqualTo(1);
    assertThat(metrics.count("sluice.events.accepted", "source", "web")).isEqualTo(2);
  }

  @Test
  void whenNoEventIsLeftTheAnswerIsAJson500NamingTheStage() throws Exception {
    HttpResponse<String> r = post("/v1/track", "{\"event\":\"E\",\"userId\":\"u1\",\"properties\":{\"boom\":true}}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("code").asText()).isEqualTo("internal_error");
    assertThat(body.get("message").asText()).contains("encode stage").doesNotContain(QUOTED_VALUE).doesNotContain("Exception");
    assertThat(outbox.depth("buggy")).isZero();
    assertThat(metrics.count("sluice.events.rejected", "reason", "internal_error")).isEqualTo(1);

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/sluice-test.log"));
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("the encode stage threw on one event").contains("java.lang.NumberFormatException");
    assertThat(text).doesNotContain(QUOTED_VALUE);
  }
}
