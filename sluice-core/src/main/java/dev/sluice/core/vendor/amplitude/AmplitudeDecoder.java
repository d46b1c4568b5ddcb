package dev.sluice.core.vendor.amplitude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.VendorJson;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Amplitude's HTTP V2 ({@code /2/httpapi}) and Batch ({@code /batch}) upload bodies in: {@code
 * {"api_key", "events": [...], "options": {"min_id_length"}}} to canonical (Segment Spec) events.
 *
 * <p>{@code event_type} → {@code track} {@code event}, except {@code $identify} → {@code identify}
 * (traits from {@code user_properties}: {@code $set}, {@code $setOnce}, plain keys; {@code
 * $unset} → null) and {@code $groupidentify} → {@code group} ({@code groups} → {@code groupId} and
 * {@code traits.$group_key}, traits from {@code group_properties}). {@code user_id} → {@code
 * userId}, {@code device_id} → {@code anonymousId}, {@code insert_id} → {@code messageId}, {@code
 * time} (ms) → {@code timestamp}, {@code event_properties} → {@code properties}; device, OS and
 * location fields per {@link AmplitudeFields}; any other field to {@code context.amplitude}.
 *
 * <p>Like Amplitude, a request with any invalid event ingests nothing: the answer lists the
 * indices per problem ({@code events_with_invalid_fields}, {@code events_with_missing_fields},
 * {@code events_with_invalid_id_lengths}) and the SDK resends the rest. Pure and thread-safe.
 */
public final class AmplitudeDecoder {
  /**
   * The outcome: the events and the api key, or (events empty) {@code error}, Amplitude's 400
   * body naming what is wrong.
   */
  public record Decoded(List<Event> accepted, String apiKey, ObjectNode error) {}

  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

  private final VendorJson json;
  private final Supplier<String> messageIds;

  public AmplitudeDecoder(SegmentLimits limits, Supplier<String> messageIds) {
    this.json = new VendorJson(limits);
    this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
  }

