package dev.sluice.server.ui;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.risk.BlastRadius;
import dev.sluice.server.admin.AdminAuth;
import dev.sluice.server.admin.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import dev.sluice.core.BadInputException;
import dev.sluice.core.bom.Since;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard on the admin port ({@code /ui}): the data-flow picture, a page per destination
 * and the declared-versus-observed differences, rendered on the server from the live flow ledger.
 *
 * <p>Everything it serves comes from this jar (templates and one stylesheet; no script, no CDN),
 * and every name, path and category is HTML-escaped by the templates: paths come from traffic.
 * The Content-Security-Policy allows nothing but this origin's stylesheet, as a second wall.
 *
 * <p>Access follows the admin API ({@link AdminAuth}): a browser signs in once on {@code /ui/login}
 * with an admin token that has the scope {@code read}, and gets a session cookie ({@link
 * DashboardSessions}); without a valid session every page redirects to the login form. Without
 * {@code admin.tokens} the admin API is disabled, and so is the dashboard.
 */
public final class Dashboard {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
  static final String COOKIE = "sluice_ui";
  /** A dashboard path: /ui or below it, segments of URL path characters only (no //, \\, ? or #). */
  private static final Pattern NEXT = Pattern.compile("/ui(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*");
  private static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /**
   * What the dashboard reads, fresh for every page.
   *
   * @param sources source names from the config, in config order
   * @param bom the data BOM from an instant (null: the whole ledger) to now, as the admin API's
   *     {@code GET /admin/bom?since=}
   * @param entries the ledger's rows per source from an instant (null: all time) to now (the BOM
   *     sums over sources)
   * @param blastRadius the blast radius of a destination's vendor, as {@code sluice blast-radius}
   *     computes it
   */
  public record Data(
      List<String> sources, Function<Instant, Bom> bom, Function<Instant, List<LedgerEntry>> entries,
      BlastRadii blastRadius) {}

  /** The windows offered as links; any other {@code ?since=} form of the admin API works too. */
  private static final List<String[]> WINDOWS =
      List.of(new String[] {"", "all time"}, new String[] {"30d", "30 days"}, new String[] {"7d", "7 days"},
          new String[] {"24h", "24 hours"});

  /** Reads the blast radius of the vendor a destination belongs to. */
  @FunctionalInterface
  public interface BlastRadii {
    /** Everything recorded for the destination's vendor, or null when the config no longer has the destination. */
    BlastRadius of(String destination) throws IOException;
  }

  private final Data data;
  private final Clock clock;
  private final AdminAuth auth;
  private final DashboardSessions sessions;
  private final Mustache overview;
  private final Mustache destination;
  private final Mustache login;
  private final Mustache message;
  private final byte[] css;

  private Dashboard(Data data, AdminAuth auth, Clock clock) {
    this.data = data;
    this.clock = clock;
    this.auth = auth;
    this.sessions = new DashboardSessions(clock);
    DefaultMustacheFactory templates = new DefaultMustacheFactory("dev/sluice/server/ui");
    this.overview = templates.compile("overview.mustache");
    this.destination = templates.compile("destination.mustache");
    this.login = templates.compile("login.mustache");
    this.message = templates.compile("message.mustache");
    this.css = resource("dashboard.css");
  }

  /** Adds the dashboard's routes to the admin listener, behind the admin API's tokens. */
  public static void register(RoutesConfig routes, Data data, AdminAuth auth, Clock clock) {
    Dashboard d = new Dashboard(data, auth, clock);
    routes.get("/ui", d.signedIn(d::overview));
    routes.get("/ui/destinations/{name}", d.signedIn(d::destination));
    routes.get("/ui/login", d::loginForm);
    routes.post("/ui/login", d::login);
    routes.post("/ui/logout", d::logout);
    routes.get("/ui/assets/dashboard.css", d::stylesheet);
  }

