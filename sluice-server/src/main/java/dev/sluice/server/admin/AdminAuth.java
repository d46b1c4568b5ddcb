package dev.sluice.server.admin;

import dev.sluice.core.BadInputException;
import dev.sluice.server.config.AdminToken;
import dev.sluice.server.ops.Metrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bearer-token access to the admin API ({@code admin.tokens} in sluice.yaml). A route wrapped by
 * {@link #guard} answers 401 without a token or with one that is not configured, and 403 when the
 * token lacks the route's scope.
 *
 * <p>Presented tokens are hashed (SHA-256) and compared to every configured digest with {@link
 * java.security.MessageDigest#isEqual}, without stopping at a match, so the time taken does not
 * tell which bytes or which token matched. Tokens are never logged or echoed: errors name the
 * problem, and a token's {@code name} is what identifies it.
 *
 * <p>With no token configured the admin API is disabled: every guarded route answers 401 {@code
 * admin_disabled}, saying how to enable it.
 */
public final class AdminAuth {
  static final String REALM = "sluice-admin";
  /** Longer headers are refused before hashing; real tokens are a few dozen characters. */
  private static final int MAX_TOKEN_LENGTH = 1024;

  private final List<AdminToken> tokens;
  private final Metrics metrics;

  public AdminAuth(List<AdminToken> tokens) {
    this(tokens, null);
  }

  /** Counts refused requests in {@code sluice_admin_denied_total{code}} (a spike is someone guessing). */
  public AdminAuth(List<AdminToken> tokens, Metrics metrics) {
    this.tokens = List.copyOf(tokens);
    this.metrics = metrics;
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** {@code handler}, run only for a request bearing a configured token with {@code scope}. */
  public Handler guard(Scope scope, Handler handler) {
    return ctx -> {
      require(ctx, scope);
      handler.handle(ctx);
    };
  }

  /**
   * The token the request bears, when it has {@code scope}.
   *
   * @throws BadInputException 401 or 403, with {@code WWW-Authenticate} set on the response
   */
  public AdminToken require(Context ctx, Scope scope) {
    try {
      return check(ctx, scope);
    } catch (BadInputException e) {
      if (metrics != null) {
        metrics.adminDenied(e.code());
      }
      throw e;
    }
  }

  private AdminToken check(Context ctx, Scope scope) {
    if (tokens.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
      throw new BadInputException(
          401,
          "admin_disabled",
          "the admin API is disabled: no admin tokens are configured; add admin.tokens to sluice.yaml"
              + " (see docs/operations.md#admin-api)");
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
      throw new BadInputException(401, "unauthorized", "an admin token is required: send 'Authorization: Bearer <token>'");
    }
    String token = bearer(header);
    AdminToken match = token == null ? null : match(token);
    if (match == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
      throw new BadInputException(
          401,
          "invalid_token",
          token == null
              ? "the Authorization header must be 'Bearer <token>'"
              : "the admin token is not valid (not one of admin.tokens)");
    }
    if (!match.scopes().contains(scope)) {
      ctx.header(
          "WWW-Authenticate",
          "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"" + scope.spelling() + "\"");
      throw new BadInputException(
          403,
          "insufficient_scope",
          "admin token '" + match.name() + "' lacks the scope '" + scope.spelling() + "' this endpoint needs");
    }
    return match;
  }

  private static String bearer(String header) {
    String h = header.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = h.substring(7).strip();
    return t.isEmpty() || t.length() > MAX_TOKEN_LENGTH ? null : t;
  }

  /** The configured token equal to {@code token}; compares against all of them every time. */
  private AdminToken match(String token) {
    byte[] digest = AdminToken.sha256(token.getBytes(StandardCharsets.UTF_8));
    AdminToken found = null;
    for (AdminToken t : tokens) {
      if (t.matches(digest) && found == null) {
        found = t;
      }
    }
    return found;
  }
}
