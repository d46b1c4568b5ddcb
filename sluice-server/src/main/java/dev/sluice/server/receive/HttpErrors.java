package dev.sluice.server.receive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.server.ops.ValueFreeError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: a {@link BadInputException} becomes its status and a
 * JSON body naming the problem; a {@link StageFailedException} (a stage threw on every event of
 * the request) becomes a JSON 500 naming the stage; anything else is a bug, logged with its stack
 * but without exception messages (a library's message may quote an event value) and answered
 * with a JSON 500.
 */
public final class HttpErrors {
  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  public static void register(RoutesConfig routes) {
    routes.exception(BadInputException.class, (e, ctx) -> respond(ctx, e.status(), e.code(), e.getMessage()));
    routes.exception(StageFailedException.class, (e, ctx) -> respond(ctx, 500, "internal_error", e.getMessage()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("internal error handling {} {}", ctx.method(), ctx.path(), ValueFreeError.of(e));
          respond(ctx, 500, "internal_error", "internal error; the event was not accepted, retry later");
        });
    routes.error(404, ctx -> respond(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path()));
    routes.error(405, ctx -> respond(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));
  }

  public static void respond(Context ctx, int status, String code, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("success", false);
    body.put("code", code);
    body.put("message", message);
    ctx.status(status).contentType("application/json").result(Json.bytes(body));
  }
}
