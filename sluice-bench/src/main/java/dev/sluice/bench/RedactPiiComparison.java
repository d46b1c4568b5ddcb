package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.bench.accuracy.DetectionStrings;
import dev.sluice.bench.accuracy.Kind;
import dev.sluice.bench.accuracy.Label;
import dev.sluice.bench.accuracy.LabelledString;
import dev.sluice.bench.accuracy.Tally;
import dev.sluice.core.detect.Redaction;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sluice's detection against the npm package redact-pii 3.4.0, on the same strings in the same run.
 *
 * <pre>
 * java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.RedactPiiComparison [--seconds 10] [--warmup-seconds 10] [--out docs/performance.md] [--no-write]
 * </pre>
 *
 * <ol>
 *   <li>writes the {@link DetectionStrings} ({@value DetectionStrings#SIZE} strings) to
 *       {@code sluice-bench/target/redact-pii/strings.json};
 *   <li>times Sluice ({@code TextScanner.scan} + {@code Redaction.redact}, the same work redact-pii
 *       does: text in, redacted text out) in a warmed-up loop;
 *   <li>runs {@code npm ci} in {@code sluice-bench/src/main/js/redact-pii} unless redact-pii 3.4.0
 *       is already installed there, then {@code node bench.mjs}, which warms up, times
 *       {@code SyncRedactor.redact} over many passes and writes what it removed;
 *   <li>times Sluice again (the slower of the two Sluice runs is used for the ratio);
 *   <li>scores both on the planted labels and writes the block between
 *       {@code <!-- redact-pii:begin -->} and {@code <!-- redact-pii:end -->} in
 *       docs/performance.md.
 * </ol>
 *
 * Needs {@code node} and {@code npm} on the PATH (or {@code --node}, {@code --npm}).
 */
public final class RedactPiiComparison {
  static final String BEGIN = "<!-- redact-pii:begin -->";
  static final String END = "<!-- redact-pii:end -->";
  static final String VERSION = "3.4.0";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RedactPiiComparison() {}

  record Timing(int passes, double seconds, double medianPass, long bytes, int strings) {
    double stringsPerSec() {
      return strings * passes / seconds;
    }

    double mbPerSec() {
      return bytes * passes / seconds / 1e6;
    }

    double medianStringsPerSec() {
      return strings / medianPass;
    }
  }

  public static void main(String[] args) throws Exception {
    Path root = Repo.root();
    Path out = root.resolve("docs/performance.md");
    Path js = root.resolve("sluice-bench/src/main/js/redact-pii");
    Path work = root.resolve("sluice-bench/target/redact-pii");
    double seconds = 10;
    double warmup = 10;
    boolean write = true;
    String node = "node";
    String npm = "npm";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]).toAbsolutePath().normalize();
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
        case "--no-write" -> write = false;
        case "--node" -> node = args[++i];
        case "--npm" -> npm = args[++i];
        default -> {
          System.err.println("usage: RedactPiiComparison [--seconds N] [--warmup-seconds N] [--out FILE] [--no-write] [--node CMD] [--npm CMD]");
          System.exit(2);
        }
      }
    }
    List<LabelledString> strings = DetectionStrings.standard();
    long bytes = DetectionStrings.utf8Bytes(strings);
    Files.createDirectories(work);
    Path in = work.resolve("strings.json");
    Path outputs = work.resolve("outputs.json");
    ObjectNode doc = MAPPER.createObjectNode();
    ArrayNode arr = doc.putArray("strings");
    strings.forEach(s -> arr.add(s.text()));
    MAPPER.writeValue(in.toFile(), doc);
    System.out.printf(Locale.ROOT, "%d strings, %d UTF-8 bytes -> %s%n", strings.size(), bytes, root.relativize(in));

    TextScanner scanner = new TextScanner();
    String[] texts = strings.stream().map(LabelledString::text).toArray(String[]::new);
    ScanHints[] hints = strings.stream().map(s -> new ScanHints(s.region())).toArray(ScanHints[]::new);

    Timing sluice1 = timeSluice(scanner, texts, hints, bytes, warmup, seconds);
    System.out.printf(Locale.ROOT, "sluice (run 1): %.0f strings/s, %.2f MB/s%n", sluice1.stringsPerSec(), sluice1.mbPerSec());

    ensureInstalled(js, npm);
    JsonNode rp = runNode(node, js, in, outputs, warmup, seconds);
    System.out.printf(Locale.ROOT, "redact-pii %s: %.0f strings/s, %.3f MB/s (replica mismatches: %d)%n",
        rp.get("redactPii").asText(), rp.get("stringsPerSec").asDouble(), rp.get("mbPerSec").asDouble(),
        rp.get("replicaMismatches").asInt());

    Timing sluice2 = timeSluice(scanner, texts, hints, bytes, Math.min(warmup, 2), seconds);
    System.out.printf(Locale.ROOT, "sluice (run 2): %.0f strings/s, %.2f MB/s%n", sluice2.stringsPerSec(), sluice2.mbPerSec());
    Timing sluice = sluice1.stringsPerSec() <= sluice2.stringsPerSec() ? sluice1 : sluice2;

    double[] sluiceNs = perStringNs(scanner, texts, hints);

    // ---------------------------------------------------------------- recall on the labels
    JsonNode outputsJson = MAPPER.readTree(outputs.toFile());
    JsonNode removed = outputsJson.get("removed");
    double[] rpNs = new double[texts.length];
    for (int i = 0; i < texts.length; i++) {
      rpNs[i] = outputsJson.get("perStringNs").get(i).asDouble();
    }
    Tally sluiceTally = new Tally();
    Score sluiceScore = new Score();
    Score rpScore = new Score();
    for (int i = 0; i < strings.size(); i++) {
      LabelledString s = strings.get(i);
      List<Span> spans = scanner.scan(s.text(), hints[i]);
      sluiceTally.add(s, spans);
      boolean[] gone = new boolean[s.text().length()];
      for (Span sp : spans) {
        Arrays.fill(gone, sp.start(), sp.end(), true);
      }
      sluiceScore.add(s, gone, gone);
      if (!s.hasPii() && !spans.isEmpty() && spans.stream().allMatch(sp -> Tally.NAME_ONLY.contains(sp.category()))) {
        sluiceScore.cleanChangedByKeyName++;
      }
      boolean[] rpGone = new boolean[s.text().length()];
      boolean[] rpSpecific = new boolean[s.text().length()];
      for (JsonNode r : removed.get(i)) {
        int a = r.get(0).asInt();
        int b = r.get(1).asInt();
        String kind = r.get(2).asText();
        Arrays.fill(rpGone, a, b, true);
        if (!kind.equals("url") && !kind.equals("digits")) {
          Arrays.fill(rpSpecific, a, b, true);
        }
      }
      rpScore.add(s, rpGone, rpSpecific);
    }
    double ratio = sluice.stringsPerSec() / rp.get("stringsPerSec").asDouble();
    double ratioMedian = sluice.medianStringsPerSec() / rp.get("medianStringsPerSec").asDouble();
    String block = block(strings.size(), bytes, sluice1, sluice2, sluice, rp, ratio, ratioMedian, sluiceTally,
        sluiceScore, rpScore, warmup, seconds) + breakdown(strings, sluiceNs, rpNs);
    System.out.println();
    System.out.print(block);
    if (write) {
      String md = Files.isRegularFile(out) ? Files.readString(out) : "";
      Files.writeString(out, Repo.replaceBlock(md, BEGIN, END, block), StandardCharsets.UTF_8);
      System.out.println("wrote " + out);
    }
  }

  // ------------------------------------------------------------------ timing

  static Timing timeSluice(TextScanner scanner, String[] texts, ScanHints[] hints, long bytes, double warmup,
      double seconds) {
    long sink = 0;
    long t0 = System.nanoTime();
    int warm = 0;
    while (warm < 3 || System.nanoTime() - t0 < warmup * 1e9) {
      sink += pass(scanner, texts, hints);
      warm++;
    }
    List<Double> passes = new ArrayList<>();
    double total = 0;
    long m0 = System.nanoTime();
    while (passes.size() < 3 || System.nanoTime() - m0 < seconds * 1e9) {
      long a = System.nanoTime();
      sink += pass(scanner, texts, hints);
      double s = (System.nanoTime() - a) / 1e9;
      passes.add(s);
      total += s;
    }
    if (sink == 42) {
      System.out.print(""); // keeps the work observable
    }
    double[] sorted = passes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Timing(passes.size(), total, sorted[sorted.length / 2], bytes, texts.length);
  }

  /** Mean nanoseconds per string over 10 passes, each string timed on its own. */
  static double[] perStringNs(TextScanner scanner, String[] texts, ScanHints[] hints) {
    int passes = 10;
    double[] ns = new double[texts.length];
    long sink = 0;
    for (int p = 0; p < passes; p++) {
      for (int i = 0; i < texts.length; i++) {
        long a = System.nanoTime();
        sink += Redaction.redact(texts[i], scanner.scan(texts[i], hints[i])).length();
        ns[i] += (System.nanoTime() - a) / (double) passes;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return ns;
  }

  /** The string's group for the breakdown: the kind of its first planted value, else distractor or clean. */
  static String group(LabelledString s) {
    for (Label l : s.labels()) {
      if (l.isPii()) {
        return l.kind().label();
      }
    }
    return s.labels().isEmpty() ? "clean (no planted value)" : "distractors only";
  }

  static String breakdown(List<LabelledString> strings, double[] sluiceNs, double[] rpNs) {
    Map<String, double[]> by = new java.util.LinkedHashMap<>(); // n, sluice ns, redact-pii ns, bytes
    by.put("clean (no planted value)", new double[4]);
    by.put("distractors only", new double[4]);
    for (Kind k : Kind.values()) {
      by.put(k.label(), new double[4]);
    }
    for (int i = 0; i < strings.size(); i++) {
      double[] v = by.get(group(strings.get(i)));
      v[0]++;
      v[1] += sluiceNs[i];
      v[2] += rpNs[i];
      v[3] += strings.get(i).text().getBytes(StandardCharsets.UTF_8).length;
    }
    StringBuilder b = new StringBuilder();
    b.append("Cost per string by what the string holds (each string timed on its own, mean of 10 passes after the\n");
    b.append("timed runs; timer overhead included on both sides):\n\n");
    b.append("| strings holding | n | mean bytes | Sluice µs/string | redact-pii µs/string | ratio |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    double[] all = new double[4];
    for (Map.Entry<String, double[]> e : by.entrySet()) {
      double[] v = e.getValue();
      for (int k = 0; k < 4; k++) {
        all[k] += v[k];
      }
      b.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.1f | %.1f× |%n", e.getKey(), v[0], v[3] / v[0],
          v[1] / v[0] / 1e3, v[2] / v[0] / 1e3, v[2] / v[1]));
    }
    b.append(String.format(Locale.ROOT, "| **all** | %.0f | %.0f | %.1f | %.1f | %.1f× |%n", all[0], all[3] / all[0],
        all[1] / all[0] / 1e3, all[2] / all[0] / 1e3, all[2] / all[1]));
    b.append('\n');
    return b.toString();
  }

  private static long pass(TextScanner scanner, String[] texts, ScanHints[] hints) {
    long n = 0;
    for (int i = 0; i < texts.length; i++) {
      n += Redaction.redact(texts[i], scanner.scan(texts[i], hints[i])).length();
    }
    return n;
  }

  // ------------------------------------------------------------------ node

  static void ensureInstalled(Path js, String npm) throws IOException, InterruptedException {
    Path pkg = js.resolve("node_modules/redact-pii/package.json");
    if (Files.isRegularFile(pkg) && MAPPER.readTree(pkg.toFile()).path("version").asText().equals(VERSION)) {
      return;
    }
    System.out.println("installing redact-pii " + VERSION + " (npm ci) in " + js);
    run(js, List.of(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"), true);
  }

  static JsonNode runNode(String node, Path js, Path in, Path outputs, double warmup, double seconds)
      throws IOException, InterruptedException {
    String stdout = run(js, List.of(node, "bench.mjs", in.toString(), outputs.toString(), "--warmup-seconds",
        Double.toString(warmup), "--seconds", Double.toString(seconds)), false);
    String last = stdout.strip();
    last = last.substring(last.lastIndexOf('\n') + 1);
    return MAPPER.readTree(last);
  }

  private static String run(Path dir, List<String> cmd, boolean inheritOutput) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (inheritOutput) {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run '" + cmd.get(0) + "' (is Node.js installed and on the PATH?): " + e.getMessage(), e);
    }
    String out = inheritOutput ? "" : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " failed with exit code " + rc);
    }
    return out;
  }

  // ------------------------------------------------------------------ scoring

  /** Per planted kind: values at least half removed; distractors destroyed; clean strings changed. */
  static final class Score {
    final Map<Kind, int[]> kinds = new EnumMap<>(Kind.class); // planted, removed, removed by a specific redactor
    int distractors;
    int distractorsHit;
    int clean;
    int cleanChanged;
    /** Clean strings changed only by spans a key name implies ({@code gclid=} is an online id). */
    int cleanChangedByKeyName;

    Score() {
      for (Kind k : Kind.values()) {
        kinds.put(k, new int[3]);
      }
    }

    void add(LabelledString s, boolean[] gone, boolean[] specific) {
      boolean pii = false;
      for (Label l : s.labels()) {
        int n = 0;
        int m = 0;
        for (int j = l.start(); j < l.end(); j++) {
          n += gone[j] ? 1 : 0;
          m += specific[j] ? 1 : 0;
        }
        if (l.isPii()) {
          pii = true;
          int[] k = kinds.get(l.kind());
          k[0]++;
          k[1] += n * 2 >= l.length() ? 1 : 0;
          k[2] += m * 2 >= l.length() ? 1 : 0;
        } else {
          distractors++;
          distractorsHit += n > 0 ? 1 : 0;
        }
      }
      if (!pii) {
        clean++;
        boolean changed = false;
        for (boolean g : gone) {
          changed |= g;
        }
        cleanChanged += changed ? 1 : 0;
      }
    }

    double recall(boolean specificOnly) {
      int p = 0;
      int f = 0;
      for (int[] k : kinds.values()) {
        p += k[0];
        f += specificOnly ? k[2] : k[1];
      }
      return (double) f / p;
    }
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String block(int n, long bytes, Timing s1, Timing s2, Timing s, JsonNode rp, double ratio, double ratioMedian,
      Tally tally, Score sluice, Score redactPii, double warmup, double seconds) {
    StringBuilder b = new StringBuilder();
    java.util.function.Consumer<String> line = x -> b.append(x).append('\n');
    line.accept("");
    line.accept(String.format(Locale.ROOT, "Measured on %s by `dev.sluice.bench.RedactPiiComparison` (Java %s, Node.js %s,"
        + " redact-pii %s); both sides warmed up for %.0f s and then timed for at least %.0f s, one after the other in one"
        + " run. %d strings, %,d UTF-8 bytes (mean %.0f B).", LocalDate.now(ZoneOffset.UTC), Runtime.version(),
        rp.get("node").asText(), rp.get("redactPii").asText(), warmup, seconds, n, bytes, (double) bytes / n));
    line.accept("");
    line.accept("| | strings/s | MB/s | median pass | passes |");
    line.accept("|---|---:|---:|---:|---:|");
    line.accept(String.format(Locale.ROOT, "| Sluice `scan` + `redact`, run 1 | %,.0f | %.2f | %.1f ms | %d |", s1.stringsPerSec(),
        s1.mbPerSec(), s1.medianPass() * 1e3, s1.passes()));
    line.accept(String.format(Locale.ROOT, "| Sluice `scan` + `redact`, run 2 (after redact-pii) | %,.0f | %.2f | %.1f ms | %d |",
        s2.stringsPerSec(), s2.mbPerSec(), s2.medianPass() * 1e3, s2.passes()));
    line.accept(String.format(Locale.ROOT, "| redact-pii `SyncRedactor.redact` (defaults) | %,.0f | %.3f | %.1f ms | %d |",
        rp.get("stringsPerSec").asDouble(), rp.get("mbPerSec").asDouble(), rp.get("medianPassSeconds").asDouble() * 1e3,
        rp.get("passes").asInt()));
    line.accept("");
    line.accept(String.format(Locale.ROOT, "**Sluice / redact-pii throughput: %.1f×** (slower Sluice run, total time; %.1f× on"
        + " median passes).", ratio, ratioMedian));
    line.accept("");
    line.accept("Recall on the same strings' planted values. *Sluice* = a span of the right category covers ≥ 50% of the");
    line.accept("value. *Removed* = ≥ 50% of the value's characters replaced, by any placeholder (redact-pii has its own");
    line.accept("categories, so this is the common measure). *Specific* leaves out redact-pii's `URL` and `DIGITS`");
    line.accept("redactors, which replace every URL and every run of 4+ digits whatever it holds.");
    line.accept("");
    line.accept("| kind | planted | Sluice (right category) | Sluice removed | redact-pii removed | redact-pii removed, specific redactors |");
    line.accept("|---|---:|---:|---:|---:|---:|");
    for (Kind k : Kind.values()) {
      int[] a = sluice.kinds.get(k);
      int[] c = redactPii.kinds.get(k);
      Tally.KindStats t = tally.kinds.get(k);
      line.accept(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |", k.label(), a[0], f2((double) t.found / a[0]),
          f2((double) a[1] / a[0]), f2((double) c[1] / c[0]), f2((double) c[2] / c[0])));
    }
    line.accept(String.format(Locale.ROOT, "| **all** | %d | **%s** | **%s** | **%s** | **%s** |",
        sluice.kinds.values().stream().mapToInt(x -> x[0]).sum(), f2(tally.overall().recall()), f2(sluice.recall(false)),
        f2(redactPii.recall(false)), f2(redactPii.recall(true))));
    line.accept("");
    line.accept(String.format(Locale.ROOT, "Collateral damage: planted non-personal values (order ids, UUIDs, timestamps, versions,"
        + " prices, SKUs, SHAs, \"Jordan\", ...) touched: Sluice %d of %d, redact-pii %d of %d; strings without personal"
        + " data that were changed: Sluice %d of %d (%d of them only by a `gclid=`-style key-name span, an online id"
        + " by the taxonomy), redact-pii %d of %d. Sluice precision on these strings: %s.",
        sluice.distractorsHit, sluice.distractors, redactPii.distractorsHit, redactPii.distractors, sluice.cleanChanged,
        sluice.clean, sluice.cleanChangedByKeyName, redactPii.cleanChanged, redactPii.clean,
        f2(tally.overall().precision())));
    line.accept("");
    return b.toString();
  }
}
