package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.server.admin.AdminAuth;
import dev.sluice.server.admin.Scope;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The admin API of erasure on request: {@code POST /admin/erasures} with {@code {"userId": ..., "destinations": [...]}}
 * in the body (never in the URL: URLs end up in access logs) queues the deletion requests and
 * answers 202 with them ({@link #body}); {@code GET /admin/erasures/{request}} answers what the
 * audit log says of one request since. Both need an admin token with scope {@code incident}.
 */
public final class ErasureApi {
  /** Longest user id taken; ids are keys, not documents. */
  static final int MAX_USER_ID_CHARS = 1024;

  private ErasureApi() {}

  /** {@link Erasure#forget} over the running gateway's config, keys and queue. */
  public interface Forget {
    Erasure.Result forget(String userId, Set<String> destinations, String by) throws IOException;
  }

  public static void register(RoutesConfig routes, Forget forget, ErasureQueue queue, AdminAuth auth) {
    routes.post("/admin/erasures", ctx -> {
      String by = IncidentApi.by(ctx, auth);
      JsonNode req = IncidentApi.objectBody(ctx, "{\"userId\": ..., \"destinations\": [...]}");
      JsonNode id = req.get("userId");
      if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank())) {
        throw BadInputException.badRequest("missing_user_id", "userId is required");
      }
      if (!id.isTextual()) {
        throw BadInputException.badRequest("bad_user_id", "userId must be a string");
      }
      if (id.asText().length() > MAX_USER_ID_CHARS) {
        throw BadInputException.badRequest("bad_user_id", "userId is longer than " + MAX_USER_ID_CHARS + " characters");
      }
      Set<String> only = new LinkedHashSet<>();
      JsonNode dests = req.get("destinations");
      if (dests != null && !dests.isNull()) {
        if (!dests.isArray()) {
          throw BadInputException.badRequest("bad_destinations", "destinations must be a list of destination names");
        }
        for (JsonNode d : dests) {
          if (!d.isTextual()) {
            throw BadInputException.badRequest("bad_destinations", "destinations must be a list of destination names");
          }
          only.add(d.asText());
        }
      }
      Erasure.Result result;
      try {
        result = forget.forget(id.asText(), only, by);
      } catch (IllegalArgumentException e) {
        throw BadInputException.badRequest("unknown_destination", e.getMessage());
      }
      ctx.status(202).json(body(result));
    });
    routes.get("/admin/erasures/{request}", auth.guard(Scope.INCIDENT, ctx -> {
      List<JsonNode> records = queue.history(ctx.pathParam("request"));
      if (records.isEmpty()) {
        throw new BadInputException(404, "unknown_request", "no erasure request with that id in the audit log");
      }
      ObjectNode o = Json.MAPPER.createObjectNode().put("success", true).put("request", ctx.pathParam("request"));
      records.forEach(o.putArray("records")::add);
      ctx.json(o);
    }));
  }

  /** The answer of {@code POST /admin/erasures}, also what {@code sluice forget --json} prints. */
  public static ObjectNode body(Erasure.Result r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("success", true);
    o.put("request", r.request());
    ArrayNode a = o.putArray("destinations");
    for (Erasure.Request q : r.requests()) {
      ObjectNode d = a.addObject().put("vendor", q.vendor()).put("destination", q.destination())
          .put("rawIdSent", q.rawIdSent()).put("status", q.queued() ? "queued" : "by-hand").put("how", q.how());
      q.pseudonyms().forEach(d.putArray("identifiers")::add);
    }
    return o;
  }
}
