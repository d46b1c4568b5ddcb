package dev.sluice.core.vendor.posthog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.Endpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostHog's bulk person deletion: {@code POST /api/projects/PROJECT_ID/persons/bulk_delete/} with
 * {@code {"distinct_ids": [...], "delete_events": true}}, authenticated by a personal API key with
 * scope {@code person:write} ({@code Authorization: Bearer}). At most 1000 ids a request; answered
 * with {@code persons_found}, {@code persons_deleted} and whether events were queued for deletion
 * (PostHog runs event deletion in a weekly batch and does not queue one twice).
 *
 * <p>{@code deletion:} keys: {@code personalApiKey} (secret), {@code projectId} (numeric), {@code
 * endpoint} (the application host; default the region's app host, or the destination's {@code
 * endpoint} for a self-hosted PostHog).
 */
record PostHogDeletion(URI base, String authorization, String projectId) implements DeletionApi {
  static final Set<String> KEYS = Set.of("personalApiKey", "projectId", "endpoint");
  /** The private API is on the app hosts, not the ingestion ({@code i.}) ones. */
  static final String US_APP = "https://us.posthog.com";
  static final String EU_APP = "https://eu.posthog.com";
  static final int MAX_IDS = 1000;

  static PostHogDeletion from(Options d, String defaultBase) {
    d.rejectUnknown(KEYS);
    URI base = Endpoints.httpUri(d, "endpoint", d.optionalString("endpoint").orElse(defaultBase));
    String key = new String(d.requiredSecret("personalApiKey"), StandardCharsets.UTF_8).strip();
    if (key.isEmpty() || !key.matches("[\\x21-\\x7e]+")) {
      throw d.error("personalApiKey", "PostHog personal API key is empty or holds spaces or control characters");
    }
    String projectId = d.requiredString("projectId").strip();
    if (!projectId.matches("[0-9]{1,20}")) {
      throw d.error("projectId", "projectId must be the numeric PostHog project id (Project settings)");
    }
    return new PostHogDeletion(base, "Bearer " + key, projectId);
  }

  @Override
  public int maxIds() {
    return MAX_IDS;
  }

  @Override
  public VendorRequest request(List<String> ids) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ids.forEach(body.putArray("distinct_ids")::add);
    body.put("delete_events", true);
    return new VendorRequest(Endpoints.under(base, "/api/projects/" + projectId + "/persons/bulk_delete/"), "POST",
        Map.of("Authorization", authorization, "Content-Type", "application/json"), Json.bytes(body));
  }

  @Override
  public String describe() {
    return "PostHog persons API (" + base + ", project " + projectId + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
