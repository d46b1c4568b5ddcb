package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.bom.BomText;
import dev.sluice.core.event.Json;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.MasterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description =
        "Start Sluice and a local fake vendor, replay realistic app events through the real HTTP"
            + " receiver, and show what the app sent beside what each vendor received.",
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  private static final String WRITE_KEY = "wk_demo_web";
  /** Raw personal values planted in the demo events; none may reach disk or a vendor. */
  static final List<String> PLANTED =
      List.of(
          "jane.doe@example.com", "Jane Doe", "+1 415 555 0134", "81.2.69.160", "89.160.20.112",
          "2a02:c7f:5a3c:1e00::8a2e", "user_8412", "user_1177", "sam.lee@example.org", "Sam Lee",
          "12 Rue de la Paix", "anon-3f9c2a7e", "org_5531", "ap@acme.example",
          "B5372DB0-C21E-11E4-8DFC-AA07A5B093DB");

  @Option(names = "--keep", description = "Keep the demo's data directory instead of deleting it.")
  boolean keep;

  @Option(names = "--width", description = "Output width in columns (default: $COLUMNS or 160).")
  Integer width;

  @Option(names = "--stay", description = "Keep Sluice, the fake vendor and the dashboard serving until Ctrl-C.")
  boolean stay;

  @Override
  public Integer call() throws Exception {
    // The demo's own output is the show; the gateway's info logs would interleave with it.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    PrintStream out = System.out;
    Path work = Files.createTempDirectory("sluice-demo-");
    int cols = width != null ? width : envInt("COLUMNS", 160);
    try {
      return run(work, out, cols);
    } finally {
      if (keep) {
        out.println("demo files kept in " + work);
      } else {
        deleteTree(work);
      }
      CLEANED_UP.countDown();
    }
  }

  private int run(Path work, PrintStream out, int cols) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] hookSecret = new byte[32];
    random.nextBytes(hookSecret);
    Files.writeString(work.resolve("webhook.secret"), HexFormat.of().formatHex(hookSecret));
    Files.writeString(work.resolve("segment.key"), "wk_vendor_demo");
    Files.writeString(work.resolve("master.key"), MasterKey.generate().toBase64());
    byte[] adminToken = new byte[24];
    random.nextBytes(adminToken);
    Files.writeString(work.resolve("admin.token"), "adm_demo_" + HexFormat.of().formatHex(adminToken));
    out.println("sluice demo: working in " + work);
    out.println("  created a throwaway master key (master.key); in production set SLUICE_MASTER_KEY or keys.masterKey");

    try (FakeVendor vendor = FakeVendor.start(HexFormat.of().formatHex(hookSecret).getBytes(StandardCharsets.UTF_8))) {
      String yaml = resource("demo/sluice-demo.yaml").replace("${VENDOR_URL}", vendor.baseUrl());
      Path configFile = work.resolve("sluice.yaml");
      Files.writeString(configFile, yaml);
      SluiceConfig config = ConfigLoader.load(configFile, Map.of());
      MasterKey master = MasterKey.fromBase64(new String(config.masterKeyBytes(), StandardCharsets.UTF_8));
      out.println("  fake vendor on " + vendor.baseUrl() + " (webhook at /hook, Segment API at /v1/batch)");

      JsonNode requests = Json.MAPPER.readTree(resource("demo/events.json"));
      List<Shown> shown = new ArrayList<>();
      try (SluiceServer server = SluiceServer.start(config, master, Clock.systemUTC())) {
        out.println("  sluice ingest on http://127.0.0.1:" + server.ingestPort() + ", admin on http://127.0.0.1:" + server.adminPort());
        out.println();
        HttpClient http = HttpClient.newHttpClient();
        int destinations = config.destinations().size();
        for (JsonNode r : requests) {
          int before = vendor.received().size();
          int events = r.get("body").has("batch") ? r.get("body").get("batch").size() : 1;
          HttpResponse<String> resp = send(http, server.ingestPort(), r);
          if (resp.statusCode() != 200) {
            out.println("sluice refused a demo event: HTTP " + resp.statusCode() + " " + resp.body());
            return 1;
          }
          List<FakeVendor.Received> got = awaitReceived(vendor, before + events * destinations);
          shown.add(new Shown(r, got.subList(before, got.size())));
        }
        for (int i = 0; i < shown.size(); i++) {
          print(out, i + 1, shown.size(), shown.get(i), cols);
        }
        summary(out, shown, work.resolve("data"), server);
        bom(out, server, work);
        if (stay) {
          awaitInterrupt(out);
        }
      }
    }
    return 0;
  }

  private record Shown(JsonNode request, List<FakeVendor.Received> received) {}

  private static HttpResponse<String> send(HttpClient http, int port, JsonNode r) throws IOException, InterruptedException {
    ObjectNode body = ((ObjectNode) r.get("body")).deepCopy();
    boolean keyInBody = r.path("bodyWriteKey").asBoolean(false);
    if (keyInBody) {
      body.put("writeKey", WRITE_KEY);
    }
    byte[] bytes = Json.bytes(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.get("path").asText()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", r.path("contentType").asText("application/json"));
    if (!keyInBody) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)));
    }
    if (r.path("gzip").asBoolean(false)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
        gz.write(bytes);
      }
      bytes = buf.toByteArray();
      b.header("Content-Encoding", "gzip");
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<FakeVendor.Received> awaitReceived(FakeVendor vendor, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (vendor.received().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the fake vendor did not receive the demo events within 30 s");
      }
      Thread.sleep(10);
    }
    return vendor.received();
  }

  private static void print(PrintStream out, int n, int total, Shown s, int cols) {
    JsonNode r = s.request();
    String title = "── " + n + "/" + total + "  POST " + r.get("path").asText() + "  " + r.path("note").asText() + " ";
    out.println(title + "─".repeat(Math.max(3, cols - title.length())));
    List<String> headers = new ArrayList<>();
    List<List<String>> columns = new ArrayList<>();
    headers.add("APP SENT");
    columns.add(pretty(r.get("body")));
    Map<String, List<JsonNode>> byVendor = new java.util.TreeMap<>(Comparator.reverseOrder());
    for (FakeVendor.Received rec : s.received()) {
      String name =
          rec.path().startsWith("/hook")
              ? "PRODUCT-ANALYTICS RECEIVED (webhook)"
              : "SEGMENT-MIRROR RECEIVED (Segment API)";
      byVendor.computeIfAbsent(name, k -> new ArrayList<>()).add(rec.event());
    }
    byVendor.forEach((name, events) -> {
      headers.add(name);
      List<String> lines = new ArrayList<>();
      for (JsonNode e : events) {
        lines.addAll(pretty(e));
      }
      columns.add(lines);
    });
    int[] widths = widths(columns, cols);
    if (cols < 100) {
      for (int c = 0; c < columns.size(); c++) {
        out.println(headers.get(c));
        columns.get(c).forEach(out::println);
      }
    } else {
      List<List<String>> wrapped = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        wrapped.add(wrap(columns.get(c), widths[c]));
      }
      int rows = wrapped.stream().mapToInt(List::size).max().orElse(0);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < headers.size(); c++) {
        line.append(c > 0 ? " │ " : "").append(pad(headers.get(c), widths[c]));
      }
      out.println(line.toString().stripTrailing());
      for (int row = 0; row < rows; row++) {
        line.setLength(0);
        for (int c = 0; c < wrapped.size(); c++) {
          List<String> col = wrapped.get(c);
          line.append(c > 0 ? " │ " : "").append(pad(row < col.size() ? col.get(row) : "", widths[c]));
        }
        out.println(line.toString().stripTrailing());
      }
    }
    out.println();
  }

  private void summary(PrintStream out, List<Shown> shown, Path dataDir, SluiceServer server) throws IOException {
    TreeSet<String> leakedToVendor = new TreeSet<>();
    int sentEvents = 0;
    int vendorEvents = 0;
    for (Shown s : shown) {
      JsonNode body = s.request().get("body");
      sentEvents += body.has("batch") ? body.get("batch").size() : 1;
      for (FakeVendor.Received rec : s.received()) {
        vendorEvents++;
        String text = rec.event().toString();
        for (String p : PLANTED) {
          if (text.contains(p)) {
            leakedToVendor.add(p);
          }
        }
      }
    }
    List<String> onDisk = plantedOnDisk(dataDir);
    out.println("── summary " + "─".repeat(60));
    out.printf("  %d events sent by the app, %d deliveries to 2 vendors (every delivery acknowledged)%n", sentEvents, vendorEvents);
    out.printf("  raw personal values planted in the events: %d; reached a vendor: %s%n", PLANTED.size(), leakedToVendor.isEmpty() ? "none" : String.join(", ", leakedToVendor));
    out.printf("  found on disk in the data directory (outbox, keys, dead letters): %s%n", onDisk.isEmpty() ? "none" : String.join(", ", onDisk));
    out.printf("  metrics: http://127.0.0.1:%d/metrics (events accepted: %.0f)%n", server.adminPort(), server.metrics().count("sluice.events.accepted", "source", "web-app"));
    out.println("  the same user has a different pseudonym at each vendor; an unlisted field never leaves (default deny)");
  }

  /** The data BOM the run produced, and where to see it live. */
  private void bom(PrintStream out, SluiceServer server, Path work) {
    out.println();
    out.println("── data bill of materials (sluice bom) " + "─".repeat(33));
    PrintWriter w = new PrintWriter(out, true, StandardCharsets.UTF_8);
    BomText.table(server.adminApi().bom(null), w);
    w.flush();
    String admin = "http://127.0.0.1:" + server.adminPort();
    out.println("  dashboard: " + admin + "/ui" + (stay ? "" : "   (run ./sluice demo --stay to keep it serving)"));
    if (stay) {
      out.println("  admin API: " + admin + "/admin/bom, token in " + work.resolve("admin.token"));
      out.println("  from another shell: ./sluice bom --server " + admin + " --token-file " + work.resolve("admin.token"));
    }
  }

  /**
   * Blocks until Ctrl-C. The shutdown hook releases this thread and then waits for it to close
   * the server and delete the demo files, so nothing is left behind.
   */
  private static void awaitInterrupt(PrintStream out) throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      interrupted.countDown();
      try {
        CLEANED_UP.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sluice-demo-stop"));
    out.println();
    out.println("serving until Ctrl-C ...");
    interrupted.await();
    out.println("stopping");
  }

  /** Counted down once the demo has stopped everything and deleted its files. */
  private static final CountDownLatch CLEANED_UP = new CountDownLatch(1);

  /** Which planted values appear in any file under {@code dir}. */
  static List<String> plantedOnDisk(Path dir) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.exists(dir)) {
      return found;
    }
    List<byte[]> contents = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        contents.add(Files.readAllBytes(f));
      }
    }
    for (String p : PLANTED) {
      String needle = new String(p.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      for (byte[] c : contents) {
        if (new String(c, StandardCharsets.ISO_8859_1).contains(needle)) {
          found.add(p);
          break;
        }
      }
    }
    return found;
  }

  private static List<String> pretty(JsonNode node) {
    try {
      ObjectWriter w =
          Json.MAPPER.writer(
              new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                  .withSeparators(
                      com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)));
      return List.of(w.writeValueAsString(node).split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Column widths: vendor columns get their natural width when it fits (their lines are short
   * and should not wrap), the app's column takes the rest.
   */
  private static int[] widths(List<List<String>> columns, int cols) {
    int n = columns.size();
    int usable = cols - 3 * (n - 1);
    int[] w = new int[n];
    int vendors = 0;
    for (int c = 1; c < n; c++) {
      int natural = Math.max(columns.get(c).stream().mapToInt(String::length).max().orElse(0), 38);
      w[c] = Math.min(natural, usable / n + usable / (4 * n));
      vendors += w[c];
    }
    w[0] = Math.max(30, usable - vendors);
    return w;
  }

  private static List<String> wrap(List<String> lines, int width) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String rest = l;
      while (rest.length() > width) {
        out.add(rest.substring(0, width));
        rest = "    " + rest.substring(width);
      }
      out.add(rest);
    }
    return out;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing demo resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int envInt(String name, int fallback) {
    try {
      return Integer.parseInt(System.getenv().getOrDefault(name, ""));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
