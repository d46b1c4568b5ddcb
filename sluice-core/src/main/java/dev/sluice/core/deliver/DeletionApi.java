package dev.sluice.core.deliver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A vendor's API for erasing a person on request ({@code sluice forget}): one request asks the
 * vendor to delete everything it holds under the ids it names. Built by a {@link DestinationType}
 * from the destination's {@code deletion:} options (credentials other than ingestion's); the
 * erasure queue sends it with the same retries as deliveries.
 */
public interface DeletionApi {
  /** Most ids one request may name (the vendor's documented limit). */
  int maxIds();

  /** The request deleting {@code ids}, at least one and at most {@link #maxIds()}. */
  VendorRequest request(List<String> ids);

  /** Where the requests go, for the operator, e.g. "Mixpanel GDPR API (https://eu.mixpanel.com)". */
  String describe();

  /**
   * The usual reading of the answer ({@link DeliveryOutcome#fromStatus}), with the vendor's own
   * message kept in a refusal so the operator sees why (bad credentials, unknown project).
   */
  default DeliveryOutcome interpret(VendorResponse response, Instant now) {
    DeliveryOutcome o = DeliveryOutcome.fromStatus(response, now);
    if (o instanceof DeliveryOutcome.Rejected r) {
      String message = vendorMessage(response.body());
      return message.isEmpty() ? r : new DeliveryOutcome.Rejected(r.reason() + ": " + message);
    }
    return o;
  }

  /** Longest vendor message kept: enough for "invalid project token", not a whole error page. */
  int MAX_MESSAGE_CHARS = 200;

  /**
   * The human part of a vendor's error body: the first of {@code error}, {@code message}, {@code
   * detail} when it is JSON (Mixpanel, Amplitude and PostHog all use one of them), else the text.
   */
  static String vendorMessage(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n != null && n.isObject()) {
        for (String field : List.of("error", "message", "detail")) {
          if (n.path(field).isTextual()) {
            text = n.get(field).asText();
            break;
          }
        }
      }
    } catch (IOException e) {
      // not JSON: keep the text
    }
    text = text.replaceAll("\\s+", " ");
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
  }
}
