package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.sluice.server.TestGateway;
import dev.sluice.server.browser.HeadlessChromium;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium via {@link HeadlessChromium}), fed
 * by a real gateway: events go through the Segment receiver, the contracts count them into the
 * flow ledger, and the pages are read back as a person would see them. Screenshots land in
 * {@code target/screenshots/dashboard-*.png}.
 */
class DashboardBrowserTest {
  /** hook keeps anonymousId raw (online_id reaches it as is) and allows a field nobody sends. */
  private static final String HOOK_CONTRACT =
      """
      userId: pseudonymize
      anonymousId: keep
      properties.plan: keep
      properties.coupon: keep
      context.page.path: keep
      context.ip: { generalize: ip-prefix }
      """;

  private static final String WAREHOUSE =
      """
        - name: warehouse
          type: webhook
          options:
            url: "{vendor}/hook-warehouse"
            secret: { file: ./hook.secret }
          contract:
            userId: pseudonymize
            properties.plan: keep
            properties.email: sha256
      """;

  private static final String READ_TOKEN = "adm_read_5b1f0c2e9d7a4e3b8c6f";
  private static final String INCIDENT_TOKEN = "adm_incident_2d8e4a6c0b9f1e7d";
  private static final String ADMIN_YAML =
      """
      admin:
        tokens:
          - { name: dashboard, token: { file: ./read.token }, scopes: [ read ] }
          - { name: responder, token: { file: ./incident.token }, scopes: [ incident ] }
      """;

  /** Keys from traffic that would run script if the page did not escape them. */
  private static final String SCRIPT_KEY = "<script>window.pwned=1</script>";
  private static final String IMG_KEY = "<img src=x onerror=window.pwned=2>";

  @TempDir static Path dir;
  private static TestGateway gateway;
  private static HeadlessChromium chromium;
  private BrowserContext context;
  private Page page;

