package dev.sluice.core.vendor.posthog;

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
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The PostHog capture wire format in: one request body (already decompressed and, for form
 * posts, un-base64'd) to canonical events.
 *
 * <p>Bodies: a batch {@code {"api_key","batch":[...],"sent_at"}} (posthog-node, {@code /batch/}),
 * a bare array of events (posthog-js, {@code /e/}), or one event {@code {"event","properties",
 * "distinct_id","api_key"}} ({@code /capture/}). The project key comes from {@code api_key},
 * {@code token} or {@code $token} on the body, on an event, or in an event's properties (where
 * posthog-js puts it); differing keys in one request are a 401, as PostHog answers.
 *
 * <p>Mapping (docs/compatibility.md has the table): {@code uuid} → {@code messageId}; {@code
 * $identify} → identify ({@code $set} → traits, {@code $anon_distinct_id} → anonymousId), {@code
 * $create_alias} → alias, {@code $groupidentify} → group ({@code $group_key} → groupId, {@code
 * $group_set} → traits), {@code $pageview} → page, {@code $screen} → screen (name from {@code
 * $screen_name}), anything else → track. {@code distinct_id} is the userId, or the anonymousId
 * when the event says {@code $is_identified: false}. {@code $set} on other events → {@code
 * context.traits}; the {@link PostHogFields} properties move to {@code context}; every other
 * property stays in {@code properties} under its own name ({@code $set_once} included).
 *
 * <p>The mapped batch then goes through {@link SegmentDecoder}, so PostHog events meet exactly
 * the same validation, size and depth caps, clock-skew correction ({@code sent_at}) and {@code
 * context.ip} rules as Segment's. Pure and thread-safe.
 */
public final class PostHogDecoder {
  private static final String[] TOKEN_FIELDS = {"api_key", "token", "$token"};

  private final SegmentLimits limits;
  private final SegmentDecoder canonical;

  public PostHogDecoder(SegmentLimits limits, Supplier<String> messageIds) {
    this.limits = Objects.requireNonNull(limits, "limits");
    // The wire body was held to the configured byte caps already; mapping moves properties into
    // context, which adds a level and a few bytes, so the Segment pass over the mapped tree gets
    // that much slack.
    this.canonical =
        new SegmentDecoder(
            new SegmentLimits(
                limits.maxEventBytes() * 2,
                limits.maxBatchBytes() * 2,
                limits.maxBatchEvents(),
                limits.maxDepth() + 2,
                limits.maxStringLength()),
            messageIds);
  }

