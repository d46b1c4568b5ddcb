package dev.sluice.core.vendor.ga4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.Adjustments;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Canonical events out as GA4 Measurement Protocol requests: {@code POST
 * /mp/collect?measurement_id&api_secret} with {@code {"client_id","user_id","user_properties",
 * "events":[{"name","params","timestamp_micros"}]}}.
 *
 * <p>A request is about one client, so each outbox item is one event with its ids: {@code
 * {"client_id","user_id","user_properties","event"}}; {@link #fitInOneRequest} groups
 * consecutive items of the same client and user (at most 25), and {@link #frame} lifts the ids to
 * the request. {@code client_id} is the event's {@code anonymousId}, else its {@code userId}, as
 * the contract left them (pseudonyms when it says {@code pseudonymize}); an event with neither
 * gets its own idempotency id, so it is linked to no one. {@code user_id} is sent only when the
 * contract kept {@code userId}.
 *
 * <p>Google drops what breaks its rules without saying so, so the encoder makes every event
 * acceptable and counts each change by reason in {@link #adjustments()}: names are made
 * acceptable (letters, digits, {@code _}, starting with a letter, at most 40 characters, 24 for
 * user properties, no {@code google_}/{@code ga_}/{@code firebase_} prefix, no reserved name)
 * by {@link Ga4Rules#acceptable}; string values are cut to 100 characters (36 for user
 * properties; {@code page_location} 1000, {@code page_referrer} 420, {@code page_title} 300);
 * params past 25 and user properties past 25 are left out; nested objects are flattened with
 * {@code _}; arrays other than {@code items} are left out; alias events, which GA4 cannot
 * represent, are not queued.
 *
 * <p>GA4 has no de-duplication key: a retry after a lost response can count an event twice.
 */
public final class Ga4Encoder implements Encoder {
  static final String EVENT_RENAMED = "event_name_renamed";
  static final String PARAM_RENAMED = "param_name_renamed";
  static final String VALUE_TRUNCATED = "param_value_truncated";
  static final String PARAM_OVER_LIMIT = "param_dropped_limit";
  static final String PARAM_TYPE = "param_dropped_type";
  static final String PARAM_DUPLICATE = "param_dropped_duplicate";
  static final String USER_PROPERTY_RENAMED = "user_property_renamed";
  static final String USER_PROPERTY_TRUNCATED = "user_property_value_truncated";
  static final String USER_PROPERTY_OVER_LIMIT = "user_property_dropped_limit";
  static final String USER_PROPERTY_TYPE = "user_property_dropped_type";
  static final String UNSUPPORTED_TYPE = "unsupported_type";
  static final String UNMAPPED = "unmapped_field";

  private final URI collectUri;
  private final BatchLimits limits;
  private final Adjustments adjustments =
      new Adjustments(
          List.of(
              EVENT_RENAMED, PARAM_RENAMED, VALUE_TRUNCATED, PARAM_OVER_LIMIT, PARAM_TYPE, PARAM_DUPLICATE,
              USER_PROPERTY_RENAMED, USER_PROPERTY_TRUNCATED, USER_PROPERTY_OVER_LIMIT, USER_PROPERTY_TYPE, UNSUPPORTED_TYPE,
              UNMAPPED));

  Ga4Encoder(URI base, String measurementId, String apiSecret, int batchSize) {
    String b = base.toString();
    this.collectUri =
        URI.create(
            (b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
                + "/mp/collect?measurement_id=" + URLEncoder.encode(measurementId, StandardCharsets.UTF_8)
                + "&api_secret=" + URLEncoder.encode(apiSecret, StandardCharsets.UTF_8));
    this.limits = new BatchLimits(batchSize, Ga4Rules.MAX_BODY_BYTES);
  }

  @Override
  public byte[] encode(ObjectNode m) {
    String type = m.get("type").asText();
    if (type.equals("alias")) {
      adjustments.add(UNSUPPORTED_TYPE);
      return null;
    }
    String userId = text(m, "userId");
    String anonymousId = text(m, "anonymousId");
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("client_id", anonymousId != null ? anonymousId : userId != null ? userId : m.get("messageId").asText());
    if (userId != null) {
      item.put("user_id", userId);
    }
    ObjectNode context = m.get("context") instanceof ObjectNode c ? c.deepCopy() : Json.MAPPER.createObjectNode();
    ObjectNode traits = Json.MAPPER.createObjectNode();
    if (context.remove("traits") instanceof ObjectNode t) {
      traits.setAll(t);
    }
    if (type.equals("identify") && m.get("traits") instanceof ObjectNode t) {
      traits.setAll(t);
    }
    ObjectNode userProperties = userProperties(traits);
    if (!userProperties.isEmpty()) {
      item.set("user_properties", userProperties);
    }

    ObjectNode params = Json.MAPPER.createObjectNode();
    ObjectNode properties = m.get("properties") instanceof ObjectNode p ? p.deepCopy() : null;
    String name;
    switch (type) {
      case "page" -> {
        name = "page_view";
        JsonNode page = context.remove("page");
        putPage(params, "page_location", page, "url", properties);
        putPage(params, "page_title", page, "title", properties);
        putPage(params, "page_referrer", page, "referrer", properties);
        if (page instanceof ObjectNode rest) {
          rest.remove(List.of("url", "title", "referrer"));
          countLeaves(rest, UNMAPPED);
        }
      }
      case "screen" -> {
        name = "screen_view";
        String screen = text(m, "name");
        if (screen != null) {
          params.put("screen_name", screen);
        }
      }
      case "identify" -> name = "identify";
      case "group" -> {
        name = "join_group";
        String group = text(m, "groupId");
        if (group != null) {
          params.put("group_id", group);
        }
        if (m.get("traits") instanceof ObjectNode t) {
          countLeaves(t, UNMAPPED); // group traits describe the group, not this user
        }
      }
      default -> {
        String raw = m.get("event").asText();
        name = Ga4Rules.acceptable(raw, Ga4Rules.MAX_NAME, Ga4Rules.RESERVED_EVENT_NAMES);
        if (!name.equals(raw)) {
          adjustments.add(EVENT_RENAMED);
        }
      }
    }
    if (properties != null) {
      flatten("", properties, params);
    }
    countLeaves(context, UNMAPPED);

    ObjectNode event = item.putObject("event");
    event.put("name", name);
    if (!params.isEmpty()) {
      event.set("params", params);
    }
    JsonNode ts = m.get("timestamp");
    if (ts != null && ts.isTextual()) {
      try {
        Instant t = Instant.parse(ts.textValue());
        event.put("timestamp_micros", t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
      } catch (DateTimeParseException e) {
        // a contract generalised the time (to a day or month): GA4 then uses its arrival time
      }
    }
    return Json.bytes(item);
  }

  private void putPage(ObjectNode params, String param, JsonNode page, String field, ObjectNode props) {
    JsonNode v = page == null ? null : page.get(field);
    if ((v == null || v.isNull()) && props != null) {
      v = props.remove(field); // Segment puts them in properties too
    }
    if (v != null && v.isValueNode() && !v.isNull()) {
      putParam(params, param, v);
    }
  }

  /** Properties as GA4 params: nested objects flattened with {@code _}, names and values fixed. */
  private void flatten(String prefix, ObjectNode from, ObjectNode params) {
    for (Map.Entry<String, JsonNode> f : from.properties()) {
      String key = prefix + f.getKey();
      JsonNode v = f.getValue();
      if (v instanceof ObjectNode o) {
        flatten(key + "_", o, params);
      } else if (v.isArray()) {
        if (key.equals("items")) {
          putRaw(params, key, v);
        } else {
          adjustments.add(PARAM_TYPE);
        }
      } else if (v.isNull()) {
        adjustments.add(PARAM_TYPE);
      } else {
        putParam(params, key, v);
      }
    }
  }

  private void putParam(ObjectNode params, String raw, JsonNode v) {
    String name = Ga4Rules.acceptable(raw, Ga4Rules.MAX_NAME, Ga4Rules.RESERVED_PARAM_NAMES);
    if (!name.equals(raw)) {
      adjustments.add(PARAM_RENAMED);
    }
    JsonNode value = v;
    if (v.isBoolean()) {
      value = Json.MAPPER.getNodeFactory().textNode(v.asText());
    } else if (v.isTextual() && v.textValue().length() > Ga4Rules.maxValueLength(name)) {
      value = Json.MAPPER.getNodeFactory().textNode(v.textValue().substring(0, Ga4Rules.maxValueLength(name)));
      adjustments.add(VALUE_TRUNCATED);
    }
    putRaw(params, name, value);
  }

  private void putRaw(ObjectNode params, String name, JsonNode value) {
    if (params.has(name)) {
      adjustments.add(PARAM_DUPLICATE);
    } else if (params.size() >= Ga4Rules.MAX_PARAMS) {
      adjustments.add(PARAM_OVER_LIMIT);
    } else {
      params.set(name, value);
    }
  }

  private ObjectNode userProperties(ObjectNode traits) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode flat = Json.MAPPER.createObjectNode();
    flattenTraits("", traits, flat);
    for (Map.Entry<String, JsonNode> f : flat.properties()) {
      String raw = f.getKey();
      String name = Ga4Rules.acceptable(raw, Ga4Rules.MAX_USER_PROPERTY_NAME, Ga4Rules.RESERVED_USER_PROPERTY_NAMES);
      if (!name.equals(raw)) {
        adjustments.add(USER_PROPERTY_RENAMED);
      }
      JsonNode v = f.getValue();
      if (v.isBoolean()) {
        v = Json.MAPPER.getNodeFactory().textNode(v.asText());
      } else if (v.isTextual() && v.textValue().length() > Ga4Rules.MAX_USER_PROPERTY_VALUE) {
        v = Json.MAPPER.getNodeFactory().textNode(v.textValue().substring(0, Ga4Rules.MAX_USER_PROPERTY_VALUE));
        adjustments.add(USER_PROPERTY_TRUNCATED);
      }
      if (out.has(name) || out.size() >= Ga4Rules.MAX_USER_PROPERTIES) {
        adjustments.add(USER_PROPERTY_OVER_LIMIT);
        continue;
      }
      out.putObject(name).set("value", v);
    }
    return out;
  }

  private void flattenTraits(String prefix, ObjectNode from, ObjectNode flat) {
    for (Map.Entry<String, JsonNode> f : from.properties()) {
      JsonNode v = f.getValue();
      if (v instanceof ObjectNode o) {
        flattenTraits(prefix + f.getKey() + "_", o, flat);
      } else if (v.isArray() || v.isNull()) {
        adjustments.add(USER_PROPERTY_TYPE);
      } else {
        flat.set(prefix + f.getKey(), v);
      }
    }
  }

  private void countLeaves(JsonNode n, String reason) {
    if (n instanceof ObjectNode o) {
      for (var f : o.properties()) {
        countLeaves(f.getValue(), reason);
      }
    } else if (n != null) {
      adjustments.add(reason);
    }
  }

  private static String text(ObjectNode m, String field) {
    JsonNode v = m.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public Adjustments adjustments() {
    return adjustments;
  }

  /** Consecutive items of one client and user, at most 25 (one GA4 request). */
  @Override
  public int fitInOneRequest(List<byte[]> items) {
    ObjectNode first = parse(items.get(0));
    int n = 1;
    while (n < items.size() && n < Ga4Rules.MAX_EVENTS) {
      ObjectNode next = parse(items.get(n));
      if (!Objects.equals(first.get("client_id"), next.get("client_id"))
          || !Objects.equals(first.get("user_id"), next.get("user_id"))) {
        break;
      }
      n++;
    }
    return n;
  }

  @Override
  public VendorRequest frame(List<byte[]> items, Instant now) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode events = Json.MAPPER.createArrayNode();
    ObjectNode userProperties = Json.MAPPER.createObjectNode();
    for (byte[] raw : items) {
      ObjectNode item = parse(raw);
      if (!body.has("client_id")) {
        body.set("client_id", item.get("client_id"));
        if (item.has("user_id")) {
          body.set("user_id", item.get("user_id"));
        }
      }
      if (item.get("user_properties") instanceof ObjectNode up) {
        for (Map.Entry<String, JsonNode> f : up.properties()) {
          if (userProperties.has(f.getKey()) || userProperties.size() < Ga4Rules.MAX_USER_PROPERTIES) {
            userProperties.set(f.getKey(), f.getValue()); // the latest event's value wins
          }
        }
      }
      events.add(item.get("event"));
    }
    if (!userProperties.isEmpty()) {
      body.set("user_properties", userProperties);
    }
    body.set("events", events);
    return new VendorRequest(collectUri, "POST", Map.of("Content-Type", "application/json"), Json.bytes(body));
  }

  /**
   * {@code /mp/collect} answers 2xx for anything it parsed, valid or not, so the usual reading
   * applies: 2xx delivered, 408/429/5xx retried, other 4xx refused.
   */
  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    return DeliveryOutcome.fromStatus(response, now);
  }

  private static ObjectNode parse(byte[] item) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(item);
    } catch (IOException e) {
      throw new UncheckedIOException("an outbox item is not the JSON this encoder wrote", e);
    }
  }
}
