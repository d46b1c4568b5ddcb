package dev.sluice.core.vendor.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.Adjustments;
import dev.sluice.core.deliver.BatchBody;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Canonical events out as PostHog capture {@code POST /batch/} requests: {@code {"api_key",
 * "batch":[{"event","distinct_id","properties","timestamp","uuid"}],"sent_at"}}.
 *
 * <p>{@code uuid} is the destination's idempotency id (the contract's {@code messageId}), the
 * same on every retry, which PostHog de-duplicates on. {@code distinct_id} is the event's {@code
 * userId}, else its {@code anonymousId}, both as the contract left them (pseudonyms when it says
 * {@code pseudonymize}); an event with neither is sent personless ({@code
 * $process_person_profile: false}) under its own uuid, so it joins no one. The types map back as
 * {@link PostHogDecoder} reads them, and the {@link PostHogFields} context paths become their
 * {@code $} properties; any other {@code context} field has no PostHog home and is left out,
 * counted as {@code unmapped_field}.
 */
public final class PostHogEncoder implements Encoder {
  static final String UNMAPPED = "unmapped_field";

  private final URI batchUri;
  private final String apiKeyJson;
  private final String groupType;
  private final BatchLimits limits;
  private final Adjustments adjustments = new Adjustments(List.of(UNMAPPED));

  PostHogEncoder(URI host, String apiKey, String groupType, int batchSize, int maxBatchBytes) {
    String b = host.toString();
    this.batchUri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/batch/");
    this.apiKeyJson = Json.MAPPER.getNodeFactory().textNode(apiKey).toString();
    this.groupType = groupType;
    this.limits = new BatchLimits(batchSize, maxBatchBytes);
  }

  @Override
  public byte[] encode(ObjectNode m) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ObjectNode props = m.get("properties") instanceof ObjectNode p ? p.deepCopy() : Json.MAPPER.createObjectNode();
    String userId = text(m, "userId");
    String anonymousId = text(m, "anonymousId");
    String messageId = m.get("messageId").asText();
    String distinct = userId != null ? userId : anonymousId;
    ObjectNode context = m.get("context") instanceof ObjectNode c ? c.deepCopy() : null;
    JsonNode contextTraits = context == null ? null : context.remove("traits");

    switch (m.get("type").asText()) {
      case "identify" -> {
        out.put("event", "$identify");
        if (m.get("traits") instanceof ObjectNode t) {
          props.set("$set", t);
        }
      }
      case "alias" -> {
        out.put("event", "$create_alias");
        String previous = text(m, "previousId");
        if (previous != null) {
          props.put("alias", previous);
        }
      }
      case "group" -> {
        out.put("event", "$groupidentify");
        String groupId = text(m, "groupId");
        if (!props.has("$group_type")) {
          props.put("$group_type", groupType);
        }
        if (groupId != null) {
          props.put("$group_key", groupId);
        }
        if (m.get("traits") instanceof ObjectNode t) {
          props.set("$group_set", t);
        }
      }
      case "page" -> out.put("event", "$pageview");
      case "screen" -> {
        out.put("event", "$screen");
        String name = text(m, "name");
        if (name != null) {
          props.put("$screen_name", name);
        }
      }
      default -> out.set("event", m.get("event"));
    }
    if (userId != null && anonymousId != null) {
      props.put("$anon_distinct_id", anonymousId); // PostHog links the two on $identify
    }
    if (contextTraits != null && !props.has("$set")) {
      props.set("$set", contextTraits);
    }
    if (userId == null && anonymousId != null && !"identify".equals(m.get("type").asText())) {
      props.put("$is_identified", false);
    }
    if (distinct == null) {
      distinct = messageId;
      props.put("$process_person_profile", false);
    }
    if (context != null) {
      for (PostHogFields.Mapping f : PostHogFields.CONTEXT) {
        JsonNode v = take(context, f.contextPath());
        if (v != null && !v.isNull()) {
          props.set(f.property(), v);
        }
      }
      countLeftovers(context);
    }
    out.put("distinct_id", distinct);
    out.set("properties", props);
    JsonNode ts = m.get("timestamp");
    if (ts != null) {
      out.set("timestamp", ts);
    }
    out.put("uuid", messageId);
    return Json.bytes(out);
  }

  /** Removes and returns the value at {@code path}, pruning objects it leaves empty. */
  private static JsonNode take(ObjectNode at, String[] path) {
    if (path.length == 1) {
      return at.remove(path[0]);
    }
    if (!(at.get(path[0]) instanceof ObjectNode child)) {
      return null;
    }
    JsonNode v = take(child, java.util.Arrays.copyOfRange(path, 1, path.length));
    if (child.isEmpty()) {
      at.remove(path[0]);
    }
    return v;
  }

  private void countLeftovers(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (var f : o.properties()) {
        countLeftovers(f.getValue());
      }
    } else {
      adjustments.add(UNMAPPED);
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

  @Override
  public VendorRequest frame(List<byte[]> items, Instant now) {
    byte[] body = BatchBody.join("{\"api_key\":" + apiKeyJson + ",\"batch\":[", items, "],\"sent_at\":\"" + now + "\"}");
    return new VendorRequest(batchUri, "POST", Map.of("Content-Type", "application/json"), body);
  }

  /**
   * PostHog answers 200 for an accepted batch, 400 for one it will never take (malformed, an
   * event without distinct_id), 401 for a bad key, 413 for too large and 5xx/429 when it wants
   * the batch again: the usual reading.
   */
  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    return DeliveryOutcome.fromStatus(response, now);
  }
}
