package dev.sluice.server.vendor.segment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.receive.BasicAuth;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.Cors;
import dev.sluice.server.receive.HttpErrors;
import dev.sluice.server.receive.Ingest;
import dev.sluice.server.receive.Receiver;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.RequestBody;
import dev.sluice.server.receive.Sources;
import dev.sluice.server.store.OutboxFullException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/**
 * The Segment HTTP Tracking API: {@code /v1/track|identify|page|screen|group|alias}, their
 * analytics.js short forms {@code /v1/t|i|p|s|g|a}, and {@code /v1/batch}, {@code /v1/b}, {@code
 * /v1/import}. Auth is the write key as HTTP Basic user name or {@code writeKey} in the body.
 */
public final class SegmentReceiver implements Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentReceiver.class);
  private static final String ALLOWED_HEADERS = "Content-Type, Content-Encoding, Authorization";

  private final SegmentDecoder decoder;
  private final SegmentLimits limits;
  private final Sources sources;
  private final Ingest ingest;
  private final ClientAddress clientAddress;
  private final Metrics metrics;
  private final Clock clock;

  public SegmentReceiver(SegmentDecoder decoder, ReceiverContext ctx) {
    this.decoder = decoder;
    this.limits = ctx.limits();
    this.sources = ctx.sources();
    this.ingest = ctx.ingest();
    this.clientAddress = ctx.clientAddress();
    this.metrics = ctx.metrics();
    this.clock = ctx.clock();
  }

  @Override
  public void register(RoutesConfig routes) {
    for (EventType t : EventType.values()) {
      routes.post("/v1/" + t.wireName(), handler(t));
      routes.post("/v1/" + t.shortName(), handler(t));
    }
    for (String batch : new String[] {"/v1/batch", "/v1/b", "/v1/import"}) {
      routes.post(batch, handler(null));
    }
    routes.before("/v1/*", this::cors);
    routes.options("/v1/*", ctx -> ctx.status(204));
  }

  private Handler handler(EventType pathType) {
    return ctx -> receive(ctx, pathType);
  }

  private void cors(Context ctx) {
    Cors.answer(ctx, sources, "POST, OPTIONS", ALLOWED_HEADERS);
  }

  private void receive(Context ctx, EventType pathType) throws IOException {
    try {
      String basicKey = BasicAuth.user(ctx.header("Authorization"));
      int cap = pathType == null ? limits.maxBatchBytes() : limits.maxEventBytes();
      byte[] body =
          RequestBody.read(
              ctx.header("Content-Type"), ctx.header("Content-Encoding"), ctx.req().getInputStream(), cap);
      String ip = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
      Decoded decoded = decoder.decode(pathType, body, clock.instant(), ip);
      String key = basicKey != null ? basicKey : decoded.writeKey();
      if (key == null || key.isEmpty()) {
        throw new BadInputException(401, "unauthorized", "missing write key: send it as the HTTP Basic user name or as writeKey in the body");
      }
      Sources.Source source = sources.byWriteKey(key);
      if (source == null) {
        throw new BadInputException(401, "unauthorized", "unknown write key");
      }
      String origin = ctx.header("Origin");
      if (origin != null && !source.allowsOrigin(origin)) {
        throw new BadInputException(403, "origin_not_allowed", "origin " + origin + " is not allowed for source " + source.name());
      }
      if (decoded.accepted().isEmpty()) {
        metrics.rejected("invalid_event", decoded.rejected().size());
        throw new BadInputException(400, "no_valid_events", rejectionSummary(decoded));
      }
      ingest.accept(source.name(), decoded.accepted());
      metrics.accepted(source.name(), decoded.accepted().size());
      if (!decoded.rejected().isEmpty()) {
        metrics.rejected("invalid_event", decoded.rejected().size());
      }
      ctx.status(200).contentType("application/json").result(Json.bytes(success(decoded)));
    } catch (BadInputException e) {
      metrics.rejected(e.code(), 1);
      throw e;
    } catch (UncheckedIOException e) {
      // Storage failed: not acknowledged, and the SDK should try again later (5xx is retried).
      LOG.error("outbox unavailable; answering 503", e);
      metrics.rejected("storage_unavailable", 1);
      ctx.header("Retry-After", "5");
      HttpErrors.respond(ctx, 503, "storage_unavailable", "events could not be stored; retry later");
    } catch (OutboxFullException e) {
      metrics.rejected("overloaded", 1);
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      HttpErrors.respond(ctx, 503, "overloaded", "outbox is full; retry after " + e.retryAfterSeconds() + " s");
    }
  }

  private static String rejectionSummary(Decoded d) {
    var first = d.rejected().get(0);
    return d.rejected().size() == 1 && first.index() < 0
        ? first.message()
        : "no event in the batch is valid; first problem at index " + first.index() + ": " + first.message();
  }

  private static ObjectNode success(Decoded d) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("success", true);
    if (!d.rejected().isEmpty()) {
      ArrayNode rej = out.putArray("rejected");
      for (var r : d.rejected()) {
        rej.addObject().put("index", r.index()).put("code", r.code()).put("message", r.message());
      }
    }
    return out;
  }
}
