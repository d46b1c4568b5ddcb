package dev.sluice.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.core.event.Json;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.browser.HeadlessChromium;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.MasterKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * One browser SDK, unmodified, in a real headless Chromium, sending through a real Sluice to a
 * {@link FakeVendor}. A loopback page server (its own port, so another origin than Sluice's, and
 * CORS is real) serves a test page and the SDK's prebuilt bundle straight from the npm
 * package installed by {@link NodeProject} ({@code src/test/js/browser-sdks}, committed lockfile);
 * nothing comes from a CDN: requests to any host other than 127.0.0.1 are aborted and recorded.
 *
 * <p>It records what a test needs to prove the SDK saw success: every request the page sent to
 * Sluice with its response status (so a retry shows as a second request carrying the same event
 * id), console errors and uncaught page errors. The page log and a screenshot go to {@code
 * target/browser-sdks/} and {@code target/screenshots/}.
 */
final class BrowserSdkHarness implements AutoCloseable {
  /** The vendor-side credential, in {@code ./vendor.secret} for destinations to reference. */
  static final String VENDOR_SECRET = "vendor_side_secret_0123";

  /** One request the page sent to Sluice: method, path and query, raw body, response status (0: none). */
  record Sent(String method, String url, byte[] body, int status) {
    /**
     * The body's JSON however the SDK wrapped it: gzip (posthog-js), a form or query {@code
     * data=} field in base64 or plain (mixpanel-browser), or plain JSON.
     */
    JsonNode json() {
      try {
        byte[] b = body;
        if (b.length > 1 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
          b = new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
        }
        String text = new String(b, StandardCharsets.UTF_8);
        if (text.isEmpty() && url.contains("data=")) {
          text = url.substring(url.indexOf('?') + 1);
        }
        for (String field : text.split("&")) {
          if (field.startsWith("data=")) {
            String data = URLDecoder.decode(field.substring(5), StandardCharsets.UTF_8);
            text = data.startsWith("{") || data.startsWith("[") ? data : new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
          }
        }
        return Json.MAPPER.readTree(text);
      } catch (IOException | IllegalArgumentException e) {
        throw new AssertionError("body of " + method + " " + url + " is not JSON as the SDK sends it", e);
      }
    }
  }

  final FakeVendor vendor;
  final String pageOrigin;
  final String sluiceOrigin;
  final ConcurrentLinkedQueue<Sent> sentToSluice = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> consoleErrors = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> blockedRequests = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
  private final HttpServer pageServer;
  private final SluiceServer sluice;
  private final HeadlessChromium chromium;
  private final BrowserContext context;
  private final Page page;
  private final String name;
  private volatile String html = "";

  /**
   * @param destination the one {@code destinations:} entry (YAML at column 2), named {@code vendor},
   *     with {@code {vendor}} standing for the fake vendor's base URL
   */
  private BrowserSdkHarness(Path dir, String name, String writeKey, String destination) throws Exception {
    this.name = name;
    Path modules = NodeProject.install("browser-sdks").dir().resolve("node_modules");
    vendor = FakeVendor.start(null);
    pageServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    pageServer.createContext("/", ex -> servePage(ex, modules));
    pageServer.start();
    pageOrigin = "http://127.0.0.1:" + pageServer.getAddress().getPort();

    MasterKey key = MasterKey.generate();
    Files.writeString(dir.resolve("master.key"), key.toBase64());
    Files.writeString(dir.resolve("vendor.secret"), VENDOR_SECRET);
    String yaml =
        """
        server:
          ingest: { host: 127.0.0.1, port: 0 }
          admin: { host: 127.0.0.1, port: 0 }
        storage:
          dataDir: ./data
        keys:
          masterKey: { file: ./master.key }
        sources:
          - name: web
            writeKeys: [ "%s" ]
            allowedOrigins: [ "%s" ]
        destinations:
        %s
        """
            .formatted(writeKey, pageOrigin, destination.replace("{vendor}", vendor.baseUrl()));
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(cfg, yaml);
    sluice = SluiceServer.start(ConfigLoader.load(cfg, Map.of()), key, Clock.systemUTC());
    sluiceOrigin = "http://127.0.0.1:" + sluice.ingestPort();

    chromium = HeadlessChromium.launch();
    context = chromium.newContext();
    context.route("**/*", route -> {
      String host = URI.create(route.request().url()).getHost();
      if ("127.0.0.1".equals(host)) {
        route.resume();
      } else {
        blockedRequests.add(route.request().method() + " " + route.request().url());
        route.abort();
      }
    });
    page = context.newPage();
    page.onConsoleMessage(m -> {
      log.add("console." + m.type() + ": " + m.text());
      if (m.type().equals("error")) {
        consoleErrors.add(m.text());
      }
    });
    page.onPageError(e -> {
      log.add("pageerror: " + e);
      consoleErrors.add("uncaught: " + e);
    });
    page.onRequestFinished(r -> record(r, statusOf(r)));
    page.onRequestFailed(r -> {
      log.add("failed: " + r.method() + " " + r.url() + " " + r.failure());
      record(r, 0);
    });
  }