  @BeforeAll
  static void seed() throws Exception {
    Files.writeString(dir.resolve("read.token"), READ_TOKEN);
    Files.writeString(dir.resolve("incident.token"), INCIDENT_TOKEN);
    gateway = TestGateway.start(dir, HOOK_CONTRACT.indent(4), ADMIN_YAML, WAREHOUSE);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(
          """
          {"type":"track","event":"Signed Up","userId":"user-%d","anonymousId":"anon-%d",
           "properties":{"plan":"pro","email":"jane%d@example.com","%s":"x","%s":"y"},
           "context":{"ip":"203.0.113.%d","page":{"path":"/pricing"}}}
          """
              .formatted(i, i, i, SCRIPT_KEY.replace("\"", "\\\""), IMG_KEY, i + 1));
    }
    HttpResponse<String> r = gateway.post("/v1/batch", "{\"batch\":[" + String.join(",", events) + "]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    gateway.awaitReceived(12);
    chromium = HeadlessChromium.launch();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @BeforeEach
  void open() {
    context = chromium.newContext();
    page = context.newPage();
  }

  /** Signs in as a person would: the pages send the browser to the form, the form takes a token. */
  private void signIn(String token) {
    page.fill("#token", token);
    page.click("form.login button[type=submit]");
    page.waitForLoadState();
  }

  /** Opens {@code path}, which sends the browser to sign in first and then back to {@code path}. */
  private void signedIn(String path) {
    page.navigate(gateway.adminUrl(path));
    signIn(READ_TOKEN);
    assertThat(page.url()).isEqualTo(gateway.adminUrl(path));
  }

  @Test
  void withoutAReadTokenNothingIsShown() {
    for (String path : List.of("/ui", "/ui/destinations/hook")) {
      page.navigate(gateway.adminUrl(path));
      assertThat(page.url()).as(path).contains("/ui/login?next=");
      assertThat(page.content()).doesNotContain("anonymousId").doesNotContain("warehouse");
    }
    HeadlessChromium.screenshot(page, "dashboard-login");

    signIn("adm_not_a_token_0123456789");
    assertThat(page.locator(".error").textContent()).contains("not an admin token with the scope read");
    signIn(INCIDENT_TOKEN);
    assertThat(page.locator(".error").textContent()).contains("not an admin token with the scope read");
    assertThat(context.cookies()).isEmpty();

    signIn(READ_TOKEN); // back to the page that asked for it
    assertThat(page.url()).endsWith("/ui/destinations/hook");
    assertThat(page.locator("h1").textContent()).isEqualTo("What hook receives");
    Cookie session = context.cookies().get(0);
    assertThat(session.httpOnly).isTrue();
    assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
    assertThat(session.value).doesNotContain(READ_TOKEN);
    assertThat(page.evaluate("() => document.cookie")).isEqualTo("");

    page.click("form.signout button");
    page.waitForURL("**/ui/login");
    page.navigate(gateway.adminUrl("/ui"));
    assertThat(page.url()).contains("/ui/login");
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Test
  void theOverviewShowsEveryDestinationAndDrawsTheFlows() {
    signedIn("/ui");
    assertThat(page.title()).isEqualTo("Sluice: where the data goes");
    assertThat(page.locator("tr.destination").evaluateAll("rows => rows.map(r => r.dataset.name)"))
        .isEqualTo(List.of("hook", "warehouse"));

    Locator bands = page.locator("svg#flows path.band");
    assertThat(bands.count()).isGreaterThan(0);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> drawn =
        (List<Map<String, Object>>)
            bands.evaluateAll(
                "ps => ps.map(p => ({values: Number(p.dataset.values), width: parseFloat(getComputedStyle(p).strokeWidth),"
                    + " length: p.getTotalLength(), from: p.dataset.from, to: p.dataset.to, kind: p.getAttribute('class')}))");
    for (Map<String, Object> a : drawn) {
      assertThat(((Number) a.get("width")).doubleValue()).as("width of %s", a).isPositive();
      assertThat(((Number) a.get("length")).doubleValue()).as("length of %s", a).isPositive();
      for (Map<String, Object> b : drawn) {
        if (((Number) a.get("values")).longValue() > ((Number) b.get("values")).longValue()) {
          assertThat(((Number) a.get("width")).doubleValue()).as("%s wider than %s", a, b)
              .isGreaterThanOrEqualTo(((Number) b.get("width")).doubleValue());
        }
      }
    }
    assertThat(page.locator("svg#flows").boundingBox().height).isPositive();
    assertThat(page.locator("svg#flows rect.node-destination").evaluateAll("rs => rs.map(r => r.dataset.label)"))
        .isEqualTo(List.of("hook", "warehouse"));

    // online_id reaches hook raw: that band, and only raw bands, wear the warning colour.
    Locator raw = page.locator("svg#flows path.band-raw[data-from=\"online_id\"][data-to=\"hook\"]");
    assertThat(raw.count()).isEqualTo(1);
    String warning = (String) raw.evaluate("p => getComputedStyle(p).stroke");
    assertThat(warning).isEqualTo("rgb(217, 72, 15)");
    Locator hashed = page.locator("svg#flows path.band[data-from=\"email\"][data-to=\"warehouse\"]");
    assertThat(hashed.getAttribute("class")).contains("band-protected");
    assertThat((String) hashed.evaluate("p => getComputedStyle(p).stroke")).isNotEqualTo(warning);

    assertThat(page.locator("#differences li.raw-flow").allTextContents())
        .anySatisfy(t -> assertThat(t).contains("hook").contains("online_id").contains("anonymousId"));
    assertThat(page.locator("#differences li.unseen-rule").allTextContents())
        .anySatisfy(t -> assertThat(t).contains("hook").contains("properties.coupon"));
    HeadlessChromium.screenshot(page, "dashboard-overview");
  }

  @Test
  void aVendorPageListsWhatThatVendorReceives() {
    signedIn("/ui");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("hook").setExact(true)).click();
    page.waitForURL("**/ui/destinations/hook");
    assertThat(page.locator("h1").textContent()).isEqualTo("What hook receives");
    assertThat(page.locator("#events-sent").textContent()).isEqualTo("6");

    Map<String, String> actionByPath = new java.util.TreeMap<>();
    Map<String, String> categoryByPath = new java.util.TreeMap<>();
    for (Locator row : page.locator("#fields tr.field").all()) {
      String path = row.locator("td.path").textContent();
      actionByPath.put(path + " " + row.locator("td.category").textContent(), row.locator("td.action").textContent());
      categoryByPath.put(path, row.locator("td.category").textContent());
    }
    assertThat(actionByPath)
        .containsEntry("anonymousId online_id", "raw")
        .containsEntry("userId online_id", "pseudonymized")
        .containsEntry("context.ip ip", "generalized (ip-prefix)")
        .containsEntry("properties.plan none", "raw")
        .containsEntry("context.page.path none", "raw")
        .containsEntry("properties.email email", "blocked");
    assertThat(page.locator("#fields tr.raw td.path").allTextContents()).containsExactly("anonymousId");
    assertThat(page.locator("#fields tr.raw td.example").allTextContents()).containsExactly("[online_id]");
    assertThat(page.locator(".warning").textContent()).contains("online_id");
    assertThat(page.locator("ul.unseen").textContent()).contains("properties.coupon");
    // The blast radius, computed as `sluice blast-radius` does on the running gateway's ledger:
    // online_id reaches hook raw (anonymousId) and pseudonymised (userId), 6 values each.
    assertThat(page.locator("#blast-categories tr:has-text('online_id') td").allTextContents())
        .containsExactly("online_id", "6", "6", "-", "-", "-");
    assertThat(page.locator("#blast-subjects").textContent()).startsWith("about ");
    HeadlessChromium.screenshot(page, "dashboard-destination-hook");
  }

  @Test
  void keysFromTrafficRenderAsInertText() {
    signedIn("/ui/destinations/hook");
    List<String> paths = page.locator("#fields td.path").allTextContents();
    assertThat(paths).contains("properties." + SCRIPT_KEY, "properties." + IMG_KEY);
    assertThat(page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
    assertThat(page.locator("#fields script, #fields img").count()).isZero();
    HeadlessChromium.screenshot(page, "dashboard-escaped-keys");
  }
}
