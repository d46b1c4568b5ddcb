package dev.sluice.server.ui;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomBuilder;
import dev.sluice.core.bom.DeclaredDestination;
import dev.sluice.core.ledger.LedgerSnapshot;
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
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The web dashboard on the admin port ({@code /ui}): the data-flow picture, a page per destination
 * and the declared-versus-observed differences, rendered on the server from the live flow ledger.
 *
 * <p>Everything it serves comes from this jar (templates and one stylesheet; no script, no CDN),
 * and every name, path and category is HTML-escaped by the templates: paths come from traffic.
 * The Content-Security-Policy allows nothing but this origin's stylesheet, as a second wall.
 *
 * <p>Access: when the admin API requires a token, so does the dashboard. A browser signs in once
 * with an admin token on {@code /ui/login} and gets a session cookie ({@link DashboardSessions});
 * without a valid session every page answers with a redirect to the login form.
 */
public final class Dashboard {
  static final String COOKIE = "sluice_ui";
  private static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /**
   * Who may read the dashboard: the admin API's token rules.
   *
   * @param tokenRequired false when the admin API is open (no token configured): then the
   *     dashboard is open too
   * @param allows whether a token is an admin token that may read the data BOM
   */
  public record Access(boolean tokenRequired, Predicate<String> allows) {
    /** No sign-in: the admin API asks for no token. */
    public static final Access OPEN = new Access(false, token -> false);

    /** Sign-in with a token that {@code allows} accepts. */
    public static Access token(Predicate<String> allows) {
      return new Access(true, allows);
    }
  }

  /**
   * What the dashboard reads.
   *
   * @param sources source names from the config, in config order
   * @param declared the destinations and their contracts, in config order
   * @param ledger the ledger's totals and day sketches, read fresh for every page
   */
  public record Data(List<String> sources, List<DeclaredDestination> declared, Supplier<LedgerSnapshot> ledger) {}

  private final Data data;
  private final Access access;
  private final DashboardSessions sessions;
  private final Mustache overview;
  private final Mustache destination;
  private final Mustache login;
  private final Mustache message;
  private final byte[] css;

  private final Clock clock;

  private Dashboard(Data data, Access access, Clock clock) {
    this.data = data;
    this.clock = clock;
    this.access = access;
    this.sessions = new DashboardSessions(clock);
    DefaultMustacheFactory templates = new DefaultMustacheFactory("dev/sluice/server/ui");
    this.overview = templates.compile("overview.mustache");
    this.destination = templates.compile("destination.mustache");
    this.login = templates.compile("login.mustache");
    this.message = templates.compile("message.mustache");
    this.css = resource("dashboard.css");
  }

  /** Adds the dashboard's routes to the admin listener. */
  public static void register(RoutesConfig routes, Data data, Access access, Clock clock) {
    Dashboard d = new Dashboard(data, access, clock);
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
      if (access.tokenRequired() && !sessions.check(ctx.cookie(COOKIE))) {
        ctx.redirect("/ui/login", HttpStatus.SEE_OTHER);
        return;
      }
      page.handle(ctx);
    };
  }

  private void overview(Context ctx) {
    LedgerSnapshot ledger = data.ledger().get();
    Bom bom = bom(ledger);
    List<DestinationView> destinations = bom.destinations().stream().map(DestinationView::of).toList();
    Map<String, Object> model = base();
    model.put("picture", FlowPicture.of(ledger.entries()));
    model.put("destinations", destinations);
    model.put("rawFlows", bom.rawFlows());
    model.put("unseen", destinations.stream().filter(d -> !d.flows().unseenRules().isEmpty()).toList());
    model.put("counts", plural(data.sources().size(), "source") + ", " + plural(destinations.size(), "destination"));
    render(ctx, 200, overview, model);
  }

  private void destination(Context ctx) {
    String name = ctx.pathParam("name");
    Bom.DestinationFlows flows = bom(data.ledger().get()).destination(name);
    if (flows == null) {
      Map<String, Object> model = base();
      model.put("title", "No such destination");
      model.put("text", "There is no destination named \u201c" + name + "\u201d in this configuration or its ledger.");
      render(ctx, 404, message, model);
      return;
    }
    Map<String, Object> model = base();
    model.put("d", DestinationView.of(flows));
    render(ctx, 200, destination, model);
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The whole ledger (no window): the dashboard shows everything counted so far. */
  private Bom bom(LedgerSnapshot ledger) {
    Instant now = clock.instant();
    return BomBuilder.build(ledger, data.declared(), null, now, now);
  }

  private void loginForm(Context ctx) {
    headers(ctx);
    if (!access.tokenRequired() || sessions.check(ctx.cookie(COOKIE))) {
      ctx.redirect("/ui", HttpStatus.SEE_OTHER);
      return;
    }
    render(ctx, 200, login, base());
  }

  private void login(Context ctx) {
    headers(ctx);
    if (!sameOrigin(ctx)) {
      refuseCrossSite(ctx);
      return;
    }
    if (!access.tokenRequired()) {
      ctx.redirect("/ui", HttpStatus.SEE_OTHER);
      return;
    }
    String token = ctx.formParam("token");
    if (token == null || token.isBlank() || !access.allows().test(token.strip())) {
      Map<String, Object> model = base();
      model.put("error", "That token is not an admin token allowed to read the dashboard.");
      render(ctx, 401, login, model);
      return;
    }
    ctx.cookie(cookie(ctx, sessions.open(), -1));
    ctx.redirect("/ui", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    headers(ctx);
    if (!sameOrigin(ctx)) {
      refuseCrossSite(ctx);
      return;
    }
    sessions.close(ctx.cookie(COOKIE));
    ctx.cookie(cookie(ctx, "", 0));
    ctx.redirect(access.tokenRequired() ? "/ui/login" : "/ui", HttpStatus.SEE_OTHER);
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
   * A form post must come from this origin. Browsers send Origin on every POST; its absence means
   * a non-browser client, which carries no ambient cookie to abuse.
   */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    try {
      URI o = URI.create(origin);
      return o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(ctx.host());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Map<String, Object> base() {
    Map<String, Object> model = new HashMap<>();
    model.put("tokenRequired", access.tokenRequired());
    return model;
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
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
