package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.server.admin.AdminAuth;
import dev.sluice.server.admin.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The admin API of incident mode: {@code POST /admin/incidents} opens one ({@code {"vendor",
 * "reason", "discardQueue", "awareAt"}}) and answers 201 with the impact report; {@code POST
 * /admin/incidents/{vendor}/close} closes it. Both need an admin token with scope {@code
 * incident}. Errors are the usual JSON 4xx.
 */
public final class IncidentApi {
  private IncidentApi() {}

  /** Both routes need a token with scope {@code incident}. */
  public static void register(RoutesConfig routes, Incidents incidents, AdminAuth auth) {
    routes.post("/admin/incidents", ctx -> open(ctx, incidents, by(ctx, auth)));
    routes.post("/admin/incidents/{vendor}/close", ctx -> {
      Incidents.Result r = incidents.close(ctx.pathParam("vendor"), by(ctx, auth));
      ctx.json(body(r));
    });
  }

  /** The audit log's actor of a request with scope {@code incident}: its token's name (401/403 otherwise). */
  static String by(Context ctx, AdminAuth auth) {
    return Incidents.byToken(auth.require(ctx, Scope.INCIDENT).name());
  }

  /** The request body as a JSON object, else a 400 {@code malformed_json} showing {@code shape}. */
  static JsonNode objectBody(Context ctx, String shape) {
    JsonNode req;
    try {
      req = Json.MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw BadInputException.badRequest("malformed_json", "the body is not valid JSON");
    }
    if (req == null || !req.isObject()) {
      throw BadInputException.badRequest("malformed_json", "expected a JSON object " + shape);
    }
    return req;
  }

  private static void open(Context ctx, Incidents incidents, String by) throws IOException {
    JsonNode req = objectBody(ctx, "{vendor, reason, discardQueue, awareAt}");
    String vendor = text(req, "vendor");
    if (vendor == null) {
      throw BadInputException.badRequest("missing_vendor", "vendor is required");
    }
    JsonNode discard = req.get("discardQueue");
    if (discard != null && !discard.isBoolean()) {
      throw BadInputException.badRequest("bad_discard_queue", "discardQueue must be true or false");
    }
    Instant aware = null;
    String awareText = text(req, "awareAt");
    if (awareText != null) {
      try {
        aware = Instant.parse(awareText);
      } catch (DateTimeParseException e) {
        throw BadInputException.badRequest("bad_aware_at", "awareAt must be an ISO-8601 instant such as 2026-11-25T18:00:00Z");
      }
    }
    Incidents.Result r = incidents.open(vendor, text(req, "reason"), discard != null && discard.asBoolean(), aware, by);
    ctx.status(201).json(body(r));
  }

  private static String text(JsonNode req, String field) {
    JsonNode n = req.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw BadInputException.badRequest("bad_" + field, field + " must be a string");
    }
    return n.asText();
  }

  static ObjectNode body(Incidents.Result r) throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("success", true);
    o.put("incident", r.id());
    o.put("vendor", r.vendor());
    o.put("status", r.status());
    r.destinations().forEach(o.putArray("destinations")::add);
    if (r.report() != null) {
      o.set("report", Json.MAPPER.readTree(r.report().json()));
      o.put("reportMarkdown", r.reportMarkdown().toString());
      o.put("reportJson", r.reportJson().toString());
    }
    return o;
  }
}
