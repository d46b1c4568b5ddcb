package dev.sluice.server.vendor.mixpanel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder.Decoded;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder.Endpoint;
import dev.sluice.core.vendor.mixpanel.MixpanelLimits;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.receive.BasicAuth;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.Cors;
import dev.sluice.server.receive.Ingest;
import dev.sluice.server.receive.Receiver;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.RequestBody;
import dev.sluice.server.receive.Sources;
import dev.sluice.server.store.OutboxFullException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mixpanel's ingestion API: {@code /track}, {@code /engage}, {@code /groups} and {@code /import}
 * (a trailing slash is the same route), GET with {@code data} in the query, POST as a form
 * ({@code data=}) or a JSON body; {@code data} base64 or plain JSON. Flags: {@code ip=1} lets the
 * connection's address geolocate events that carry none, {@code verbose=1} answers JSON.
 *
 * <p>The source is the project token the records carry ({@code properties.token}, {@code
 * $token}), else the HTTP Basic user name (Mixpanel's project-token auth for {@code /import}),
 * looked up among the sources' {@code writeKeys}. Answers are Mixpanel's: {@code 1} / {@code 0}
 * or {@code {"status":1,"error":null}}; {@code /import} answers {@code {"code":200,
 * "num_records_imported":N,"status":1}} and a 400 with {@code failed_records} when some records
 * were refused (the rest is accepted, as Mixpanel does). Errors are 4xx, which the SDKs do not
 * retry; storage trouble is a 503 with Retry-After, which they may.
 */
public final class MixpanelReceiver implements Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(MixpanelReceiver.class);
  /** base64 grows JSON by a third and a form adds a little: room for the 2 MB of JSON Mixpanel takes. */
  private static final int MAX_BODY_BYTES = MixpanelLimits.MAX_BYTES / 3 * 4 + 4096;

  private final MixpanelDecoder decoder;
  private final Sources sources;
  private final Ingest ingest;
  private final ClientAddress clientAddress;
  private final Metrics metrics;
  private final Clock clock;

  public MixpanelReceiver(MixpanelDecoder decoder, ReceiverContext ctx) {
    this.decoder = decoder;
    this.sources = ctx.sources();
    this.ingest = ctx.ingest();
    this.clientAddress = ctx.clientAddress();
    this.metrics = ctx.metrics();
    this.clock = ctx.clock();
  }

  @Override
  public void register(RoutesConfig routes) {
    for (Endpoint e : Endpoint.values()) {
      String path = "/" + e.name().toLowerCase(Locale.ROOT);
      routes.get(path, ctx -> receive(ctx, e));
      routes.post(path, ctx -> receive(ctx, e));
      routes.before(path, ctx -> Cors.answer(ctx, sources, "GET, POST, OPTIONS", "Content-Type, Content-Encoding, Authorization"));
      routes.options(path, ctx -> ctx.status(204));
    }
  }

  private void receive(Context ctx, Endpoint endpoint) throws IOException {
    Map<String, String> params = new HashMap<>();
    ctx.queryParamMap().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
    try {
      byte[] json = records(ctx, params);
      String ip = flag(params.get("ip")) ? clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")) : null;
      Decoded decoded = decoder.decode(endpoint, json, clock.instant(), ip);
      String key = decoded.token() != null ? decoded.token() : BasicAuth.user(ctx.header("Authorization"));
      if (key == null || key.isBlank()) {
        throw new BadInputException(401, "unauthorized", "missing project token: send it as properties.token ($token for profiles) or as the HTTP Basic user name");
      }
      Sources.Source source = sources.byWriteKey(key);
      if (source == null) {
        throw new BadInputException(401, "unauthorized", "unknown project token");
      }
      String origin = ctx.header("Origin");
      if (origin != null && !source.allowsOrigin(origin)) {
        throw new BadInputException(403, "origin_not_allowed", "origin " + origin + " is not allowed for source " + source.name());
      }
      if (!decoded.failed().isEmpty()) {
        metrics.rejected("invalid_event", decoded.failed().size());
      }
      if (decoded.accepted().isEmpty()) {
        var first = decoded.failed().get(0);
        String message = "no valid record; first problem at index " + first.index() + ": " + first.message();
        if (endpoint == Endpoint.IMPORT) {
          importFailure(ctx, decoded, message);
          return;
        }
        throw BadInputException.badRequest("no_valid_events", message);
      }
      ingest.accept(source.name(), decoded.accepted());
      metrics.accepted(source.name(), decoded.accepted().size());
      if (endpoint != Endpoint.IMPORT) {
        ok(ctx, params);
      } else if (!decoded.failed().isEmpty()) {
        importFailure(ctx, decoded, "some data points in the request failed validation");
      } else if ("0".equals(params.get("verbose"))) {
        ctx.status(200).contentType("text/plain").result("1"); // what mixpanel-node expects then
      } else {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", 200).put("num_records_imported", decoded.accepted().size()).put("status", 1);
        ctx.status(200).contentType("application/json").result(Json.bytes(body));
      }
    } catch (BadInputException e) {
      metrics.rejected(e.code(), 1);
      error(ctx, endpoint, params, e.status(), e.code(), e.getMessage());
    } catch (UncheckedIOException e) {
      LOG.error("outbox unavailable; answering 503", e);
      metrics.rejected("storage_unavailable", 1);
      ctx.header("Retry-After", "5");
      error(ctx, endpoint, params, 503, "storage_unavailable", "events could not be stored; retry later");
    } catch (OutboxFullException e) {
      metrics.rejected("overloaded", 1);
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      error(ctx, endpoint, params, 503, "overloaded", "outbox is full; retry after " + e.retryAfterSeconds() + " s");
    }
  }

  /**
   * The records' JSON: {@code data} from a form body or the query, else the body itself. Form
   * fields other than {@code data} ({@code ip}, {@code verbose}, ...) join {@code params}.
   */
  private static byte[] records(Context ctx, Map<String, String> params) throws IOException {
    String data = null;
    if ("POST".equals(ctx.method().name())) {
      byte[] body = RequestBody.read(null, ctx.header("Content-Encoding"), ctx.req().getInputStream(), MAX_BODY_BYTES);
      String type = String.valueOf(ctx.header("Content-Type")).toLowerCase(Locale.ROOT);
      int first = firstNonSpace(body);
      boolean json = first >= 0 && (body[first] == '{' || body[first] == '[');
      if (!json && (type.startsWith("application/x-www-form-urlencoded") || startsWith(body, "data="))) {
        params.putAll(form(new String(body, StandardCharsets.UTF_8)));
        data = params.remove("data");
      } else if (body.length > 0) {
        return checked(json ? body : MixpanelDecoder.payload(new String(body, StandardCharsets.UTF_8)));
      }
    }
    if (data == null) {
      data = params.get("data");
    }
    if (data == null) {
      throw BadInputException.badRequest("missing_data", "data is required: the records as JSON or base64-encoded JSON");
    }
    return checked(MixpanelDecoder.payload(data));
  }

  private static byte[] checked(byte[] json) {
    if (json.length > MixpanelLimits.MAX_BYTES) {
      throw new BadInputException(413, "too_large", "Mixpanel accepts at most " + MixpanelLimits.MAX_BYTES + " bytes of JSON per request");
    }
    return json;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw BadInputException.badRequest("invalid_form", "form body is not valid URL encoding");
      }
    }
    return out;
  }

  private static int firstNonSpace(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    if (b.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean flag(String v) {
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  private static void ok(Context ctx, Map<String, String> params) {
    if (flag(params.get("verbose"))) {
      ctx.status(200).contentType("application/json").result("{\"status\":1,\"error\":null}");
    } else {
      ctx.status(200).contentType("text/plain").result("1");
    }
  }

  private static void importFailure(Context ctx, Decoded d, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("code", 400).put("error", message).put("status", "Bad Request");
    body.put("num_records_imported", d.accepted().size());
    ArrayNode failed = body.putArray("failed_records");
    for (var f : d.failed()) {
      ObjectNode r = failed.addObject().put("index", f.index());
      if (f.insertId() != null) {
        r.put("$insert_id", f.insertId());
      }
      r.put("field", f.field()).put("message", f.message());
    }
    ctx.status(400).contentType("application/json").result(Json.bytes(body));
  }

  /**
   * An error as Mixpanel words it: {@code /import} always JSON with {@code code}; the others
   * {@code 0}, or with {@code verbose=1} {@code {"status":0,"error":...}}. The terse form carries
   * the reason in {@code X-Sluice-Error} so it is still readable.
   */
  private static void error(Context ctx, Endpoint endpoint, Map<String, String> params, int status, String code, String message) {
    if (endpoint == Endpoint.IMPORT) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("code", status).put("error", message).put("status", status == 503 ? "Service Unavailable" : "error");
      ctx.status(status).contentType("application/json").result(Json.bytes(body));
    } else if (flag(params.get("verbose"))) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("status", 0).put("error", code + ": " + message);
      ctx.status(status).contentType("application/json").result(Json.bytes(body));
    } else {
      ctx.header("X-Sluice-Error", code + ": " + message);
      ctx.status(status).contentType("text/plain").result("0");
    }
  }
}
