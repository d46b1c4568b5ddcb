package dev.sluice.core.vendor.amplitude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.deliver.BatchBody;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.VendorJson;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical events out as an Amplitude HTTP V2 upload: {@code {"api_key", "events": [...],
 * "options": {"min_id_length"}}}, each event with {@code event_type}, {@code user_id} and {@code
 * device_id} (the contract's pseudonyms of {@code userId} and {@code anonymousId}), {@code time}
 * in ms and {@code insert_id}, the destination's idempotency id, which Amplitude de-duplicates on
 * (for 7 days), so a retried batch is harmless.
 *
 * <p>{@code page} is {@code [Amplitude] Page Viewed} and {@code screen} {@code [Amplitude] Screen
 * Viewed} (the SDKs' own names); {@code identify} is {@code $identify} with {@code
 * user_properties.$set} (null traits → {@code $unset}); {@code group} is {@code $groupidentify}
 * with {@code groups} and {@code group_properties.$set}; {@code alias}, which HTTP V2 cannot say,
 * is an {@code Alias} event with {@code event_properties.previous_id}.
 *
 * <p>Amplitude's 400 ingests nothing: the events it names ({@code events_with_invalid_fields},
 * {@code events_with_missing_fields}, {@code events_with_invalid_id_lengths}, {@code
 * silenced_events}) are parked, the rest is sent again.
 */
public final class AmplitudeEncoder implements Encoder {
  private final URI uri;
  private final String prefix;
  private final String suffix;
  private final BatchLimits limits;

  AmplitudeEncoder(URI base, String apiKey, int batchSize, int minIdLength) {
    String b = base.toString();
    this.uri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/2/httpapi");
    this.prefix = "{\"api_key\":" + new TextNode(apiKey) + ",\"events\":[";
    this.suffix = minIdLength > 0 ? "],\"options\":{\"min_id_length\":" + minIdLength + "}}" : "]}";
    this.limits = new BatchLimits(batchSize, AmplitudeLimits.HTTP_API_MAX_BYTES);
  }

  @Override
  public byte[] encode(ObjectNode e) {
    ObjectNode a = Json.MAPPER.createObjectNode();
    String type = text(e, "type");
    JsonNode traits = e.get("traits");
    a.put(
        "event_type",
        switch (type == null ? "" : type) {
          case "page" -> "[Amplitude] Page Viewed";
          case "screen" -> "[Amplitude] Screen Viewed";
          case "identify" -> "$identify";
          case "group" -> "$groupidentify";
          case "alias" -> "Alias";
          default -> text(e, "event") == null ? "(unnamed)" : text(e, "event");
        });
    copy(e, "userId", a, "user_id");
    copy(e, "anonymousId", a, "device_id");
    long time = VendorJson.epochMillis(e.get("timestamp"));
    if (time >= 0) {
      a.put("time", time);
    }
    copy(e, "messageId", a, "insert_id");
    JsonNode props = e.get("properties");
    if (props instanceof ObjectNode p && !p.isEmpty()) {
      a.set("event_properties", p);
    }
    switch (type == null ? "" : type) {
      case "identify" -> a.set("user_properties", operations(traits, null));
      case "group" -> {
        String key = traits != null && traits.path("$group_key").isTextual() ? traits.get("$group_key").textValue() : "group";
        if (e.get("groupId") != null) {
          a.putObject("groups").set(key, e.get("groupId"));
        }
        a.set("group_properties", operations(traits, "$group_key"));
      }
      case "alias" -> {
        if (e.get("previousId") != null) {
          a.withObjectProperty("event_properties").set("previous_id", e.get("previousId"));
        }
      }
      default -> {}
    }
    JsonNode context = e.get("context");
    if (context != null) {
      for (AmplitudeFields.Mapping m : AmplitudeFields.CONTEXT) {
        JsonNode v = AmplitudeFields.get(context, m.contextPath());
        if (v != null && !v.isNull() && !v.isContainerNode()) {
          a.set(m.field(), v);
        }
      }
      if (context.get(AmplitudeFields.ASIDE) instanceof ObjectNode aside) {
        aside.properties().forEach(f -> {
          if (!a.has(f.getKey())) {
            a.set(f.getKey(), f.getValue());
          }
        });
      }
    }
    return Json.bytes(a);
  }

  /** Traits as {@code {"$set": {...}, "$unset": {...}}}; {@code skip} names a trait kept out. */
  private static ObjectNode operations(JsonNode traits, String skip) {
    ObjectNode ops = Json.MAPPER.createObjectNode();
    if (traits instanceof ObjectNode t) {
      for (Map.Entry<String, JsonNode> f : t.properties()) {
        if (f.getKey().equals(skip)) {
          continue;
        }
        if (f.getValue().isNull()) {
          ops.withObjectProperty("$unset").put(f.getKey(), "-");
        } else {
          ops.withObjectProperty("$set").set(f.getKey(), f.getValue());
        }
      }
    }
    return ops;
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(as, v);
    }
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public VendorRequest frame(List<byte[]> items, Instant now) {
    return new VendorRequest(
        uri, "POST", Map.of("Content-Type", "application/json", "Accept", "*/*"), BatchBody.join(prefix, items, suffix));
  }

  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    if (response.status() != 400) {
      if (response.status() == 413) {
        return new DeliveryOutcome.Rejected("HTTP 413 from Amplitude (payload too large); lower batchSize");
      }
      return DeliveryOutcome.fromStatus(response, now);
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      return new DeliveryOutcome.Rejected("HTTP 400 from Amplitude");
    }
    if (body.path("missing_field").isTextual()) {
      return new DeliveryOutcome.Rejected("HTTP 400 from Amplitude: missing " + clip(body.get("missing_field").textValue()));
    }
    Map<Integer, String> rejected = new HashMap<>();
    indices(body.get("events_with_invalid_fields"), "invalid", rejected);
    indices(body.get("events_with_missing_fields"), "missing", rejected);
    indices(body.get("events_with_invalid_id_lengths"), "id too short:", rejected);
    JsonNode silenced = body.get("silenced_events");
    if (silenced != null && silenced.isArray()) {
      silenced.forEach(i -> {
        if (i.canConvertToInt()) {
          rejected.putIfAbsent(i.intValue(), "Amplitude silenced the event");
        }
      });
    }
    return rejected.isEmpty()
        ? new DeliveryOutcome.Rejected("HTTP 400 from Amplitude")
        : new DeliveryOutcome.Partial(rejected, true);
  }

  private static void indices(JsonNode byField, String what, Map<Integer, String> into) {
    if (!(byField instanceof ObjectNode o)) {
      return;
    }
    o.properties().forEach(f -> {
      if (f.getValue().isArray()) {
        for (JsonNode i : f.getValue()) {
          if (i.canConvertToInt()) {
            into.putIfAbsent(i.intValue(), "Amplitude refused the event: " + what + " " + clip(f.getKey()));
          }
        }
      }
    });
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}
