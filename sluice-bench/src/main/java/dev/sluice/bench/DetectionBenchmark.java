package dev.sluice.bench;

import dev.sluice.bench.accuracy.DetectionStrings;
import dev.sluice.bench.accuracy.LabelledCorpus;
import dev.sluice.bench.accuracy.LabelledString;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.Redaction;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import java.util.List;
import java.util.Locale;
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
 * Detection throughput, single-threaded.
 *
 * <ul>
 *   <li>{@code scanStrings}: {@code TextScanner.scan} over the {@value DetectionStrings#SIZE} fixed
 *       strings of {@link DetectionStrings} (the same strings {@code RedactPiiComparison} gives to
 *       redact-pii); one op = one string, so the score is strings/s. MB/s = strings/s × the mean
 *       UTF-8 size printed at setup.
 *   <li>{@code scanAndRedactStrings}: the same plus {@code Redaction.redact}, i.e. what redact-pii
 *       does (text in, redacted text out).
 *   <li>{@code scanEvents}: {@code EventScanner.scan} over the labelled event corpus (3,000 events,
 *       cycled 100 at a time); one op = one event, so the score is events/s.
 * </ul>
 *
 * <pre>
 * java -jar sluice-bench/target/benchmarks.jar DetectionBenchmark -f 1 -wi 5 -i 5 -w 2s -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DetectionBenchmark {
  static final int STRINGS = DetectionStrings.SIZE;
  static final int EVENTS = 100;

  @State(Scope.Thread)
  public static class Strings {
    TextScanner scanner;
    String[] texts;
    ScanHints[] hints;

    @Setup(Level.Trial)
    public void setUp() {
      scanner = new TextScanner();
      List<LabelledString> list = DetectionStrings.standard();
      texts = new String[list.size()];
      hints = new ScanHints[list.size()];
      for (int i = 0; i < texts.length; i++) {
        texts[i] = list.get(i).text();
        hints[i] = new ScanHints(list.get(i).region());
      }
      if (texts.length != STRINGS) {
        throw new IllegalStateException("expected " + STRINGS + " strings, got " + texts.length);
      }
      long bytes = DetectionStrings.utf8Bytes(list);
      System.err.printf(Locale.ROOT, "%n[detection strings: %d, %d UTF-8 bytes, mean %.1f B/string]%n", texts.length,
          bytes, (double) bytes / texts.length);
    }
  }

  @State(Scope.Thread)
  public static class Events {
    EventScanner scanner;
    Event[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
      scanner = new EventScanner(new TextScanner());
      List<LabelledCorpus.LabelledEvent> list = LabelledCorpus.standard().events();
      events = new Event[list.size()];
      for (int i = 0; i < events.length; i++) {
        events[i] = list.get(i).event();
      }
    }

    int nextGroup() {
      int g = next;
      next = g + EVENTS >= events.length ? 0 : g + EVENTS;
      return g;
    }
  }

  @Benchmark
  @OperationsPerInvocation(STRINGS)
  public void scanStrings(Strings s, Blackhole bh) {
    String[] t = s.texts;
    ScanHints[] h = s.hints;
    for (int i = 0; i < t.length; i++) {
      bh.consume(s.scanner.scan(t[i], h[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(STRINGS)
  public void scanAndRedactStrings(Strings s, Blackhole bh) {
    String[] t = s.texts;
    ScanHints[] h = s.hints;
    for (int i = 0; i < t.length; i++) {
      List<Span> spans = s.scanner.scan(t[i], h[i]);
      bh.consume(Redaction.redact(t[i], spans));
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void scanEvents(Events e, Blackhole bh) {
    int g = e.nextGroup();
    for (int i = g, end = g + EVENTS; i < end; i++) {
      bh.consume(e.scanner.scan(e.events[i]));
    }
  }
}
