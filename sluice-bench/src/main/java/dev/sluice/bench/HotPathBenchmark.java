package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.FlowObserver;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.OutboundItem;
import dev.sluice.core.route.Router;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The ingest hot path, per event, single-threaded: Segment body in, the per-destination items
 * the outbox would store out. Every invocation handles {@link Corpus#BATCH_SIZE} events (one
 * {@code /v1/batch} body, or that many single-event bodies) and is normalised with
 * {@code @OperationsPerInvocation}, so every score is events per second.
 *
 * <ul>
 *   <li>{@code floor}: Jackson's tree parse plus serialise of the same bytes, the baseline any
 *       tree-based gateway pays;
 *   <li>{@code hotPath}: {@code SegmentDecoder.decode} then {@code Router.route} (detect once,
 *       then policy and encode) to one webhook
 *       destination (pseudonymise two ids, keep six paths including {@code properties.**});
 *   <li>{@code hotPathWithLedger}: {@code hotPath} with the flow ledger counting (the router's
 *       accounting is a {@link FlowLedger} instead of none): its cost is the ratio of the two;
 *   <li>{@code hotPathThreeDestinations}: the same to three destinations, each with its own key
 *       and contract;
 *   <li>{@code decodeOnly}, {@code routeOnly} (contract + encode on pre-decoded events), {@code
 *       contractOnly}, {@code detectOnly} (the detect stage: field names and value detectors) and
 *       {@code pseudonymsOnly} (the three PRF calls an event costs the
 *       warehouse contract) attribute the cost.
 * </ul>
 *
 * <p>See docs/performance.md for the figures and how to run it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class HotPathBenchmark {
  static final int EVENTS = Corpus.BATCH_SIZE;
  static final String SOURCE = "web";
  static final Instant RECEIVED_AT = Instant.parse("2026-11-25T12:00:00Z");
  static final String CONNECTION_IP = "198.51.100.23";

  /** The wire bodies, cycled group by group (a group = one batch = {@link #EVENTS} events). */
  @State(Scope.Thread)
  public static class Input {
    /** {@code batch}: one /v1/batch body per invocation; {@code single}: 100 /v1/track etc. */
    @Param({"batch", "single"})
    public String body;

    Corpus corpus;
    boolean batch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
      corpus = Corpus.standard();
      batch = body.equals("batch");
    }

    int nextGroup() {
      int g = next;
      next = g + 1 == corpus.batchCount() ? 0 : g + 1;
      return g;
    }
  }

  /** Decoder and routers, built like start-up builds them. */
  @State(Scope.Thread)
  public static class Pipeline {
    SegmentDecoder decoder;
    Router oneDestination;
    Router oneDestinationWithLedger;
    Router threeDestinations;
    Contract warehouseContract;
    Destination warehouse;
    Pseudonymizer pseudonymizer;
    EventScanner scanner;

    @Setup(Level.Trial)
    public void setUp() {
      decoder = new SegmentDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      Destination warehouse = BenchDestinations.warehouse();
      warehouseContract = warehouse.contract();
      this.warehouse = warehouse;
      scanner = new EventScanner(new TextScanner());
      oneDestination = new Router(Map.of(SOURCE, List.of(warehouse)), scanner, Router.Accounting.NONE);
      oneDestinationWithLedger =
          new Router(Map.of(SOURCE, List.of(warehouse)), scanner, new FlowLedger(Clock.systemUTC()));
      threeDestinations =
          new Router(
              Map.of(
                  SOURCE,
                  List.of(
                      BenchDestinations.warehouse(),
                      BenchDestinations.productAnalytics(),
                      BenchDestinations.ads())),
              scanner,
              Router.Accounting.NONE);
      pseudonymizer = BenchDestinations.pseudonymizer();
    }
  }

  /** The corpus decoded once (as batches), for the stages after decode. */
  @State(Scope.Thread)
  public static class PreDecoded {
    List<List<Event>> groups;
    private int next;

    @Setup(Level.Trial)
    public void setUp(Pipeline pipeline) {
      Corpus corpus = Corpus.standard();
      groups = new ArrayList<>();
      for (int b = 0; b < corpus.batchCount(); b++) {
        groups.add(decodeBatch(pipeline.decoder, corpus.batch(b)).accepted());
      }
      // A benchmark over events the receiver would have refused would measure nothing real.
      int routed = 0;
      for (List<Event> g : groups) {
        routed += pipeline.threeDestinations.route(SOURCE, g).size();
      }
      if (routed != 3 * corpus.size()) {
        throw new IllegalStateException("expected every event routed to 3 destinations, got " + routed);
      }
    }

    List<Event> nextGroup() {
      List<Event> g = groups.get(next);
      next = next + 1 == groups.size() ? 0 : next + 1;
      return g;
    }
  }

  static Decoded decodeBatch(SegmentDecoder decoder, byte[] body) {
    Decoded d = decoder.decode(null, body, RECEIVED_AT, CONNECTION_IP);
    if (!d.rejected().isEmpty() || d.accepted().size() != EVENTS) {
      throw new IllegalStateException("corpus batch not fully accepted: " + d.rejected());
    }
    return d;
  }

  // ------------------------------------------------------------------ baseline

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void floor(Input in, Blackhole bh) throws IOException {
    int g = in.nextGroup();
    if (in.batch) {
      JsonNode tree = Json.MAPPER.readTree(in.corpus.batch(g));
      bh.consume(Json.MAPPER.writeValueAsBytes(tree));
    } else {
      for (int i = g * EVENTS, end = i + EVENTS; i < end; i++) {
        JsonNode tree = Json.MAPPER.readTree(in.corpus.single(i));
        bh.consume(Json.MAPPER.writeValueAsBytes(tree));
      }
    }
  }

  // ------------------------------------------------------------------ the hot path

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void hotPath(Input in, Pipeline p, Blackhole bh) {
    route(in, p, p.oneDestination, bh);
  }

  /** {@link #hotPath} with the flow ledger counting every field decision. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void hotPathWithLedger(Input in, Pipeline p, Blackhole bh) {
    route(in, p, p.oneDestinationWithLedger, bh);
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void hotPathThreeDestinations(Input in, Pipeline p, Blackhole bh) {
    route(in, p, p.threeDestinations, bh);
  }

  private static void route(Input in, Pipeline p, Router router, Blackhole bh) {
    int g = in.nextGroup();
    if (in.batch) {
      Decoded d = p.decoder.decode(null, in.corpus.batch(g), RECEIVED_AT, CONNECTION_IP);
      consumeItems(router.route(SOURCE, d.accepted()), bh);
    } else {
      for (int i = g * EVENTS, end = i + EVENTS; i < end; i++) {
        Decoded d =
            p.decoder.decode(in.corpus.type(i), in.corpus.single(i), RECEIVED_AT, CONNECTION_IP);
        consumeItems(router.route(SOURCE, d.accepted()), bh);
      }
    }
  }

  private static void consumeItems(List<OutboundItem> items, Blackhole bh) {
    for (int k = 0, n = items.size(); k < n; k++) {
      bh.consume(items.get(k).item());
    }
  }

  // ------------------------------------------------------------------ attribution

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void decodeOnly(Input in, Pipeline p, Blackhole bh) {
    int g = in.nextGroup();
    if (in.batch) {
      bh.consume(p.decoder.decode(null, in.corpus.batch(g), RECEIVED_AT, CONNECTION_IP));
    } else {
      for (int i = g * EVENTS, end = i + EVENTS; i < end; i++) {
        bh.consume(
            p.decoder.decode(in.corpus.type(i), in.corpus.single(i), RECEIVED_AT, CONNECTION_IP));
      }
    }
  }

  /** Contract + encode for one destination on already-decoded events. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void routeOnly(PreDecoded d, Pipeline p, Blackhole bh) {
    consumeItems(p.oneDestination.route(SOURCE, d.nextGroup()), bh);
  }

  /** The warehouse contract alone (the minimised tree, not yet encoded). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void contractOnly(PreDecoded d, Pipeline p, Blackhole bh) {
    List<Event> events = d.nextGroup();
    for (int k = 0, n = events.size(); k < n; k++) {
      bh.consume(p.warehouseContract.apply(events.get(k)));
    }
  }

  /**
   * The warehouse contract and its webhook item, as the router makes them, without detection: the
   * contract writes the item in one walk when the vendor's item is the minimised event.
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void contractEncodeOnly(PreDecoded d, Pipeline p, Blackhole bh) {
    List<Event> events = d.nextGroup();
    for (int k = 0, n = events.size(); k < n; k++) {
      Event e = events.get(k);
      Destination w = p.warehouse;
      bh.consume(
          w.encoder().itemIsMinimisedEvent()
              ? w.contract().applyAsJson(e, EventFindings.NONE, FlowObserver.NONE)
              : w.encoder().encode(w.contract().apply(e)));
    }
  }

  /** The detect stage alone: one scan per event (field names and value detectors). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void detectOnly(PreDecoded d, Pipeline p, Blackhole bh) {
    List<Event> events = d.nextGroup();
    for (int k = 0, n = events.size(); k < n; k++) {
      bh.consume(p.scanner.scan(events.get(k)));
    }
  }

  /** The PRF work the warehouse contract does per event: idempotency id plus each id present. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void pseudonymsOnly(PreDecoded d, Pipeline p, Blackhole bh) {
    List<Event> events = d.nextGroup();
    for (int k = 0, n = events.size(); k < n; k++) {
      Event e = events.get(k);
      bh.consume(p.pseudonymizer.idempotencyId(e.messageId()));
      ObjectNode json = e.json();
      JsonNode u = json.get("userId");
      if (u != null) {
        bh.consume(p.pseudonymizer.pseudonym(u.textValue()));
      }
      JsonNode a = json.get("anonymousId");
      if (a != null) {
        bh.consume(p.pseudonymizer.pseudonym(a.textValue()));
      }
    }
  }
}
