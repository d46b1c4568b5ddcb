package dev.sluice.server.vendor.posthog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.posthog.PostHogDecoder;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.Cors;
import dev.sluice.server.receive.Receiver;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.RequestBody;
import dev.sluice.server.receive.Sources;
import dev.sluice.server.receive.VendorIngest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;

/**
 * PostHog's capture endpoints: {@code /batch/} (posthog-node and the other server SDKs), {@code
 * /e/} and {@code /i/v0/e/} (posthog-js), {@code /capture/} (the documented single-event API),
 * each with or without the trailing slash ({@code /track} is Mixpanel's, so PostHog's legacy alias
 * of it is not served). The project API key ({@code
 * phc_...}) is looked up in the sources' {@code writeKeys}.
 *
 * <p>Bodies arrive as JSON, gzipped JSON (with {@code Content-Encoding: gzip}, or without it when
 * posthog-js says {@code ?compression=gzip-js}), or a form {@code data=<base64 JSON>} (older
 * posthog-js, and its GET fallback {@code ?data=}). Success is PostHog's {@code {"status":1}};
 * errors are PostHog's shape {@code {"type","code","detail","attr"}} plus Sluice's {@code
 * success:false} and {@code message}, with PostHog's statuses (400 invalid, 401 key, 413 too
 * large), which posthog-node and posthog-js treat as final.
 *
 * <p>{@code /batch} is also Amplitude's Batch API path: a body shaped like Amplitude's ({@code
 * events} and no {@code batch}) is refused here with a message pointing to {@code
 * /amplitude/batch}, never read as PostHog. PostHog's legacy {@code /track} alias is not served:
 * that path is Mixpanel's, and current PostHog SDKs never use it.
 */
public final class PostHogReceiver implements Receiver {
  private static final String[] PATHS = {"/batch", "/capture", "/e", "/i/v0/e"};
  private static final String ALLOWED_HEADERS = "Content-Type, Content-Encoding";

  private final PostHogDecoder decoder;
  private final SegmentLimits limits;
  private final ClientAddress clientAddress;
  private final Clock clock;
  private final VendorIngest ingest;
  private final Sources sources;

  public PostHogReceiver(PostHogDecoder decoder, ReceiverContext ctx) {
    this.decoder = decoder;
    this.limits = ctx.limits();
    this.clientAddress = ctx.clientAddress();
    this.clock = ctx.clock();
    this.ingest = new VendorIngest(ctx);
    this.sources = ctx.sources();
  }

  @Override
  public void register(RoutesConfig routes) {
    // Javalin ignores trailing slashes, so "/batch" also serves "/batch/".
    for (String p : PATHS) {
      routes.post(p, this::receive);
      routes.get(p, this::receive);
      routes.before(p, ctx -> Cors.answer(ctx, sources, "GET, POST, OPTIONS", ALLOWED_HEADERS));
      routes.options(p, ctx -> ctx.status(204));
    }
  }

  private void receive(Context ctx) throws IOException {
    ingest.guarded(ctx, PostHogReceiver::error, () -> {
      byte[] body = body(ctx);
      String ip = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
      String queryToken = ctx.queryParam("token") != null ? ctx.queryParam("token") : ctx.queryParam("api_key");
      Decoded decoded = decoder.decode(body, queryToken, clock.instant(), ip);
      var source = ingest.source(decoded.writeKey(), ctx.header("Origin"), "project API key (api_key or token)");
      ingest.accept(source, decoded);
      ctx.status(200).contentType("application/json").result("{\"status\":1}");
    });
  }

  /** The request's JSON, whatever PostHog transport wrapped it. */
  private byte[] body(Context ctx) throws IOException {
    int max = limits.maxBatchBytes();
    byte[] raw = RequestBody.read(null, ctx.header("Content-Encoding"), ctx.req().getInputStream(), max);
    String compression = String.valueOf(ctx.queryParam("compression")).toLowerCase(Locale.ROOT);
    if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b
        || (raw.length > 0 && (compression.equals("gzip-js") || compression.equals("gzip")))) {
      raw = RequestBody.read(null, "gzip", new ByteArrayInputStream(raw), max);
    }
    String data = null;
    String contentType = String.valueOf(ctx.header("Content-Type")).toLowerCase(Locale.ROOT);
    if (contentType.startsWith("application/x-www-form-urlencoded") || startsWith(raw, "data=")) {
      data = formField(new String(raw, StandardCharsets.UTF_8), "data");
      if (data == null) {
        throw BadInputException.badRequest("invalid_payload", "form body has no data field");
      }
    } else if (raw.length == 0 && ctx.queryParam("data") != null) {
      data = ctx.queryParam("data");
    }
    if (data != null) {
      raw = unwrapData(data);
    }
    if (raw.length == 0) {
      throw BadInputException.badRequest("empty_body", "request body is empty");
    }
    refuseAmplitude(raw);
    return raw;
  }

  /** {@code data=} holds JSON, or JSON in base64 (either alphabet; PostHog is lenient). */
  private static byte[] unwrapData(String data) {
    String d = data.strip();
    if (d.startsWith("{") || d.startsWith("[")) {
      return d.getBytes(StandardCharsets.UTF_8);
    }
    try {
      String std = d.replace('-', '+').replace('_', '/');
      return Base64.getMimeDecoder().decode(std);
    } catch (IllegalArgumentException e) {
      throw BadInputException.badRequest("invalid_payload", "data is neither JSON nor base64-encoded JSON");
    }
  }

  private static String formField(String form, String name) {
    try {
      for (String pair : form.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    } catch (IllegalArgumentException e) {
      throw BadInputException.badRequest("invalid_payload", "form body is not valid URL encoding");
    }
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

  /** Amplitude's Batch API shares the path; its body has {@code events} and no {@code batch}. */
  private static void refuseAmplitude(byte[] raw) {
    if (raw[0] != '{') {
      return;
    }
    // A cheap look at the top-level keys: a full parse happens in the decoder.
    try (var p = Json.MAPPER.getFactory().createParser(raw)) {
      p.nextToken();
      boolean events = false;
      boolean batch = false;
      String name;
      while ((name = p.nextFieldName()) != null) {
        events |= name.equals("events");
        batch |= name.equals("batch") || name.equals("event");
        p.nextToken();
        p.skipChildren();
      }
      if (events && !batch) {
        throw BadInputException.badRequest(
            "amplitude_body", "this looks like an Amplitude Batch API body (events, no batch); send it to /amplitude/batch");
      }
    } catch (IOException e) {
      // malformed: the decoder reports it with its position
    }
  }

  private static void error(Context ctx, int status, String code, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", status == 401 || status == 403 ? "authentication_error" : status >= 500 ? "server_error" : "validation_error");
    body.put("code", code);
    body.put("detail", message);
    body.putNull("attr");
    body.put("success", false);
    body.put("message", message);
    ctx.status(status).contentType("application/json").result(Json.bytes(body));
  }
}
