package dev.sluice.server.vendor.amplitude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.amplitude.AmplitudeDecoder;
import dev.sluice.core.vendor.amplitude.AmplitudeLimits;
import dev.sluice.server.ops.Metrics;
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
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amplitude's HTTP V2 API on {@code /2/httpapi} and its Batch API on {@code /amplitude/batch}
 * (not {@code /batch}, which PostHog's SDKs own; Amplitude SDKs take the whole URL as {@code
 * serverUrl}, so the path costs an app nothing). The source is the body's {@code api_key}, looked
 * up among the sources' {@code writeKeys}.
 *
 * <p>Answers are Amplitude's: {@code {"code":200,"events_ingested","payload_size_bytes",
 * "server_upload_time"}}; a 400 naming {@code missing_field} or the bad events' indices ({@code
 * events_with_invalid_fields}, ...), after which the SDK drops those and resends the rest; 413
 * for a body over Amplitude's limit (the SDK halves its batch). Whole-request refusals carry
 * {@code missing_field} or an {@code Invalid API key} error, the two forms Amplitude SDKs treat as
 * final, so garbage is not retried.
 */
public final class AmplitudeReceiver implements Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(AmplitudeReceiver.class);
  public static final String HTTP_API = "/2/httpapi";
  public static final String BATCH_API = "/amplitude/batch";

  private final AmplitudeDecoder decoder;
  private final Sources sources;
  private final Ingest ingest;
  private final ClientAddress clientAddress;
  private final Metrics metrics;
  private final Clock clock;

  public AmplitudeReceiver(AmplitudeDecoder decoder, ReceiverContext ctx) {
    this.decoder = decoder;
    this.sources = ctx.sources();
    this.ingest = ctx.ingest();
    this.clientAddress = ctx.clientAddress();
    this.metrics = ctx.metrics();
    this.clock = ctx.clock();
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post(HTTP_API, ctx -> receive(ctx, AmplitudeLimits.HTTP_API_MAX_BYTES));
    routes.post(BATCH_API, ctx -> receive(ctx, AmplitudeLimits.BATCH_API_MAX_BYTES));
    for (String path : new String[] {HTTP_API, BATCH_API}) {
      routes.before(path, ctx -> Cors.answer(ctx, sources, "POST, OPTIONS", "Content-Type, Content-Encoding, Accept"));
      routes.options(path, ctx -> ctx.status(204));
    }
  }

  private void receive(Context ctx, int maxBytes) throws IOException {
    try {
      byte[] body;
      try {
        body = RequestBody.read(ctx.header("Content-Type"), ctx.header("Content-Encoding"), ctx.req().getInputStream(), maxBytes);
      } catch (BadInputException e) {
        if (e.status() == 413) {
          throw new BadInputException(413, "too_large", "Payload too large: Amplitude accepts at most " + maxBytes + " bytes per request");
        }
        throw e;
      }
      Instant now = clock.instant();
      String ip = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
      AmplitudeDecoder.Decoded decoded = decoder.decode(body, now, ip);
      if (decoded.error() != null && decoded.error().has("missing_field")) {
        refuse(ctx, "missing_field", decoded.error());
        return;
      }
      Sources.Source source = sources.byWriteKey(decoded.apiKey());
      if (source == null) {
        throw new BadInputException(400, "unauthorized", "Invalid API key: no source has this key among its writeKeys");
      }
      String origin = ctx.header("Origin");
      if (origin != null && !source.allowsOrigin(origin)) {
        throw new BadInputException(403, "origin_not_allowed", "Invalid API key for this origin: source " + source.name() + " does not allow " + origin);
      }
      if (decoded.error() != null) {
        refuse(ctx, "invalid_event", decoded.error());
        return;
      }
      ingest.accept(source.name(), decoded.accepted());
      metrics.accepted(source.name(), decoded.accepted().size());
      ObjectNode ok = Json.MAPPER.createObjectNode();
      ok.put("code", 200)
          .put("events_ingested", decoded.accepted().size())
          .put("payload_size_bytes", body.length)
          .put("server_upload_time", now.toEpochMilli());
      ctx.status(200).contentType("application/json").result(Json.bytes(ok));
    } catch (BadInputException e) {
      metrics.rejected(e.code(), 1);
      ObjectNode err = Json.MAPPER.createObjectNode();
      err.put("code", e.status()).put("error", e.getMessage());
      if (e.status() == 400 && !e.code().equals("unauthorized")) {
        // the body could not be read as an upload at all: for the SDK, the events are missing
        err.put("missing_field", "events");
      }
      ctx.status(e.status()).contentType("application/json").result(Json.bytes(err));
    } catch (UncheckedIOException e) {
      LOG.error("outbox unavailable; answering 503", e);
      metrics.rejected("storage_unavailable", 1);
      unavailable(ctx, "5", "events could not be stored; retry later");
    } catch (OutboxFullException e) {
      metrics.rejected("overloaded", 1);
      unavailable(ctx, Long.toString(e.retryAfterSeconds()), "outbox is full; retry after " + e.retryAfterSeconds() + " s");
    }
  }

  private void refuse(Context ctx, String reason, ObjectNode error) {
    metrics.rejected(reason, 1);
    ctx.status(400).contentType("application/json").result(Json.bytes(error));
  }

  private static void unavailable(Context ctx, String retryAfter, String message) {
    ObjectNode err = Json.MAPPER.createObjectNode();
    err.put("code", 503).put("error", message);
    ctx.header("Retry-After", retryAfter);
    ctx.status(503).contentType("application/json").result(Json.bytes(err));
  }
}
