package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.deliver.BatchBody;
import dev.sluice.core.vendor.amplitude.AmplitudeDecoder;
import dev.sluice.core.vendor.amplitude.AmplitudeDestination;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder;
import dev.sluice.core.vendor.mixpanel.MixpanelDestination;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
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
 * Decode and encode throughput per vendor wire format, in events per second, on the standard
 * corpus rewritten in each format (every Segment batch of {@link Corpus#BATCH_SIZE} events becomes
 * one Mixpanel {@code /import} body and one Amplitude {@code /2/httpapi} body, through the
 * encoders themselves with raw ids). Run with {@code HotPathBenchmark.floor} so the ratios are
 * against Jackson's parse-and-write of the Segment bodies in the same run; {@code floor} here is
 * the same baseline on the format's own bodies.
 *
 * <ul>
 *   <li>{@code decode}: the receiver's decoder, wire body to canonical events;
 *   <li>{@code encode}: the destination's encoder, minimised event (the warehouse contract applied
 *       in setup) to the vendor's item bytes, as the hot path calls it once per event.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class VendorFormatBenchmark {
  static final int EVENTS = Corpus.BATCH_SIZE;
  static final Instant RECEIVED_AT = HotPathBenchmark.RECEIVED_AT;

  @State(Scope.Thread)
  public static class Format {
    @Param({"mixpanel", "amplitude"})
    public String format;

    List<byte[]> bodies;
    List<List<ObjectNode>> minimised;
    Encoder encoder;
    MixpanelDecoder mixpanel;
    AmplitudeDecoder amplitude;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
      Corpus corpus = Corpus.standard();
      SegmentDecoder segment = new SegmentDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      Contract contract = BenchDestinations.warehouse().contract();
      boolean mp = format.equals("mixpanel");
      encoder =
          mp
              ? new MixpanelDestination().encoder("mp", new MapOptions(Map.of("apiSecret", "bench-secret")))
              : new AmplitudeDestination().encoder("amp", new MapOptions(Map.of("apiKey", Corpus.WRITE_KEY)));
      mixpanel = new MixpanelDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      amplitude = new AmplitudeDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
      bodies = new ArrayList<>();
      minimised = new ArrayList<>();
      for (int b = 0; b < corpus.batchCount(); b++) {
        List<Event> events = HotPathBenchmark.decodeBatch(segment, corpus.batch(b)).accepted();
        List<byte[]> wire = new ArrayList<>();
        List<ObjectNode> group = new ArrayList<>();
        for (Event e : events) {
          ObjectNode raw = e.json().deepCopy();
          if (mp) {
            // the corpus's token, as an SDK puts it in every record
            ObjectNode record = (ObjectNode) read(encoder.encode(raw));
            ((ObjectNode) record.get("properties")).put("token", Corpus.WRITE_KEY);
            wire.add(Json.bytes(record));
          } else {
            wire.add(encoder.encode(raw));
          }
          group.add(contract.apply(e));
        }
        byte[] body = BatchBody.join(mp ? "[" : "{\"api_key\":\"" + Corpus.WRITE_KEY + "\",\"events\":[", wire, mp ? "]" : "]}");
        int decoded = decode(body).size();
        if (decoded != EVENTS) {
          throw new IllegalStateException(format + " corpus body decoded to " + decoded + " events, not " + EVENTS);
        }
        bodies.add(body);
        minimised.add(group);
      }
    }

    List<Event> decode(byte[] body) {
      return format.equals("mixpanel")
          ? mixpanel.decode(MixpanelDecoder.Endpoint.IMPORT, body, RECEIVED_AT, null).accepted()
          : amplitude.decode(body, RECEIVED_AT, null).accepted();
    }

    int nextGroup() {
      int g = next;
      next = g + 1 == bodies.size() ? 0 : g + 1;
      return g;
    }

    private static JsonNode read(byte[] b) {
      try {
        return Json.MAPPER.readTree(b);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Jackson's parse and write of the format's own bodies: the baseline for its decode. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void floor(Format f, Blackhole bh) throws IOException {
    bh.consume(Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(f.bodies.get(f.nextGroup()))));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void decode(Format f, Blackhole bh) {
    bh.consume(f.decode(f.bodies.get(f.nextGroup())));
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void encode(Format f, Blackhole bh) {
    for (ObjectNode e : f.minimised.get(f.nextGroup())) {
      bh.consume(f.encoder.encode(e));
    }
  }
}