  /**
   * Decodes one request body.
   *
   * @param body UTF-8 JSON
   * @param queryToken the {@code token} or {@code api_key} query parameter, or null
   * @param receivedAt when the request arrived
   * @param connectionIp the client address Sluice trusts, or null
   * @return the events, refused items, and the project key (null if the request carries none)
   */
  public Decoded decode(byte[] body, String queryToken, Instant receivedAt, String connectionIp) {
    if (body == null || body.length == 0) {
      throw BadInputException.badRequest("empty_body", "request body is empty");
    }
    if (body.length > limits.maxBatchBytes()) {
      throw new BadInputException(413, "too_large", "request body is larger than " + limits.maxBatchBytes() + " bytes");
    }
    JsonNode root = parse(body);
    Token token = new Token();
    JsonNode items;
    JsonNode sentAt = null;
    if (root.isArray()) {
      items = root;
    } else if (root.isObject() && root.has("batch")) {
      items = root.get("batch");
      if (!items.isArray()) {
        throw BadInputException.badRequest("invalid_body", "batch must be an array");
      }
      token.take((ObjectNode) root);
      sentAt = root.get("sent_at");
    } else if (root.isObject()) {
      items = Json.MAPPER.createArrayNode().add(root);
    } else {
      throw BadInputException.badRequest("invalid_body", "request body must be a JSON object or array of events");
    }
    if (items.isEmpty()) {
      throw BadInputException.badRequest("empty_batch", "request holds no event");
    }
    if (items.size() > limits.maxBatchEvents()) {
      throw new BadInputException(
          413, "too_many_events", "batch holds more than " + limits.maxBatchEvents() + " events (Sluice limits.maxBatchEvents)");
    }

    ArrayNode mapped = Json.MAPPER.createArrayNode();
    List<Integer> origin = new ArrayList<>(items.size());
    List<Rejection> rejected = new ArrayList<>(0);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!(item instanceof ObjectNode o)) {
        rejected.add(new Rejection(i, "invalid_event", "batch item is not a JSON object"));
        continue;
      }
      token.take(o);
      if (o.get("properties") instanceof ObjectNode p) {
        token.take(p);
      }
      try {
        mapped.add(toCanonical(o, receivedAt));
        origin.add(i);
      } catch (Refused r) {
        rejected.add(new Rejection(i, r.code, r.getMessage()));
      }
    }
    if (token.value == null && queryToken != null && !queryToken.isEmpty()) {
      token.value = queryToken;
    }
    if (mapped.isEmpty()) {
      return new Decoded(List.of(), rejected, token.value);
    }
    ObjectNode batch = Json.MAPPER.createObjectNode();
    batch.set("batch", mapped);
    if (sentAt != null && !sentAt.isNull()) {
      batch.set("sentAt", sentAt);
    }
    Decoded d = canonical.decodeMapped(batch, receivedAt, connectionIp);
    for (Rejection r : d.rejected()) {
      rejected.add(new Rejection(origin.get(r.index()), r.code(), r.message()));
    }
    rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return new Decoded(d.accepted(), rejected, token.value);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      var l = e.getLocation();
      throw BadInputException.badRequest(
          "malformed_json",
          "malformed JSON" + (l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory body", e);
    }
  }

  /** One PostHog event to a Segment Spec message; the tree is reused and changed in place. */
  private static ObjectNode toCanonical(ObjectNode e, Instant receivedAt) {
    JsonNode name = e.get("event");
    if (name == null || !name.isTextual() || name.textValue().isBlank()) {
      throw new Refused("missing_event_name", "event submitted with an empty event name");
    }
    JsonNode pn = e.get("properties");
    if (pn != null && !pn.isNull() && !pn.isObject()) {
      throw new Refused("invalid_field", "properties must be an object");
    }
    ObjectNode props = pn instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    for (String f : TOKEN_FIELDS) {
      props.remove(f);
    }
    JsonNode distinct = first(e.get("distinct_id"), e.get("$distinct_id"), props.remove("distinct_id"), props.remove("$distinct_id"));
    if (distinct == null || !(distinct.isTextual() || distinct.isNumber()) || distinct.asText().isBlank()) {
      throw new Refused("missing_distinct_id", "event submitted without a distinct_id");
    }
    String distinctId = distinct.asText();

    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode context = out.putObject("context");
    JsonNode uuid = e.get("uuid");
    if (uuid != null && uuid.isTextual()) {
      out.set("messageId", uuid);
    }
    JsonNode ts = e.get("timestamp");
    if (ts != null && ts.isNumber()) {
      out.put("timestamp", Instant.ofEpochMilli(ts.longValue()).toString());
    } else if (ts != null && !ts.isNull()) {
      out.set("timestamp", ts); // the Segment pass validates it
    } else if (e.get("offset") instanceof JsonNode off && off.isNumber()) {
      out.put("timestamp", receivedAt.minusMillis(off.longValue()).toString());
    }
    JsonNode set = first(e.get("$set"), props.remove("$set"));
    JsonNode setOnce = e.get("$set_once");
    if (setOnce != null && !props.has("$set_once")) {
      props.set("$set_once", setOnce);
    }
    JsonNode anon = props.remove("$anon_distinct_id");
    JsonNode identified = props.remove("$is_identified");

    String event = name.textValue();
    switch (event) {
      case "$identify" -> {
        out.put("type", "identify");
        out.put("userId", distinctId);
        if (anon != null && anon.isTextual()) {
          out.set("anonymousId", anon);
        }
        if (set != null) {
          out.set("traits", set);
        }
      }
      case "$create_alias" -> {
        out.put("type", "alias");
        out.put("userId", distinctId);
        JsonNode alias = props.remove("alias");
        if (alias != null) {
          out.set("previousId", alias);
        }
        setTraits(context, set);
      }
      case "$groupidentify" -> {
        out.put("type", "group");
        JsonNode key = props.remove("$group_key");
        if (key != null) {
          out.set("groupId", key);
        }
        JsonNode groupSet = props.remove("$group_set");
        if (groupSet != null) {
          out.set("traits", groupSet);
        }
        // posthog-node invents "$<type>_<key>" when no person is named: not a user.
        JsonNode type = props.get("$group_type");
        String synthetic = "$" + (type == null ? "" : type.asText()) + "_" + (key == null ? "" : key.asText());
        if (!distinctId.equals(synthetic)) {
          out.put("userId", distinctId);
        } else {
          out.put("anonymousId", distinctId);
        }
      }
      default -> {
        switch (event) {
          case "$pageview" -> out.put("type", "page");
          case "$screen" -> {
            out.put("type", "screen");
            JsonNode screenName = props.remove("$screen_name");
            if (screenName != null) {
              out.set("name", screenName);
            }
          }
          default -> {
            out.put("type", "track");
            out.set("event", name);
          }
        }
        boolean anonymous = identified != null && identified.isBoolean() && !identified.booleanValue();
        out.put(anonymous ? "anonymousId" : "userId", distinctId);
        if (anon != null && anon.isTextual() && !anonymous) {
          out.set("anonymousId", anon);
        }
        setTraits(context, set);
      }
    }
    for (PostHogFields.Mapping m : PostHogFields.CONTEXT) {
      JsonNode v = props.remove(m.property());
      if (v != null && !v.isNull()) {
        ObjectNode at = context;
        String[] path = m.contextPath();
        for (int k = 0; k < path.length - 1; k++) {
          at = at.get(path[k]) instanceof ObjectNode o ? o : at.putObject(path[k]);
        }
        at.set(path[path.length - 1], v);
      }
    }
    if (context.isEmpty()) {
      out.remove("context");
    }
    if (!props.isEmpty()) {
      out.set("properties", props);
    }
    return out;
  }

  private static void setTraits(ObjectNode context, JsonNode set) {
    if (set != null) {
      context.set("traits", set);
    }
  }

  private static JsonNode first(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      if (n != null && !n.isNull()) {
        return n;
      }
    }
    return null;
  }

  /** The project key of a request: the first one seen; another one is a 401. */
  private static final class Token {
    String value;

    void take(ObjectNode o) {
      for (String f : TOKEN_FIELDS) {
        JsonNode v = o.get(f);
        if (v != null && v.isTextual() && !v.textValue().isEmpty()) {
          if (value == null) {
            value = v.textValue();
          } else if (!value.equals(v.textValue())) {
            throw new BadInputException(401, "multiple_tokens", "batch submitted with inconsistent api_key values");
          }
        }
      }
    }
  }

  /** One event PostHog itself would refuse; the rest of the batch goes on. */
  private static final class Refused extends RuntimeException {
    final String code;

    Refused(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