  /**
   * Decodes one upload.
   *
   * @param ip the client's address, used for events without {@code ip} (Amplitude geolocates
   *     from the request's address the same way)
   * @throws BadInputException for a body that is not JSON (400) or holds too many events (413)
   */
  public Decoded decode(byte[] body, Instant receivedAt, String ip) {
    JsonNode root = json.read(body);
    if (!root.isObject()) {
      return new Decoded(List.of(), null, missing("events", "Request body must be a JSON object"));
    }
    JsonNode key = root.get("api_key");
    if (key == null || !key.isTextual() || key.textValue().isBlank()) {
      return new Decoded(List.of(), null, missing("api_key", "Request missing required field"));
    }
    JsonNode events = root.get("events");
    if (events == null || !events.isArray()) {
      return new Decoded(List.of(), key.textValue(), missing("events", "Request missing required field"));
    }
    if (events.size() > AmplitudeLimits.MAX_EVENTS) {
      throw new BadInputException(
          413, "too_large", "Payload too large: Amplitude accepts at most " + AmplitudeLimits.MAX_EVENTS + " events per request");
    }
    int minIdLength = AmplitudeLimits.DEFAULT_MIN_ID_LENGTH;
    JsonNode min = root.path("options").get("min_id_length");
    if (min != null && !min.isNull()) {
      if (!min.canConvertToInt() || min.intValue() < 1) {
        return new Decoded(List.of(), key.textValue(), invalidRequest("options.min_id_length must be a positive integer"));
      }
      minIdLength = min.intValue();
    }
    Problems problems = new Problems();
    List<Event> accepted = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = event(events.get(i), i, minIdLength, receivedAt, ip, problems);
      if (e != null) {
        accepted.add(e);
      }
    }
    if (!problems.isEmpty()) {
      return new Decoded(List.of(), key.textValue(), problems.body());
    }
    return new Decoded(accepted, key.textValue(), null);
  }

  private Event event(JsonNode n, int i, int minIdLength, Instant receivedAt, String ip, Problems problems) {
    if (!(n instanceof ObjectNode a)) {
      problems.invalid("event", i);
      return null;
    }
    int before = problems.count;
    JsonNode eventType = a.get("event_type");
    if (eventType == null || eventType.isNull()) {
      problems.missing("event_type", i);
    } else if (!eventType.isTextual() || eventType.textValue().isBlank()) {
      problems.invalid("event_type", i);
    }
    String userId = id(a, "user_id", i, minIdLength, problems);
    String deviceId = id(a, "device_id", i, minIdLength, problems);
    if (userId == null && deviceId == null && !a.has("user_id") && !a.has("device_id")) {
      problems.missing("user_id", i);
    }
    JsonNode time = a.get("time");
    if (time != null && !time.isNull() && (!time.canConvertToLong() || time.longValue() < 0)) {
      problems.invalid("time", i);
    }
    for (String f : new String[] {"event_properties", "user_properties", "groups", "group_properties"}) {
      JsonNode v = a.get(f);
      if (v != null && !v.isNull() && !v.isObject()) {
        problems.invalid(f, i);
      }
    }
    JsonNode insertId = a.get("insert_id");
    if (insertId != null && !insertId.isNull() && !insertId.isTextual()) {
      problems.invalid("insert_id", i);
    }
    if (problems.count > before) {
      return null;
    }

    String type = eventType.textValue();
    EventType canonical =
        switch (type) {
          case "$identify" -> EventType.IDENTIFY;
          case "$groupidentify" -> EventType.GROUP;
          default -> EventType.TRACK;
        };
    ObjectNode out = NODES.objectNode();
    out.put("type", canonical.wireName());
    String messageId = insertId != null && insertId.isTextual() && !insertId.textValue().isBlank() ? insertId.textValue() : messageIds.get();
    out.put("messageId", messageId);
    if (canonical == EventType.TRACK) {
      out.put("event", type);
    }
    if (userId != null) {
      out.put("userId", userId);
    }
    if (deviceId != null) {
      out.put("anonymousId", deviceId);
    }
    ObjectNode context = NODES.objectNode();
    ObjectNode aside = NODES.objectNode();
    for (Map.Entry<String, JsonNode> f : a.properties()) {
      if (!AmplitudeFields.ENVELOPE.contains(f.getKey()) && !f.getValue().isNull()) {
        aside.set(f.getKey(), f.getValue());
      }
    }
    for (AmplitudeFields.Mapping m : AmplitudeFields.CONTEXT) {
      JsonNode v = aside.remove(m.field());
      if (v != null) {
        AmplitudeFields.put(context, m.contextPath(), v);
      }
    }
    if (!context.has("ip") && ip != null) {
      context.put("ip", ip);
    }
    JsonNode props = a.get("event_properties");
    if (props instanceof ObjectNode p && !p.isEmpty()) {
      out.set("properties", p);
    }
    JsonNode userProps = a.get("user_properties");
    switch (canonical) {
      case IDENTIFY -> {
        ObjectNode traits = traits(userProps);
        if (traits == null) {
          problems.invalid("user_properties", i);
          return null;
        }
        out.set("traits", traits);
      }
      case GROUP -> {
        JsonNode groups = a.get("groups");
        if (!(groups instanceof ObjectNode g) || g.size() != 1 || !g.properties().iterator().next().getValue().isTextual()) {
          problems.invalid("groups", i);
          return null;
        }
        Map.Entry<String, JsonNode> group = g.properties().iterator().next();
        ObjectNode traits = traits(a.get("group_properties"));
        if (traits == null) {
          problems.invalid("group_properties", i);
          return null;
        }
        traits.put("$group_key", group.getKey());
        out.put("groupId", group.getValue().textValue());
        out.set("traits", traits);
      }
      default -> {
        if (userProps instanceof ObjectNode u && !u.isEmpty()) {
          aside.set("user_properties", u);
        }
        for (String f : new String[] {"groups", "group_properties"}) {
          JsonNode v = a.get(f);
          if (v instanceof ObjectNode o && !o.isEmpty()) {
            aside.set(f, o);
          }
        }
      }
    }
    if (!aside.isEmpty()) {
      context.set(AmplitudeFields.ASIDE, aside);
    }
    if (!context.isEmpty()) {
      out.set("context", context);
    }
    Instant ts = time == null || time.isNull() ? null : Instant.ofEpochMilli(time.longValue());
    out.put("timestamp", VendorJson.iso(ts != null ? ts : receivedAt));
    if (ts != null) {
      out.put("originalTimestamp", VendorJson.iso(ts));
    }
    out.put("receivedAt", VendorJson.iso(receivedAt));
    return new Event(canonical, messageId, out);
  }

  /**
   * User or group property operations as traits: {@code $set}, {@code $setOnce} ({@code $set}
   * wins) and plain keys are values, {@code $unset} is null. Null for operations a Segment trait
   * cannot say ({@code $add}, {@code $append}, {@code $prepend}, {@code $remove}, {@code
   * $preInsert}, {@code $postInsert}, {@code $clearAll}).
   */
  private static ObjectNode traits(JsonNode ops) {
    ObjectNode traits = NODES.objectNode();
    if (ops == null || ops.isNull()) {
      return traits;
    }
    if (!(ops instanceof ObjectNode o)) {
      return null;
    }
    JsonNode once = null;
    for (Map.Entry<String, JsonNode> f : o.properties()) {
      String k = f.getKey();
      JsonNode v = f.getValue();
      if (!k.startsWith("$")) {
        traits.set(k, v);
        continue;
      }
      switch (k) {
        case "$set" -> {
          if (!(v instanceof ObjectNode s)) {
            return null;
          }
          s.properties().forEach(e -> traits.set(e.getKey(), e.getValue()));
        }
        case "$setOnce" -> {
          if (!v.isObject()) {
            return null;
          }
          once = v;
        }
        case "$unset" -> {
          if (!(v instanceof ObjectNode s)) {
            return null;
          }
          s.properties().forEach(e -> traits.putNull(e.getKey()));
        }
        default -> {
          return null;
        }
      }
    }
    if (once != null) {
      once.properties().forEach(e -> {
        if (!traits.has(e.getKey())) {
          traits.set(e.getKey(), e.getValue());
        }
      });
    }
    return traits;
  }

  /** A user or device id: string (or integer, as its text), at least {@code min} characters. */
  private static String id(ObjectNode a, String field, int i, int min, Problems problems) {
    JsonNode v = a.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.isTextual() ? v.textValue() : v.isIntegralNumber() ? v.bigIntegerValue().toString() : null;
    if (s == null) {
      problems.invalid(field, i);
      return null;
    }
    if (s.length() < min) {
      problems.idLength(field, i);
      return null;
    }
    return s;
  }

  private static ObjectNode missing(String field, String error) {
    ObjectNode b = NODES.objectNode();
    b.put("code", 400);
    b.put("error", error);
    b.put("missing_field", field);
    return b;
  }

  private static ObjectNode invalidRequest(String error) {
    ObjectNode b = NODES.objectNode();
    b.put("code", 400);
    b.put("error", error);
    return b;
  }

  /** Event indices per problem and field, in Amplitude's response shape. */
  private static final class Problems {
    final Map<String, List<Integer>> invalid = new TreeMap<>();
    final Map<String, List<Integer>> missing = new TreeMap<>();
    final Map<String, List<Integer>> idLengths = new TreeMap<>();
    int count;

    void invalid(String field, int i) {
      add(invalid, field, i);
    }

    void missing(String field, int i) {
      add(missing, field, i);
    }

    void idLength(String field, int i) {
      add(idLengths, field, i);
    }

    private void add(Map<String, List<Integer>> m, String field, int i) {
      m.computeIfAbsent(field, k -> new ArrayList<>()).add(i);
      count++;
    }

    boolean isEmpty() {
      return count == 0;
    }

    ObjectNode body() {
      ObjectNode b = invalidRequest("Invalid field values on some events");
      put(b, "events_with_invalid_fields", invalid);
      put(b, "events_with_missing_fields", missing);
      put(b, "events_with_invalid_id_lengths", idLengths);
      return b;
    }

    private static void put(ObjectNode b, String name, Map<String, List<Integer>> m) {
      if (!m.isEmpty()) {
        ObjectNode o = b.putObject(name);
        m.forEach((f, idx) -> {
          ArrayNode arr = o.putArray(f);
          idx.forEach(arr::add);
        });
      }
    }
  }
}