  private Handler signedIn(Handler page) {
    return ctx -> {
      headers(ctx);
      if (!auth.enabled()) {
        disabled(ctx);
      } else if (!sessions.check(ctx.cookie(COOKIE))) {
        ctx.redirect("/ui/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
      } else {
        page.handle(ctx);
      }
    };
  }

  /** Like the admin API: without admin.tokens there is no way in, and the page says how to add one. */
  private void disabled(Context ctx) {
    Map<String, Object> model = base();
    model.put("title", "The dashboard is off");
    model.put(
        "text",
        "No admin tokens are configured, so the admin API and this dashboard are disabled. Add admin.tokens"
            + " with the scope read to sluice.yaml (see docs/operations.md#admin-api) and restart.");
    render(ctx, 401, message, model);
  }

  private void overview(Context ctx) {
    Window w = window(ctx);
    if (w == null) {
      return;
    }
    Bom bom = data.bom().apply(w.since());
    List<DestinationView> destinations = bom.destinations().stream().map(DestinationView::of).toList();
    Map<String, Object> model = base();
    w.into(model, "/ui");
    model.put("picture", FlowPicture.of(data.entries().apply(w.since())));
    model.put("destinations", destinations);
    model.put("rawFlows", bom.rawFlows());
    model.put("unseen", destinations.stream().filter(d -> !d.flows().unseenRules().isEmpty()).toList());
    model.put("counts", plural(data.sources().size(), "source") + ", " + plural(destinations.size(), "destination"));
    render(ctx, 200, overview, model);
  }

  private void destination(Context ctx) {
    String name = ctx.pathParam("name");
    Window w = window(ctx);
    if (w == null) {
      return;
    }
    Bom.DestinationFlows flows = data.bom().apply(w.since()).destination(name);
    if (flows == null) {
      Map<String, Object> model = base();
      model.put("title", "No such destination");
      model.put("text", "There is no destination named \u201c" + name + "\u201d in this configuration or its ledger.");
      render(ctx, 404, message, model);
      return;
    }
    Map<String, Object> model = base();
    w.into(model, "/ui/destinations/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
    model.put("d", DestinationView.of(flows));
    try {
      BlastRadius blast = data.blastRadius().of(name);
      if (blast != null) {
        model.put("blast", BlastView.of(blast));
      }
    } catch (IOException e) {
      // The rest of the page comes from the BOM; a ledger or sample read failure only loses this section.
      LOG.warn("dashboard: reading the blast radius of {} failed: {}", name, e.getMessage());
      model.put("blastUnreadable", true);
    }
    render(ctx, 200, destination, model);
  }

  /**
   * The page's time window from {@code ?since=} (the admin API's forms), or null after answering
   * 400 with the accepted forms.
   */
  private Window window(Context ctx) {
    String raw = ctx.queryParam("since");
    try {
      return new Window(raw == null ? "" : raw.strip(), Since.parse(raw, clock.instant()));
    } catch (BadInputException e) {
      Map<String, Object> model = base();
      model.put("title", "Not a time window");
      model.put("text", e.getMessage());
      render(ctx, 400, message, model);
      return null;
    }
  }

  /** A page's window: the {@code since} text as given and the instant it names (null: all time). */
  private record Window(String text, Instant since) {
    /** The window links of a page at {@code path}, the current one marked, and the query for links onwards. */
    void into(Map<String, Object> model, String path) {
      String query = text.isEmpty() ? "" : "?since=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
      List<Map<String, Object>> links = new java.util.ArrayList<>();
      boolean known = false;
      for (String[] option : WINDOWS) {
        boolean current = option[0].equals(text);
        known |= current;
        links.add(Map.of("label", option[1], "href", path + (option[0].isEmpty() ? "" : "?since=" + option[0]),
            "current", current));
      }
      if (!known) {
        links.add(Map.of("label", "since " + since, "href", path + query, "current", true));
      }
      model.put("windows", links);
      model.put("windowLabel", text.isEmpty() ? "all time" : known ? "the last " + label(text) : "since " + since);
      model.put("query", query);
    }

    private static String label(String text) {
      for (String[] option : WINDOWS) {
        if (option[0].equals(text)) {
          return option[1];
        }
      }
      return text;
    }
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private void loginForm(Context ctx) {
    headers(ctx);
    if (!auth.enabled()) {
      disabled(ctx);
    } else if (sessions.check(ctx.cookie(COOKIE))) {
      ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
    } else {
      Map<String, Object> model = base();
      model.put("next", next(ctx.queryParam("next")));
      render(ctx, 200, login, model);
    }
  }

  /**
   * Where to go after signing in: the page that sent the browser to the form, when it is a
   * dashboard page of this server; anything else (another host, {@code //evil}) becomes {@code /ui}.
   */
  static String next(String requested) {
    return requested != null && NEXT.matcher(requested).matches() ? requested : "/ui";
  }

  private void login(Context ctx) {
    headers(ctx);
    if (!sameOrigin(ctx)) {
      refuseCrossSite(ctx);
      return;
    }
    if (!auth.enabled()) {
      disabled(ctx);
      return;
    }
    String token = ctx.formParam("token");
    String next = next(ctx.formParam("next"));
    if (token == null || !auth.allows(token.strip(), Scope.READ)) {
      Map<String, Object> model = base();
      model.put("error", "That token is not an admin token with the scope read.");
      model.put("next", next);
      render(ctx, 401, login, model);
      return;
    }
    ctx.cookie(cookie(ctx, sessions.open(), -1));
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    headers(ctx);
    if (!sameOrigin(ctx)) {
      refuseCrossSite(ctx);
      return;
    }
    sessions.close(ctx.cookie(COOKIE));
    ctx.cookie(cookie(ctx, "", 0));
    ctx.redirect("/ui/login", HttpStatus.SEE_OTHER);
  }

  private void stylesheet(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType("text/css; charset=utf-8").result(css);
  }

  private void refuseCrossSite(Context ctx) {
    Map<String, Object> model = base();
    model.put("title", "Refused");
    model.put("text", "This form can only be sent from the dashboard itself.");
    render(ctx, 403, message, model);
  }

  /**
   * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
   * scoped to /ui, Secure when the admin port is reached over HTTPS (a TLS proxy in front).
   */
  private static Cookie cookie(Context ctx, String value, int maxAge) {
    return new Cookie(COOKIE, value, "/ui", maxAge, secure(ctx), true, null, SameSite.STRICT);
  }

  private static boolean secure(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  /**
   * A form post must come from this origin. Browsers send Origin on every POST ({@code null} when
   * the posting page hides its origin, which is refused); its absence means a non-browser client,
   * which carries no ambient cookie to abuse.
   */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    try {
      URI o = URI.create(origin);
      return o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(ctx.header("Host"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Map<String, Object> base() {
    Map<String, Object> model = new HashMap<>();
    model.put("signedIn", auth.enabled());
    return model;
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with our own
    // form posts, and sameOrigin() could not tell them from a cross-site post.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
  }

  private static void render(Context ctx, int status, Mustache template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    template.execute(out, model);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  private static byte[] resource(String name) {
    try (InputStream in = Objects.requireNonNull(Dashboard.class.getResourceAsStream(name), name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
