package dev.sluice.bench;

import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link HotPathBenchmark}'s {@code floor}, {@code hotPath}, {@code hotPathWithLedger} and {@code
 * detectOnly} (batch bodies), timed by the thread's CPU time instead of the wall clock, taking turns
 * in 2 s CPU slices after 3 warm-up rounds. On a VM shared with other busy processes JMH's wall-clock
 * scores mostly measure how much CPU the scheduler gave the benchmark (and whether C2 finished
 * compiling in the warm-up); CPU time does not. Cache and hyper-thread contention still slow every
 * line, so compare the ratios to {@code floor}, not the absolute figures.
 *
 * <p>{@code java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.HotPathCpuTime [rounds]}
 */
public final class HotPathCpuTime {
  private static final long SLICE_NANOS = 2_000_000_000L;
  private static long sink;

  private HotPathCpuTime() {}

  private interface Batch {
    void run(int group) throws IOException;
  }

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Corpus corpus = Corpus.standard();
    SegmentDecoder decoder = new SegmentDecoder(SegmentLimits.DEFAULT, () -> UUID.randomUUID().toString());
    EventScanner scanner = new EventScanner(new TextScanner());
    Map<String, List<Destination>> one =
        Map.of(HotPathBenchmark.SOURCE, List.of(BenchDestinations.warehouse()));
    Router plain = new Router(one, scanner, Router.Accounting.NONE);
    Router ledger = new Router(one, scanner, new FlowLedger(Clock.systemUTC()));
    List<List<Event>> decoded = new ArrayList<>();
    for (int b = 0; b < corpus.batchCount(); b++) {
      decoded.add(HotPathBenchmark.decodeBatch(decoder, corpus.batch(b)).accepted());
    }
    String[] names = {"floor", "hotPath", "hotPathWithLedger", "detectOnly"};
    Batch[] work = {
      g -> sink += Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(corpus.batch(g))).length,
      g -> sink += plain.route(HotPathBenchmark.SOURCE, HotPathBenchmark.decodeBatch(decoder, corpus.batch(g)).accepted()).size(),
      g -> sink += ledger.route(HotPathBenchmark.SOURCE, HotPathBenchmark.decodeBatch(decoder, corpus.batch(g)).accepted()).size(),
      g -> {
        for (Event e : decoded.get(g)) {
          sink += scanner.scan(e).isEmpty() ? 0 : 1;
        }
      },
    };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] scores = new double[names.length][rounds];
    for (int round = -3; round < rounds; round++) {
      for (int k = 0; k < names.length; k++) {
        long start = mx.getCurrentThreadCpuTime();
        long events = 0;
        int g = 0;
        while (mx.getCurrentThreadCpuTime() - start < SLICE_NANOS) {
          work[k].run(g);
          g = g + 1 == corpus.batchCount() ? 0 : g + 1;
          events += Corpus.BATCH_SIZE;
        }
        if (round >= 0) {
          scores[k][round] = events * 1e9 / (mx.getCurrentThreadCpuTime() - start);
        }
      }
    }
    double floor = median(scores[0]);
    System.out.printf("%-18s %12s %8s   %s%n", "benchmark", "events/s", "/floor", "rounds (events per CPU second)");
    for (int k = 0; k < names.length; k++) {
      double m = median(scores[k]);
      System.out.printf("%-18s %,12.0f %8.2f   %s%n", names[k], m, m / floor,
          Arrays.toString(Arrays.stream(scores[k]).mapToLong(Math::round).toArray()));
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double median(double[] v) {
    double[] x = v.clone();
    Arrays.sort(x);
    return x[x.length / 2];
  }
}
