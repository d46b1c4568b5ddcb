package dev.sluice.core.vendor.ga4;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.Rejection;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The GA4 Measurement Protocol wire format in: one {@code /mp/collect} body to canonical events.
 *
 * <p>Body: {@code {"client_id" | "app_instance_id", "user_id", "timestamp_micros",
 * "user_properties": {name: {"value": v}}, "user_data", "consent", "events": [{"name",
 * "params", "timestamp_micros"}]}} with at most 25 events.
 *
 * <p>Mapping: every event shares the request's ids: {@code client_id} (or {@code
 * app_instance_id}) → {@code anonymousId}, {@code user_id} → {@code userId}; {@code
 * user_properties} → {@code context.traits} (values unwrapped); {@code user_data} → {@code
 * context.userData}; {@code consent} → {@code context.consent}; {@code page_view} → page (its
 * {@code page_location}, {@code page_title}, {@code page_referrer} → {@code context.page.url},
 * {@code .title}, {@code .referrer}), {@code screen_view} → screen ({@code screen_name} → name),
 * anything else → track with the event name; the other params → {@code properties}; the
 * event's, else the request's, {@code timestamp_micros} → {@code timestamp}. GA4 has no message
 * id, so each event gets a fresh {@code messageId}.
 *
 * <p>The mapped batch goes through {@link SegmentDecoder} for the common validation and caps.
 * Google's naming rules are not enforced on the way in (the canonical event allows any name;
 * the GA4 encoder enforces them on the way out); {@link #validate} reports them for the debug
 * endpoint. Pure and thread-safe.
 */
public final class Ga4Decoder {
  private final SegmentDecoder canonical;

  public Ga4Decoder(SegmentLimits limits, Supplier<String> messageIds) {
    Objects.requireNonNull(limits, "limits");
    this.canonical =
        new SegmentDecoder(
            new SegmentLimits(
                limits.maxEventBytes() * 2,
                Math.max(limits.maxBatchBytes(), Ga4Rules.MAX_BODY_BYTES) * 2,
                Math.max(limits.maxBatchEvents(), Ga4Rules.MAX_EVENTS),
                limits.maxDepth() + 2,
                limits.maxStringLength()),
            messageIds);
  }

  /** Decodes one request body (UTF-8 JSON); a request-level problem is a 400 or 413. */
  public Decoded decode(byte[] body, Instant receivedAt, String connectionIp) {
    ObjectNode root = parse(body);
    JsonNode events = root.get("events");
    if (events == null || events.isNull()) {
      throw BadInputException.badRequest("missing_field", "events is missing");
    }
    if (!events.isArray()) {
      throw BadInputException.badRequest("invalid_field", "events must be an array");
    }
    if (events.isEmpty()) {
      throw BadInputException.badRequest("empty_batch", "events is empty");
    }
    if (events.size() > Ga4Rules.MAX_EVENTS) {
      throw new BadInputException(
          413, "too_many_events", "GA4 Measurement Protocol allows at most " + Ga4Rules.MAX_EVENTS + " events per request; this one has " + events.size());
    }
    String device = deviceId(root);
    if (device == null) {
      throw BadInputException.badRequest("missing_field", "client_id (web streams) or app_instance_id (app streams) is required");
    }
    JsonNode userId = root.get("user_id");
    if (userId != null && !userId.isNull() && !userId.isTextual()) {
      throw BadInputException.badRequest("invalid_field", "user_id must be a string");
    }
    ObjectNode traits = userProperties(root.get("user_properties"));
    Long requestMicros = micros(root.get("timestamp_micros"), "timestamp_micros");

    ArrayNode mapped = Json.MAPPER.createArrayNode();
    List<Integer> origin = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>(0);
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      try {
        ObjectNode out = event(e, requestMicros);
        out.put("anonymousId", device);
        if (userId != null && userId.isTextual()) {
          out.set("userId", userId);
        }
        ObjectNode context = out.get("context") instanceof ObjectNode c ? c : out.putObject("context");
        if (traits != null) {
          context.set("traits", traits.deepCopy());
        }
        copy(root, "user_data", context, "userData");
        copy(root, "consent", context, "consent");
        mapped.add(out);
        origin.add(i);
      } catch (BadInputException r) {
        rejected.add(new Rejection(i, r.code(), r.getMessage()));
      }
    }
    if (mapped.isEmpty()) {
      return new Decoded(List.of(), rejected, null);
    }
    ObjectNode batch = Json.MAPPER.createObjectNode();
    batch.set("batch", mapped);
    Decoded d = canonical.decodeMapped(batch, receivedAt, connectionIp);
    for (Rejection r : d.rejected()) {
      rejected.add(new Rejection(origin.get(r.index()), r.code(), r.message()));
    }
    rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return new Decoded(d.accepted(), rejected, null);
  }

  /**
   * What Google's validation server ({@code /debug/mp/collect}) would say about a body: empty
   * when it is valid. Malformed JSON is reported the way Google does, as one message.
   */
  public static List<ValidationMessage> validate(byte[] body) {
    List<ValidationMessage> out = new ArrayList<>();
    ObjectNode root;
    try {
      root = parse(body);
    } catch (BadInputException e) {
      out.add(new ValidationMessage("", e.getMessage(), "VALUE_INVALID"));
      return out;
    }
    if (deviceId(root) == null) {
      out.add(new ValidationMessage("client_id", "Measurement requires a client_id.", "VALUE_REQUIRED"));
    }
    JsonNode events = root.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      out.add(new ValidationMessage("events", "Measurement requires at least one event.", "VALUE_REQUIRED"));
      return out;
    }
    if (events.size() > Ga4Rules.MAX_EVENTS) {
      out.add(new ValidationMessage("events", "Measurement has " + events.size() + " events, which exceeds the limit of " + Ga4Rules.MAX_EVENTS + ".", "EXCEEDED_MAX_ENTITIES"));
    }
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      JsonNode n = e.get("name");
      if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
        out.add(new ValidationMessage("events[" + i + "].name", "Event at index: [" + i + "] has no name.", "VALUE_REQUIRED"));
        continue;
      }
      String name = n.textValue();
      if (!Ga4Rules.wellFormed(name, Ga4Rules.MAX_NAME)) {
        out.add(new ValidationMessage("events", "Event at index: [" + i + "] has invalid name [" + name + "]. " + nameProblem(name, Ga4Rules.MAX_NAME), name.length() > Ga4Rules.MAX_NAME ? "VALUE_OUT_OF_BOUNDS" : "NAME_INVALID"));
      } else if (Ga4Rules.RESERVED_EVENT_NAMES.contains(name) || Ga4Rules.reservedPrefix(name)) {
        out.add(new ValidationMessage("events", "Event at index: [" + i + "] has name [" + name + "] which is reserved.", "NAME_RESERVED"));
      }
      if (e.get("params") instanceof ObjectNode params) {
        if (params.size() > Ga4Rules.MAX_PARAMS) {
          out.add(new ValidationMessage("events[" + i + "].params", "Event at index: [" + i + "] has " + params.size() + " params, which exceeds the limit of " + Ga4Rules.MAX_PARAMS + ".", "EXCEEDED_MAX_ENTITIES"));
        }
        for (Map.Entry<String, JsonNode> p : params.properties()) {
          String pn = p.getKey();
          String path = "events[" + i + "].params." + pn;
          if (!Ga4Rules.wellFormed(pn, Ga4Rules.MAX_NAME)) {
            out.add(new ValidationMessage(path, "Event param [" + pn + "] has invalid name. " + nameProblem(pn, Ga4Rules.MAX_NAME), pn.length() > Ga4Rules.MAX_NAME ? "VALUE_OUT_OF_BOUNDS" : "NAME_INVALID"));
          } else if (Ga4Rules.RESERVED_PARAM_NAMES.contains(pn) || Ga4Rules.reservedPrefix(pn)) {
            out.add(new ValidationMessage(path, "Event param [" + pn + "] is reserved.", "NAME_RESERVED"));
          }
          JsonNode v = p.getValue();
          if (v.isTextual() && v.textValue().length() > Ga4Rules.maxValueLength(pn)) {
            out.add(new ValidationMessage(path, "Event param [" + pn + "] has a value longer than " + Ga4Rules.maxValueLength(pn) + " characters.", "VALUE_OUT_OF_BOUNDS"));
          }
        }
      }
    }
    if (root.get("user_properties") instanceof ObjectNode up) {
      if (up.size() > Ga4Rules.MAX_USER_PROPERTIES) {
        out.add(new ValidationMessage("user_properties", "Measurement has " + up.size() + " user properties, which exceeds the limit of " + Ga4Rules.MAX_USER_PROPERTIES + ".", "EXCEEDED_MAX_ENTITIES"));
      }
      for (Map.Entry<String, JsonNode> p : up.properties()) {
        String pn = p.getKey();
        String path = "user_properties." + pn;
        if (!Ga4Rules.wellFormed(pn, Ga4Rules.MAX_USER_PROPERTY_NAME)) {
          out.add(new ValidationMessage(path, "User property [" + pn + "] has invalid name. " + nameProblem(pn, Ga4Rules.MAX_USER_PROPERTY_NAME), pn.length() > Ga4Rules.MAX_USER_PROPERTY_NAME ? "VALUE_OUT_OF_BOUNDS" : "NAME_INVALID"));
        } else if (Ga4Rules.RESERVED_USER_PROPERTY_NAMES.contains(pn) || Ga4Rules.reservedPrefix(pn)) {
          out.add(new ValidationMessage(path, "User property [" + pn + "] is reserved.", "NAME_RESERVED"));
        }
        JsonNode v = p.getValue().get("value");
        if (v != null && v.isTextual() && v.textValue().length() > Ga4Rules.MAX_USER_PROPERTY_VALUE) {
          out.add(new ValidationMessage(path, "User property [" + pn + "] has a value longer than " + Ga4Rules.MAX_USER_PROPERTY_VALUE + " characters.", "VALUE_OUT_OF_BOUNDS"));
        }
      }
    }
    return out;
  }

  private static String nameProblem(String name, int max) {
    if (name.length() > max) {
      return "Names must be at most " + max + " characters long.";
    }
    return Character.isLetter(name.charAt(0)) && name.charAt(0) < 128
        ? "Names may only contain alpha-numeric characters and underscores."
        : "Names must start with an alphabetic character.";
  }

  private static ObjectNode event(JsonNode e, Long requestMicros) {
    if (!(e instanceof ObjectNode o)) {
      throw BadInputException.badRequest("invalid_event", "event is not a JSON object");
    }
    JsonNode name = o.get("name");
    if (name == null || !name.isTextual() || name.textValue().isBlank()) {
      throw BadInputException.badRequest("missing_field", "event name is missing");
    }
    JsonNode pn = o.get("params");
    if (pn != null && !pn.isNull() && !pn.isObject()) {
      throw BadInputException.badRequest("invalid_field", "params must be an object");
    }
    ObjectNode params = pn instanceof ObjectNode p ? p : Json.MAPPER.createObjectNode();
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (name.textValue()) {
      case "page_view" -> {
        out.put("type", "page");
        ObjectNode page = Json.MAPPER.createObjectNode();
        move(params, "page_location", page, "url");
        move(params, "page_title", page, "title");
        move(params, "page_referrer", page, "referrer");
        if (!page.isEmpty()) {
          out.putObject("context").set("page", page);
        }
      }
      case "screen_view" -> {
        out.put("type", "screen");
        move(params, "screen_name", out, "name");
      }
      default -> {
        out.put("type", "track");
        out.set("event", name);
      }
    }
    Long micros = micros(o.get("timestamp_micros"), "events.timestamp_micros");
    if (micros == null) {
      micros = requestMicros;
    }
    if (micros != null) {
      out.put("timestamp", Instant.EPOCH.plusNanos(micros * 1000).toString());
    }
    if (!params.isEmpty()) {
      out.set("properties", params);
    }
    return out;
  }

  private static ObjectNode userProperties(JsonNode up) {
    if (up == null || up.isNull()) {
      return null;
    }
    if (!(up instanceof ObjectNode o)) {
      throw BadInputException.badRequest("invalid_field", "user_properties must be an object");
    }
    ObjectNode traits = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> p : o.properties()) {
      JsonNode v = p.getValue() instanceof ObjectNode w ? w.get("value") : null;
      if (v == null) {
        throw BadInputException.badRequest("invalid_field", "user_properties." + p.getKey() + " must be an object with a value");
      }
      traits.set(p.getKey(), v);
    }
    return traits;
  }

  private static Long micros(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual() && v.textValue().matches("\\d{1,18}")) {
      return Long.parseLong(v.textValue());
    }
    throw BadInputException.badRequest("invalid_field", field + " must be an integer (microseconds since the epoch)");
  }

  private static String deviceId(ObjectNode root) {
    for (String f : new String[] {"client_id", "app_instance_id"}) {
      JsonNode v = root.get(f);
      if (v != null && (v.isTextual() || v.isNumber()) && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }

  private static void move(ObjectNode from, String key, ObjectNode to, String as) {
    JsonNode v = from.remove(key);
    if (v != null && !v.isNull()) {
      to.set(as, v);
    }
  }

  private static void copy(ObjectNode from, String key, ObjectNode to, String as) {
    JsonNode v = from.get(key);
    if (v != null && !v.isNull()) {
      to.set(as, v.deepCopy());
    }
  }

  private static ObjectNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw BadInputException.badRequest("empty_body", "request body is empty");
    }
    if (body.length > Ga4Rules.MAX_BODY_BYTES) {
      throw new BadInputException(413, "too_large", "GA4 Measurement Protocol bodies must be smaller than 130 kB (" + Ga4Rules.MAX_BODY_BYTES + " bytes)");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      var l = e.getLocation();
      throw BadInputException.badRequest(
          "malformed_json", "malformed JSON" + (l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory body", e);
    }
    if (!(root instanceof ObjectNode o)) {
      throw BadInputException.badRequest("invalid_body", "request body must be a JSON object");
    }
    return o;
  }
}
