package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.bom.BomBuilder;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.risk.BlastRadius;
import dev.sluice.core.risk.Exposure;
import dev.sluice.core.risk.KAnonymity;
import dev.sluice.server.admin.AdminAuth;
import dev.sluice.server.admin.Scope;
import dev.sluice.server.config.AdminToken;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP contract without a browser: sign-in, cookies, escaping, headers. */
class DashboardTest {
  private static final String TOKEN = "adm_0123456789abcdef0123456789abcdef";
  private static final String INCIDENT_ONLY = "adm_incident_0123456789abcdef";
  private static final String HOSTILE_PATH = "properties.<script>alert(1)</script>";
  private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
  private static final String HOSTILE_VENDOR = "Acme <b>Hooks</b>";
  /** The sampled quasi-identifiers: two records share a class, two are alone in theirs. */
  private static final List<Map<String, String>> SAMPLE =
      List.of(
          Map.of("context.geo.country", "d1"),
          Map.of("context.geo.country", "d1"),
          Map.of("context.geo.country", "d2"),
          Map.of("context.geo.country", "d3"));

  private Javalin app;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    List<LedgerEntry> entries =
        List.of(
            new LedgerEntry("web", "hook", "(event)", "none", Outcome.SENT, 3, 3, T, T),
            new LedgerEntry("web", "hook", "context.ip", "ip", Outcome.SENT, 3, 3, T, T),
            new LedgerEntry("web", "hook", "properties.email", "email", Outcome.HASHED, 2, 2, T, T),
            new LedgerEntry("web", "hook", HOSTILE_PATH, "none", Outcome.BLOCKED_BY_CONTRACT, 1, 1, T, T));
    app =
        start(
            new AdminAuth(
                List.of(
                    AdminToken.of("dashboard", TOKEN, Set.of(Scope.READ)),
                    AdminToken.of("responder", INCIDENT_ONLY, Set.of(Scope.INCIDENT)))),
            entries,
            // What `sluice blast-radius` computes (VendorExposures.blastRadius), from the same entries.
            name -> new BlastRadius(HOSTILE_VENDOR, List.of(name), null, Exposure.of(entries, 42), KAnonymity.of(SAMPLE)));
  }

  private static Javalin start(AdminAuth auth, List<LedgerEntry> entries) {
    return start(auth, entries, name -> null);
  }

  private static Javalin start(AdminAuth auth, List<LedgerEntry> entries, Dashboard.BlastRadii blast) {
    Dashboard.Data data =
        new Dashboard.Data(
            List.of("web"),
            since -> BomBuilder.build(new LedgerSnapshot(window(entries, since), List.of()), List.of(), since, T, T),
            since -> window(entries, since),
            blast);
    return Javalin.create(cfg -> Dashboard.register(cfg.routes, data, auth, Clock.systemUTC())).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void withoutASessionEveryPageSendsTheBrowserToTheLoginForm() throws Exception {
    for (String page : List.of("/ui", "/ui/destinations/hook")) {
      HttpResponse<String> r = get(page, null);
      assertThat(r.statusCode()).as(page).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).hasValue("/ui/login?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8));
      assertThat(r.body()).doesNotContain("context.ip");
    }
    HttpResponse<String> form = get("/ui/login", null);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"token\"").doesNotContain("context.ip");
  }

  @Test
  void aWrongTokenOrOneWithoutTheReadScopeGetsNoSession() throws Exception {
    for (String token : List.of("adm_wrong_0123456789abcdef", INCIDENT_ONLY, "")) {
      HttpResponse<String> r = login(token, null);
      assertThat(r.statusCode()).as(token).isEqualTo(401);
      assertThat(r.headers().firstValue("Set-Cookie")).as(token).isEmpty();
      assertThat(r.body()).contains("not an admin token with the scope read");
    }
    assertThat(get("/ui", "sluice_ui=guessed").statusCode()).isEqualTo(303);
  }

  @Test
  void withoutAdminTokensTheDashboardIsOffAndSaysHowToTurnItOn() throws Exception {
    Javalin off = start(new AdminAuth(List.of()), List.of());
    try {
      for (String page : List.of("/ui", "/ui/login", "/ui/destinations/hook")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + off.port() + page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(page).isEqualTo(401);
        assertThat(r.body()).contains("admin.tokens").doesNotContain("context.ip");
      }
    } finally {
      off.stop();
    }
  }

  @Test
  void theRightTokenBecomesAnHttpOnlyStrictSessionCookieUntilSignOut() throws Exception {
    HttpResponse<String> r = login(TOKEN, null);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/ui");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui").doesNotContain(TOKEN);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> page = get("/ui", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("href=\"/ui/destinations/hook\"");

    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(url("/ui/logout")).header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(get("/ui", cookie).statusCode()).isEqualTo(303);
  }

  @Test
  void afterSignInTheBrowserReturnsToTheDashboardPageItAskedForAndNowhereElse() {
    assertThat(Dashboard.next("/ui/destinations/hook")).isEqualTo("/ui/destinations/hook");
    assertThat(Dashboard.next("/ui/destinations/a%20b")).isEqualTo("/ui/destinations/a%20b");
    for (String elsewhere :
        List.of("//evil.example/ui", "https://evil.example/ui", "/ui//evil.example", "/ui/\\evil", "/uix", "/admin/bom", "/ui/x?y", "")) {
      assertThat(Dashboard.next(elsewhere)).as(elsewhere).isEqualTo("/ui");
    }
    assertThat(Dashboard.next(null)).isEqualTo("/ui");
  }

  @Test
  void aLoginPostedFromAnotherSiteIsRefused() throws Exception {
    HttpResponse<String> r = login(TOKEN, "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    HttpResponse<String> same = login(TOKEN, "http://127.0.0.1:" + app.port());
    assertThat(same.statusCode()).isEqualTo(303);
    assertThat(same.headers().firstValue("Set-Cookie")).isPresent();
  }

  @Test
  void pathsFromTrafficAreEscapedAndPagesForbidScripts() throws Exception {
    String cookie = session();
    HttpResponse<String> page = get("/ui/destinations/hook", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("properties.&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");

    String hostile = "<img src=x onerror=alert(1)>";
    HttpResponse<String> missing = get("/ui/destinations/" + URLEncoder.encode(hostile, StandardCharsets.UTF_8).replace("+", "%20"), cookie);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("&lt;img src").doesNotContain("<img");
  }

  @Test
  void theDestinationPageShowsItsVendorsBlastRadiusAsTheCliComputesIt() throws Exception {
    String body = get("/ui/destinations/hook", session()).body();
    assertThat(body).contains("<h2 id=\"blast-radius\">Blast radius</h2>");
    assertThat(body).contains("Acme &lt;b&gt;Hooks&lt;/b&gt;").doesNotContain(HOSTILE_VENDOR);
    assertThat(body).contains("<dd id=\"blast-subjects\">about 42</dd>").contains("<dd id=\"blast-events\">3</dd>");
    // per category: raw, pseudonymised, hashed, generalised, redacted
    assertThat(body)
        .contains("<span class=\"cat cat-raw\">ip</span></td>" + cells("3", "-", "-", "-", "-"))
        .contains("<span class=\"cat\">email</span></td>" + cells("-", "-", "2", "-", "-"))
        .contains("id=\"blast-hash-note\"");
    // the sample: 2 of 4 records alone in their class, k = 1, 3 classes
    assertThat(body)
        .contains("<dd id=\"sample-records\">4 records</dd>")
        .contains("<dd id=\"unique-share\">50.0%</dd>")
        .contains("<dd id=\"k\">1</dd>")
        .contains("<dd id=\"classes\">3</dd>")
        .contains("<span class=\"class-size\">2 of size 1</span>; <span class=\"class-size\">1 of size 2</span>;")
        .contains("<dd id=\"quasi-identifiers\">context.geo.country</dd>");
  }

  @Test
  void anUnreadableLedgerLosesOnlyTheBlastRadiusSection() throws Exception {
    app.stop();
    app =
        start(
            new AdminAuth(List.of(AdminToken.of("dashboard", TOKEN, Set.of(Scope.READ)))),
            List.of(new LedgerEntry("web", "hook", "context.ip", "ip", Outcome.SENT, 3, 3, T, T)),
            name -> {
              throw new IOException("disk gone");
            });
    HttpResponse<String> page = get("/ui/destinations/hook", session());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("could not be read for the blast radius").contains("context.ip").doesNotContain("disk gone");
  }

  @Test
  void aTimeWindowShowsOnlyWhatFlowedInItAndTheLinksKeepIt() throws Exception {
    app.stop();
    Instant old = T.minus(java.time.Duration.ofDays(3));
    app =
        start(
            new AdminAuth(List.of(AdminToken.of("dashboard", TOKEN, Set.of(Scope.READ)))),
            List.of(
                new LedgerEntry("web", "hook", "context.ip", "ip", Outcome.SENT, 3, 3, T, T),
                new LedgerEntry("web", "hook", "properties.legacy_note", "none", Outcome.SENT, 5, 5, old, old)));
    String cookie = session();
    assertThat(get("/ui/destinations/hook", cookie).body()).contains("properties.legacy_note").contains("context.ip");

    String since = "2026-11-25T09:00:00Z";
    String query = "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    String href = query.replace("=", "&#61;"); // as the templates escape it in an attribute
    HttpResponse<String> page = get("/ui/destinations/hook" + query, cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("context.ip")
        .doesNotContain("properties.legacy_note")
        .contains("<strong aria-current=\"page\">since 2026-11-25T09:00:00Z</strong>")
        .contains("<a href=\"/ui/destinations/hook?since&#61;7d\">7 days</a>")
        .contains("href=\"/ui" + href + "\">Overview</a>");
    HttpResponse<String> overview = get("/ui" + query, cookie);
    assertThat(overview.body()).contains("href=\"/ui/destinations/hook" + href + "\"").contains("since 2026-11-25T09:00:00Z");
    assertThat(get("/ui?since=7d", cookie).body()).contains("<strong aria-current=\"page\">7 days</strong>")
        .contains("for the last 7 days");
    assertThat(get("/ui", cookie).body()).contains("<strong aria-current=\"page\">all time</strong>");

    HttpResponse<String> bad = get("/ui?since=yesterday", cookie);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("since &#39;yesterday&#39; is not a time").doesNotContain("context.ip");
  }

  /** What the ledger store answers for a window: the rows seen in it (the store sums days). */
  private static List<LedgerEntry> window(List<LedgerEntry> entries, Instant since) {
    return entries.stream().filter(e -> since == null || !e.lastSeen().isBefore(since)).toList();
  }

  private static String cells(String... values) {
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      sb.append("<td class=\"num\">").append(v).append("</td>");
    }
    return sb.toString();
  }

  @Test
  void theStylesheetComesFromTheJar() throws Exception {
    HttpResponse<String> css = get("/ui/assets/dashboard.css", null);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    assertThat(css.body()).contains(".band-raw");
  }

  private String session() throws Exception {
    String setCookie = login(TOKEN, null).headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpResponse<String> login(String token, String origin) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url("/ui/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    return send(b, "Origin", origin);
  }

  private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(url(path)).GET(), "Cookie", cookie);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String header, String value)
      throws IOException, InterruptedException {
    if (value != null) {
      b.header(header, value);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }
}
