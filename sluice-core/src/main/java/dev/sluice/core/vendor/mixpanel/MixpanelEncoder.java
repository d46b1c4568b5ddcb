package dev.sluice.core.vendor.mixpanel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Canonical events out as Mixpanel {@code /import} records ({@code strict=1}):
 * {@code {"event", "properties": {time (ms), distinct_id, $insert_id, $user_id, $device_id, ...}}}.
 *
 * <p>{@code distinct_id} is the (pseudonymised) {@code userId}, else {@code $device:} and the
 * {@code anonymousId}, as Mixpanel's simplified ID merge spells an anonymous user. {@code
 * $insert_id} is the destination's idempotency id (a UUID: 36 characters of hex and dashes, as
 * Mixpanel requires), so a retried batch is de-duplicated by Mixpanel. {@code track} keeps its
 * name; {@code page} is {@code Loaded a Page}, {@code screen} {@code Loaded a Screen}; {@code
 * identify}, {@code group} and {@code alias} travel as {@code $identify}, {@code $group} and
 * {@code $create_alias} events carrying their traits as properties, because {@code /import}
 * takes events only (profiles are a known gap, see docs/compatibility.md).
 *
 * <p>A 400 from {@code /import} is a partial success: Mixpanel ingested the records it did not
 * list in {@code failed_records}; those are parked with the field Mixpanel named.
 */
public final class MixpanelEncoder implements Encoder {
  private static final String PREFIX = "[";
  private static final String SUFFIX = "]";

  private final URI importUri;
  private final String authorization;
  private final BatchLimits limits;

  MixpanelEncoder(URI base, String authorization, String projectId, int batchSize) {
    String b = base.toString();
    b = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.importUri = URI.create(b + "/import?strict=1" + (projectId == null ? "" : "&project_id=" + projectId));
    this.authorization = authorization;
    this.limits = new BatchLimits(batchSize, MixpanelLimits.MAX_BYTES);
  }

  @Override
  public byte[] encode(ObjectNode e) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    String type = text(e, "type");
    record.put("event", eventName(type, text(e, "event")));
    ObjectNode p = record.putObject("properties");
    long time = VendorJson.epochMillis(e.get("timestamp"));
    if (time >= 0) {
      p.put("time", time);
    }
    String user = text(e, "userId");
    String anon = text(e, "anonymousId");
    if ("alias".equals(type)) {
      // mixpanel-js alias(): distinct_id is the old id, "alias" the new one
      p.put("distinct_id", textOr(text(e, "previousId"), ""));
      if (user != null) {
        p.put("alias", user);
      }
    } else {
      p.put("distinct_id", user != null ? user : anon != null ? "$device:" + anon : "");
      if (user != null && anon != null) {
        p.put("$user_id", user);
      }
      if (anon != null) {
        p.put("$device_id", anon);
      }
    }
    p.put("$insert_id", insertId(text(e, "messageId")));
    JsonNode context = e.get("context");
    if (context != null) {
      JsonNode ip = context.get("ip");
      if (ip != null && ip.isTextual()) {
        p.put("ip", ip.textValue());
      }
      JsonNode library = context.get("library");
      if (library != null && library.get("name") != null) {
        p.set("mp_lib", library.get("name"));
        if (library.get("version") != null) {
          p.set("$lib_version", library.get("version"));
        }
      }
      JsonNode url = context.path("page").get("url");
      if (url != null && url.isTextual()) {
        p.put("$current_url", url.textValue());
      }
    }
    if ("group".equals(type) && e.get("groupId") != null) {
      p.set("$group_id", e.get("groupId"));
    }
    copyMissing(e.get("properties"), p);
    copyMissing(e.get("traits"), p);
    return Json.bytes(record);
  }

  private static String eventName(String type, String event) {
    return switch (type == null ? "" : type) {
      case "page" -> "Loaded a Page";
      case "screen" -> "Loaded a Screen";
      case "identify" -> "$identify";
      case "group" -> "$group";
      case "alias" -> "$create_alias";
      default -> textOr(event, "(unnamed)");
    };
  }

  /** Properties the envelope has not set already (the envelope's time and ids win). */
  private static void copyMissing(JsonNode from, ObjectNode to) {
    if (from instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        if (!to.has(f.getKey())) {
          to.set(f.getKey(), f.getValue());
        }
      }
    }
  }

  /**
   * Mixpanel's {@code $insert_id}: at most 36 characters of {@code [A-Za-z0-9-]}. The contract's
   * idempotency id already is one; anything else is hashed to 32 hex characters, stable per id.
   */
  static String insertId(String messageId) {
    if (messageId != null && messageId.length() <= 36 && messageId.matches("[A-Za-z0-9-]+")) {
      return messageId;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(String.valueOf(messageId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public VendorRequest frame(List<byte[]> items, Instant now) {
    return new VendorRequest(
        importUri,
        "POST",
        Map.of("Content-Type", "application/json", "Authorization", authorization),
        BatchBody.join(PREFIX, items, SUFFIX));
  }

  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    if (response.status() != 400) {
      return DeliveryOutcome.fromStatus(response, now);
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    JsonNode failed = body == null ? null : body.get("failed_records");
    if (failed == null || !failed.isArray() || failed.isEmpty()) {
      return new DeliveryOutcome.Rejected("HTTP 400 from Mixpanel /import");
    }
    Map<Integer, String> rejected = new HashMap<>();
    for (JsonNode f : failed) {
      JsonNode index = f.get("index");
      if (index != null && index.canConvertToInt()) {
        // the field Mixpanel named, never its message: messages may quote values
        String field = f.path("field").asText("");
        rejected.put(index.intValue(), "Mixpanel refused the record" + (field.isEmpty() ? "" : " (" + clip(field) + ")"));
      }
    }
    return rejected.isEmpty()
        ? new DeliveryOutcome.Rejected("HTTP 400 from Mixpanel /import")
        : new DeliveryOutcome.Partial(rejected, false);
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static String textOr(String s, String fallback) {
    return s == null ? fallback : s;
  }
}
