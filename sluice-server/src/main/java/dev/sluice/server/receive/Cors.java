package dev.sluice.server.receive;

import io.javalin.http.Context;

/**
 * CORS for browser SDKs: answered for origins some source allows (a preflight carries no key, so
 * that is all we know); the per-source check follows auth in each receiver.
 *
 * <p>Credentials are allowed because mixpanel-browser sends its XHRs {@code withCredentials}, and
 * a browser hides the answer of such a request without {@code Access-Control-Allow-Credentials:
 * true}: the events would be stored while the SDK saw a failure and sent them again. The ingest
 * port reads no cookies, so allowing them grants a page nothing.
 */
public final class Cors {
  private Cors() {}

  public static void answer(Context ctx, Sources sources, String methods, String allowedHeaders) {
    String origin = ctx.header("Origin");
    if (origin == null || !sources.someSourceAllows(origin)) {
      return;
    }
    ctx.header("Access-Control-Allow-Origin", origin);
    ctx.header("Vary", "Origin");
    ctx.header("Access-Control-Allow-Credentials", "true");
    if ("OPTIONS".equals(ctx.method().name())) {
      ctx.header("Access-Control-Allow-Methods", methods);
      ctx.header("Access-Control-Allow-Headers", allowedHeaders);
      ctx.header("Access-Control-Max-Age", "86400");
    }
  }
}
