package dev.sluice.server.vendor.ga4;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.ga4.Ga4Decoder;
import dev.sluice.core.vendor.ga4.Ga4Rules;
import dev.sluice.core.vendor.ga4.ValidationMessage;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.HttpErrors;
import dev.sluice.server.receive.Receiver;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.RequestBody;
import dev.sluice.server.receive.VendorIngest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The GA4 Measurement Protocol: {@code POST /mp/collect} and the validation server {@code POST
 * /debug/mp/collect}, with {@code measurement_id} (web streams) or {@code firebase_app_id} (app
 * streams) and {@code api_secret} in the query. A source claims a stream by listing {@code
 * "<measurement_id or firebase_app_id>:<api_secret>"} in its {@code writeKeys}.
 *
 * <p>Google answers {@code /mp/collect} with 204 and no body, even for garbage. Sluice answers
 * 204 for what it accepted, but a request it cannot take (no or unknown secret, malformed JSON,
 * more than 25 events, no client_id) gets a 4xx with Sluice's JSON error: Measurement Protocol
 * callers are server code that does not retry 4xx, and a silent 2xx would hide the mistake.
 *
 * <p>{@code /debug/mp/collect} answers like Google's validation server: 200 with {@code
 * {"validationMessages":[{"fieldPath","description","validationCode"}]}}, and, like Google's,
 * neither checks the secret nor forwards anything.
 */
public final class Ga4Receiver implements Receiver {
  private final Ga4Decoder decoder;
  private final ClientAddress clientAddress;
  private final Clock clock;
  private final VendorIngest ingest;

  public Ga4Receiver(Ga4Decoder decoder, ReceiverContext ctx) {
    this.decoder = decoder;
    this.clientAddress = ctx.clientAddress();
    this.clock = ctx.clock();
    this.ingest = new VendorIngest(ctx);
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.post("/mp/collect", this::collect);
    routes.post("/debug/mp/collect", this::debug);
  }

  private void collect(Context ctx) throws IOException {
    ingest.guarded(ctx, HttpErrors::respond, () -> {
      String stream = stream(ctx);
      String secret = ctx.queryParam("api_secret");
      if (stream == null || secret == null || secret.isEmpty()) {
        throw new BadInputException(401, "unauthorized", "measurement_id (or firebase_app_id) and api_secret are required in the query string");
      }
      var source = ingest.source(stream + ":" + secret, ctx.header("Origin"), "measurement_id:api_secret pair");
      byte[] body = body(ctx);
      String ip = clientAddress.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
      Decoded decoded = decoder.decode(body, clock.instant(), ip);
      ingest.accept(source, decoded);
      ctx.status(204);
    });
  }

  private void debug(Context ctx) throws IOException {
    ingest.guarded(ctx, HttpErrors::respond, () -> {
      List<ValidationMessage> messages = Ga4Decoder.validate(body(ctx));
      ObjectNode out = Json.MAPPER.createObjectNode();
      ArrayNode list = out.putArray("validationMessages");
      for (ValidationMessage m : messages) {
        list.addObject().put("fieldPath", m.fieldPath()).put("description", m.description()).put("validationCode", m.validationCode());
      }
      ctx.status(200).contentType("application/json").result(Json.bytes(out));
    });
  }

  private static String stream(Context ctx) {
    String m = ctx.queryParam("measurement_id");
    if (m == null || m.isEmpty()) {
      m = ctx.queryParam("firebase_app_id");
    }
    return m == null || m.isEmpty() ? null : m;
  }

  private static byte[] body(Context ctx) throws IOException {
    try {
      return RequestBody.read(ctx.header("Content-Type"), ctx.header("Content-Encoding"), ctx.req().getInputStream(), Ga4Rules.MAX_BODY_BYTES);
    } catch (BadInputException e) {
      if (e.status() == 413) {
        throw new BadInputException(413, "too_large", "GA4 Measurement Protocol bodies must be smaller than 130 kB (" + Ga4Rules.MAX_BODY_BYTES + " bytes)");
      }
      throw e;
    }
  }
}
