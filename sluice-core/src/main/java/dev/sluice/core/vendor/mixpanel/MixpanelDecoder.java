package dev.sluice.core.vendor.mixpanel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.VendorJson;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Mixpanel ingestion API in: the {@code data} of {@code /track}, {@code /import}, {@code
 * /engage} and {@code /groups} to canonical (Segment Spec) events.
 *
 * <ul>
 *   <li>{@code /track}, {@code /import}: {@code {"event", "properties": {token, distinct_id,
 *       $user_id, $device_id, time, $insert_id, ...}}} → {@code track}. {@code $user_id} (or a
 *       {@code distinct_id} that is not {@code $device:...}) → {@code userId}; {@code $device_id}
 *       (or the id after {@code $device:}) → {@code anonymousId}; {@code $insert_id} → {@code
 *       messageId}; {@code time} in seconds or milliseconds → {@code timestamp}; {@code mp_lib},
 *       {@code $lib_version} → {@code context.library}; {@code ip} → {@code context.ip}; the rest
 *       → {@code properties}.
 *   <li>{@code /engage}: {@code $set}, {@code $set_once}, {@code $union} → {@code identify}
 *       traits ({@code $set} wins over {@code $set_once}; a union becomes the listed values),
 *       {@code $unset} → the traits set to null. {@code $add}, {@code $append}, {@code $remove}
 *       and {@code $delete} have no Segment equivalent: such an update is refused by name.
 *   <li>{@code /groups}: the same operations → a {@code group} event, {@code $group_id} → {@code
 *       groupId}, {@code $group_key} → {@code traits.$group_key}.
 * </ul>
 *
 * <p>A request is one object or an array of them (at most {@value MixpanelLimits#MAX_EVENTS}).
 * Problems with the whole request are a {@link BadInputException}; problems with one record are a
 * {@link Failure} and the rest is accepted, as {@code /import} does. Messages name fields, never
 * values. Pure and thread-safe.
 */
public final class MixpanelDecoder {
  /** The endpoint a request arrived on. */
  public enum Endpoint {
    TRACK,
    IMPORT,
    ENGAGE,
    GROUPS
  }

  /** One record refused; {@code insertId} is the record's {@code $insert_id} or null. */
  public record Failure(int index, String insertId, String field, String message) {}

  /**
   * The accepted events (request order), the refused records, and the project token the
   * records carry (null when none does: then only the {@code Authorization} header names it).
   */
  public record Decoded(List<Event> accepted, List<Failure> failed, String token) {}

  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
  /** Mixpanel sends seconds; values above this are milliseconds (year 5138 in seconds). */
  private static final double MILLIS_THRESHOLD = 1e11;
  /** 9999-12-31T23:59:59.999Z: later times cannot be written as the canonical timestamp. */
  private static final long LAST_MILLIS = 253_402_300_799_999L;

  private final VendorJson json;
  private final Supplier<String> messageIds;

  public MixpanelDecoder(SegmentLimits limits, Supplier<String> messageIds) {
    this.json = new VendorJson(limits);
    this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
  }

  /**
   * The JSON text of a {@code data} parameter: Mixpanel SDKs send base64 (mixpanel-node,
   * older mixpanel-browser) or plain JSON (newer mixpanel-browser). A form post that did not
   * URL-encode the base64 turns {@code +} into a space; that is undone.
   *
   * @throws BadInputException 400 {@code invalid_data} when it is neither
   */
  public static byte[] payload(String data) {
    String s = data.strip();
    if (s.isEmpty()) {
      throw BadInputException.badRequest("missing_data", "data is empty");
    }
    if (s.charAt(0) == '{' || s.charAt(0) == '[') {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    try {
      String b64 = s.replace(' ', '+').replace("\r", "").replace("\n", "");
      return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(b64)
          : Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw BadInputException.badRequest("invalid_data", "data is neither JSON nor base64-encoded JSON");
    }
  }

  /**
   * Decodes one request's records.
   *
   * @param json the records as JSON (see {@link #payload}): an object or an array of objects
   * @param receivedAt when the request arrived; the timestamp of records without a time
   * @param ip the client address to geolocate from ({@code ip=1}), or null ({@code ip=0})
   */
  public Decoded decode(Endpoint endpoint, byte[] json, Instant receivedAt, String ip) {
    JsonNode root = this.json.read(json);
    List<JsonNode> records = new ArrayList<>();
    if (root.isArray()) {
      if (root.size() > MixpanelLimits.MAX_EVENTS) {
        throw new BadInputException(
            413, "too_many_events", "Mixpanel accepts at most " + MixpanelLimits.MAX_EVENTS + " records per request");
      }
      root.forEach(records::add);
    } else if (root.isObject()) {
      records.add(root);
    } else {
      throw BadInputException.badRequest("invalid_data", "data must be a JSON object or an array of objects");
    }
    List<Event> accepted = new ArrayList<>(records.size());
    List<Failure> failed = new ArrayList<>(0);
    String token = null;
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      if (!(r instanceof ObjectNode o)) {
        failed.add(new Failure(i, null, "", "record is not a JSON object"));
        continue;
      }
      String insertId = null;
      try {
        String recordToken;
        Event e;
        if (endpoint == Endpoint.TRACK || endpoint == Endpoint.IMPORT) {
          ObjectNode props = object(o, "properties");
          insertId = optionalText(props, "$insert_id");
          recordToken = optionalText(props, "token");
          e = event(endpoint, o, props, receivedAt, ip);
        } else {
          recordToken = optionalText(o, "$token");
          e = endpoint == Endpoint.ENGAGE ? profile(o, receivedAt, ip) : group(o, receivedAt);
        }
        if (recordToken != null) {
          if (token == null) {
            token = recordToken;
          } else if (!token.equals(recordToken)) {
            throw BadInputException.badRequest(
                "conflicting_tokens", "record " + i + " carries a different project token than an earlier record");
          }
        }
        accepted.add(e);
      } catch (Invalid x) {
        failed.add(new Failure(i, insertId, x.field, x.getMessage()));
      }
    }
    return new Decoded(accepted, failed, token);
  }

  private Event event(Endpoint endpoint, ObjectNode record, ObjectNode props, Instant receivedAt, String ip) {
    JsonNode name = record.get("event");
    if (name == null || !name.isTextual() || name.textValue().isBlank()) {
      throw new Invalid("event", "'event' must be a non-empty string");
    }
    ObjectNode out = NODES.objectNode();
    out.put("type", "track");
    String insertId = optionalText(props, "$insert_id");
    String messageId = insertId != null && !insertId.isBlank() ? insertId : messageIds.get();
    out.put("messageId", messageId);
    Instant time = time(props.get("time"), "properties.time");
    if (time == null && endpoint == Endpoint.IMPORT) {
      throw new Invalid("properties.time", "'properties.time' is required by /import");
    }
    if (!props.has("distinct_id") && endpoint == Endpoint.IMPORT) {
      throw new Invalid("properties.distinct_id", "'properties.distinct_id' is required by /import");
    }
    out.put("event", name.textValue());
    ids(out, optionalText(props, "distinct_id"), optionalText(props, "$user_id"), optionalText(props, "$device_id"));
    ObjectNode context = NODES.objectNode();
    String lib = optionalText(props, "mp_lib");
    String libVersion = optionalText(props, "$lib_version");
    if (lib != null) {
      ObjectNode library = context.putObject("library").put("name", lib);
      if (libVersion != null) {
        library.put("version", libVersion);
      }
    }
    String eventIp = optionalText(props, "ip");
    ip(context, eventIp != null ? eventIp : ip);
    ObjectNode properties = NODES.objectNode();
    for (Map.Entry<String, JsonNode> f : props.properties()) {
      switch (f.getKey()) {
        case "token", "distinct_id", "$user_id", "$device_id", "time", "$insert_id", "mp_lib", "ip" -> {}
        case "$lib_version" -> {
          if (lib == null) {
            properties.set(f.getKey(), f.getValue());
          }
        }
        default -> properties.set(f.getKey(), f.getValue());
      }
    }
    if (!properties.isEmpty()) {
      out.set("properties", properties);
    }
    if (!context.isEmpty()) {
      out.set("context", context);
    }
    return finish(out, EventType.TRACK, messageId, time, receivedAt);
  }

  private Event profile(ObjectNode record, Instant receivedAt, String ip) {
    ObjectNode out = NODES.objectNode();
    out.put("type", "identify");
    String messageId = messageIds.get();
    out.put("messageId", messageId);
    if (!record.has("$distinct_id") && !record.has("$user_id") && !record.has("$device_id")) {
      throw new Invalid("$distinct_id", "'$distinct_id' is required");
    }
    ids(out, optionalText(record, "$distinct_id"), optionalText(record, "$user_id"), optionalText(record, "$device_id"));
    out.set("traits", traits(record));
    ObjectNode context = NODES.objectNode();
    String ownIp = optionalText(record, "$ip");
    ip(context, ownIp != null ? ownIp : ip);
    if (!context.isEmpty()) {
      out.set("context", context);
    }
    return finish(out, EventType.IDENTIFY, messageId, time(record.get("$time"), "$time"), receivedAt);
  }

  private Event group(ObjectNode record, Instant receivedAt) {
    String key = optionalText(record, "$group_key");
    String id = optionalText(record, "$group_id");
    if (key == null || key.isBlank()) {
      throw new Invalid("$group_key", "'$group_key' is required");
    }
    if (id == null || id.isBlank()) {
      throw new Invalid("$group_id", "'$group_id' is required");
    }
    ObjectNode out = NODES.objectNode();
    out.put("type", "group");
    String messageId = messageIds.get();
    out.put("messageId", messageId);
    out.put("groupId", id);
    ObjectNode traits = traits(record);
    traits.put("$group_key", key);
    out.set("traits", traits);
    return finish(out, EventType.GROUP, messageId, time(record.get("$time"), "$time"), receivedAt);
  }

  /** The profile operations as Segment traits; see the class comment for what maps. */
  private static ObjectNode traits(ObjectNode record) {
    ObjectNode traits = NODES.objectNode();
    boolean any = false;
    for (Map.Entry<String, JsonNode> f : record.properties()) {
      String op = f.getKey();
      switch (op) {
        case "$set_once" -> any = true; // applied below, under $set
        case "$set", "$union" -> {
          ObjectNode values = opObject(op, f.getValue());
          values.properties().forEach(v -> traits.set(v.getKey(), v.getValue()));
          any = true;
        }
        case "$unset" -> {
          JsonNode names = f.getValue();
          if (!names.isArray()) {
            throw new Invalid(op, "'$unset' must be an array of property names");
          }
          for (JsonNode n : names) {
            if (!n.isTextual()) {
              throw new Invalid(op, "'$unset' must be an array of property names");
            }
            traits.putNull(n.textValue());
          }
          any = true;
        }
        case "$add", "$append", "$remove", "$delete" ->
            throw new Invalid(op, "profile operation '" + op + "' has no Segment identify equivalent; use $set, $set_once, $union or $unset");
        default -> {}
      }
    }
    JsonNode once = record.get("$set_once");
    if (once != null) {
      opObject("$set_once", once).properties().forEach(v -> {
        if (!traits.has(v.getKey())) {
          traits.set(v.getKey(), v.getValue());
        }
      });
    }
    if (!any) {
      throw new Invalid("$set", "no profile operation: send $set, $set_once, $union or $unset");
    }
    return traits;
  }

  private static ObjectNode opObject(String op, JsonNode v) {
    if (!(v instanceof ObjectNode o)) {
      throw new Invalid(op, "'" + op + "' must be an object");
    }
    if (op.equals("$union")) {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        if (!f.getValue().isArray()) {
          throw new Invalid(op, "'$union' values must be arrays");
        }
      }
    }
    return o;
  }

  /** Mixpanel's ids to Segment's; see the class comment. */
  private static void ids(ObjectNode out, String distinctId, String userId, String deviceId) {
    String user = blankToNull(userId);
    String anon = blankToNull(deviceId);
    String distinct = blankToNull(distinctId);
    if (distinct != null) {
      if (distinct.startsWith("$device:")) {
        if (anon == null) {
          anon = blankToNull(distinct.substring("$device:".length()));
        }
      } else if (user == null && !distinct.equals(anon)) {
        user = distinct;
      }
    }
    if (user != null) {
      out.put("userId", user);
    }
    if (anon != null) {
      out.put("anonymousId", anon);
    }
  }

  private static void ip(ObjectNode context, String ip) {
    if (ip != null && !ip.isBlank()) {
      context.put("ip", ip);
    }
  }

  private static Event finish(ObjectNode out, EventType type, String messageId, Instant time, Instant receivedAt) {
    Instant ts = time != null ? time : receivedAt;
    out.put("timestamp", VendorJson.iso(ts));
    if (time != null) {
      out.put("originalTimestamp", VendorJson.iso(time));
    }
    out.put("receivedAt", VendorJson.iso(receivedAt));
    return new Event(type, messageId, out);
  }

  /** {@code time}: seconds (possibly fractional) or milliseconds since the epoch; null when absent. */
  static Instant time(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
      throw new Invalid(field, "'" + field + "' must be seconds or milliseconds since the epoch");
    }
    double d = v.doubleValue();
    long millis = d >= MILLIS_THRESHOLD ? (long) d : Math.round(d * 1000);
    if (millis > LAST_MILLIS) {
      throw new Invalid(field, "'" + field + "' is out of range");
    }
    return Instant.ofEpochMilli(millis);
  }

  private static ObjectNode object(ObjectNode record, String field) {
    JsonNode v = record.get(field);
    if (v == null || v.isNull()) {
      return NODES.objectNode();
    }
    if (!(v instanceof ObjectNode o)) {
      throw new Invalid(field, "'" + field + "' must be an object");
    }
    return o;
  }

  /** A string field, a number as its text, null when absent. */
  private static String optionalText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    throw new Invalid(field, "'" + field + "' must be a string");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** One record's problem; stackless, caught in {@link #decode}. */
  private static final class Invalid extends RuntimeException {
    final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