  static BrowserSdkHarness start(Path dir, String name, String writeKey, String destination) throws Exception {
    return new BrowserSdkHarness(dir, name, writeKey, destination);
  }

  /** Serves {@code body} as the test page at {@code /} and opens it. Bundles are under {@code /sdk/<package path>}. */
  void open(String body) {
    html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + name + "</title></head><body><h1>" + name
        + "</h1>" + body + "</body></html>";
    page.navigate(pageOrigin + "/");
  }

  /** Evaluates {@code js} in the page (a function body's expression, awaited when it is a promise). */
  Object eval(String js) {
    return page.evaluate(js);
  }

  /**
   * Waits until the vendor holds {@code count} events on {@code path}. It waits inside Playwright,
   * which routes the page's requests and delivers its events only while it is called.
   */
  List<FakeVendor.Received> awaitVendor(String path, int count) {
    Predicate<FakeVendor.Received> onPath = r -> r.path().equals(path);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (vendor.received().stream().filter(onPath).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + count + " events on " + path + "; page log:\n" + String.join("\n", log));
      }
      page.waitForTimeout(50);
    }
    return vendor.received().stream().filter(onPath).toList();
  }

  /**
   * Lets the page run for {@code millis} (a retry would be sent now) and takes in the browser's
   * events: Playwright delivers request and console events only while it is called.
   */
  void settle(int millis) {
    page.waitForTimeout(millis);
  }

  /** Requests the page sent to Sluice, preflights excluded. */
  List<Sent> posts() {
    return sentToSluice.stream().filter(s -> !s.method().equals("OPTIONS")).toList();
  }

  /** Requests the page sent to Sluice, preflights included. */
  List<Sent> allSent() {
    return List.copyOf(sentToSluice);
  }

  private void record(Request r, int status) {
    String url = r.url();
    log.add(r.method() + " " + url + " -> " + status);
    if (url.startsWith(sluiceOrigin + "/")) {
      byte[] body = r.postDataBuffer();
      sentToSluice.add(new Sent(r.method(), url.substring(sluiceOrigin.length()), body == null ? new byte[0] : body, status));
    }
  }

  private static int statusOf(Request r) {
    var response = r.response();
    return response == null ? 0 : response.status();
  }

  private void servePage(HttpExchange ex, Path modules) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body;
      String type;
      if (path.equals("/")) {
        body = html.getBytes(StandardCharsets.UTF_8);
        type = "text/html; charset=utf-8";
      } else {
        // Anything else is a file of an installed package: the bundle, or a chunk it loads relative to the page.
        String rel = path.startsWith("/sdk/") ? path.substring(5) : path.substring(1);
        Path file = modules.resolve(rel).normalize();
        if (!file.startsWith(modules) || !Files.isRegularFile(file)) {
          log.add("page server 404: " + path);
          ex.sendResponseHeaders(404, -1);
          return;
        }
        body = Files.readAllBytes(file);
        type = path.endsWith(".js") || path.endsWith(".mjs") ? "text/javascript" : "application/octet-stream";
      }
      ex.getResponseHeaders().add("Content-Type", type);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      Files.createDirectories(Path.of("target", "browser-sdks"));
      HeadlessChromium.screenshot(page, "browser-sdk-" + name);
      Files.write(Path.of("target", "browser-sdks", name + ".log"), log);
    } finally {
      context.close();
      chromium.close();
      sluice.close();
      vendor.close();
      pageServer.stop(0);
    }
  }
}
