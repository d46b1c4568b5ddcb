package dev.sluice.bench;

import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.event.Event;
import dev.sluice.core.vendor.ga4.Ga4Decoder;
import dev.sluice.core.vendor.posthog.PostHogDecoder;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode and encode throughput of the PostHog and GA4 Measurement Protocol wire formats, per
 * event, on the standard generated corpus re-expressed in each format (the Segment corpus
 * decoded, then written by the format's own encoder: PostHog {@code /batch/} bodies of 100
 * events, GA4 bodies of 25). Run it together with {@code HotPathBenchmark.floor} (Jackson parse +
 * serialise) and {@code HotPathBenchmark.decodeOnly} so the ratios come from one run:
 *
 * <pre>java -jar sluice-bench/target/benchmarks.jar 'HotPathBenchmark.(floor|decodeOnly)$|PostHogGa4Benchmark' -p body=batch</pre>
 *
 * <ul>
 *   <li>{@code posthogDecode}, {@code ga4Decode}: wire body to canonical events (the receiver's
 *       work after reading the body);
 *   <li>{@code posthogEncode}, {@code ga4Encode}: canonical event to outbox item, and items to
 *       the vendor request (the encoder's hot-path and sender work).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class PostHogGa4Benchmark {
  static final int EVENTS = Corpus.BATCH_SIZE;
  static final int GA4_REQUEST = 25;

  /** The corpus in each format, group by group (a group = {@link #EVENTS} events). */
  @State(Scope.Thread)
  public static class Formats {
    List<List<Event>> canonical = new ArrayList<>();
    List<byte[]> posthogBodies = new ArrayList<>();
    List<List<byte[]>> ga4Bodies = new ArrayList<>();
    PostHogDecoder posthogDecoder;
    Ga4Decoder ga4Decoder;
    Encoder posthog;
    Encoder ga4;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
      Corpus corpus = Corpus.standard();
      SegmentDecoder segment = new SegmentDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      posthogDecoder = new PostHogDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      ga4Decoder = new Ga4Decoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      posthog = DestinationTypes.byName("posthog").orElseThrow()
          .encoder("posthog", new MapOptions(Map.of("apiKey", "phc_bench", "endpoint", "http://127.0.0.1:9")));
      ga4 = DestinationTypes.byName("ga4").orElseThrow()
          .encoder("ga4", new MapOptions(Map.of("measurementId", "G-BENCH123", "apiSecret", "s", "endpoint", "http://127.0.0.1:9")));
      for (int g = 0; g < corpus.batchCount(); g++) {
        List<Event> events = HotPathBenchmark.decodeBatch(segment, corpus.batch(g)).accepted();
        canonical.add(events);
        List<byte[]> ph = new ArrayList<>();
        List<byte[]> ga = new ArrayList<>();
        for (Event e : events) {
          ph.add(posthog.encode(e.json()));
          byte[] item = ga4.encode(e.json());
          if (item != null) {
            ga.add(item);
          }
        }
        posthogBodies.add(posthog.frame(ph, HotPathBenchmark.RECEIVED_AT).body());
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < ga.size(); i += GA4_REQUEST) {
          bodies.add(ga4.frame(ga.subList(i, Math.min(ga.size(), i + GA4_REQUEST)), HotPathBenchmark.RECEIVED_AT).body());
        }
        ga4Bodies.add(bodies);
        // A benchmark over bodies the receiver would refuse would measure nothing real.
        Decoded d = posthogDecoder.decode(posthogBodies.get(g), null, HotPathBenchmark.RECEIVED_AT, HotPathBenchmark.CONNECTION_IP);
        if (!d.rejected().isEmpty() || d.accepted().size() != EVENTS) {
          throw new IllegalStateException("PostHog corpus batch not fully accepted: " + d.rejected());
        }
        for (byte[] b : bodies) {
          Decoded d4 = ga4Decoder.decode(b, HotPathBenchmark.RECEIVED_AT, HotPathBenchmark.CONNECTION_IP);
          if (!d4.rejected().isEmpty()) {
            throw new IllegalStateException("GA4 corpus body not fully accepted: " + d4.rejected());
          }
        }
      }
    }

    int nextGroup() {
      int g = next;
      next = g + 1 == canonical.size() ? 0 : g + 1;
      return g;
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void posthogDecode(Formats f, Blackhole bh) {
    bh.consume(f.posthogDecoder.decode(f.posthogBodies.get(f.nextGroup()), null, HotPathBenchmark.RECEIVED_AT, HotPathBenchmark.CONNECTION_IP));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void posthogEncode(Formats f, Blackhole bh) {
    List<Event> events = f.canonical.get(f.nextGroup());
    List<byte[]> items = new ArrayList<>(events.size());
    for (Event e : events) {
      items.add(f.posthog.encode(e.json()));
    }
    bh.consume(f.posthog.frame(items, HotPathBenchmark.RECEIVED_AT));
  }

  /** 100 events in four bodies of 25 (GA4's most per request). */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void ga4Decode(Formats f, Blackhole bh) {
    for (byte[] body : f.ga4Bodies.get(f.nextGroup())) {
      bh.consume(f.ga4Decoder.decode(body, HotPathBenchmark.RECEIVED_AT, HotPathBenchmark.CONNECTION_IP));
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void ga4Encode(Formats f, Blackhole bh) {
    List<Event> events = f.canonical.get(f.nextGroup());
    List<byte[]> items = new ArrayList<>(events.size());
    for (Event e : events) {
      byte[] item = f.ga4.encode(e.json());
      if (item != null) {
        items.add(item);
      }
    }
    for (int i = 0; i < items.size(); ) {
      int n = f.ga4.fitInOneRequest(items.subList(i, Math.min(items.size(), i + GA4_REQUEST)));
      bh.consume(f.ga4.frame(items.subList(i, i + n), HotPathBenchmark.RECEIVED_AT));
      i += n;
    }
  }
}
