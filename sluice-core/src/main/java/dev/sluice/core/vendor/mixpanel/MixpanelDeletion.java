package dev.sluice.core.vendor.mixpanel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.Endpoints;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mixpanel's GDPR and CCPA API (v3): {@code POST /api/app/data-deletions/v3.0/?token=PROJECT_TOKEN}
 * with {@code {"distinct_ids": [...], "compliance_type": "GDPR"}}, authenticated by a GDPR OAuth
 * token ({@code Authorization: Bearer}, generated under Profile &amp; Preferences, Data &amp;
 * Privacy; it expires after a year). At most 2000 distinct ids a request; answered {@code
 * {"status":"ok","results":{"task_id":...}}}.
 *
 * <p>{@code deletion:} keys: {@code oauthToken} (secret), {@code projectToken} (the project token,
 * not the API secret), {@code complianceType} ({@code GDPR} default or {@code CCPA}), {@code
 * endpoint} (overrides the region's application host).
 */
record MixpanelDeletion(URI base, String authorization, String projectToken, String complianceType)
    implements DeletionApi {
  static final Set<String> KEYS = Set.of("oauthToken", "projectToken", "complianceType", "endpoint");
  /** The GDPR API lives on the application hosts, not the ingestion ones. */
  static final Map<String, String> APP_HOSTS =
      Map.of("us", "https://mixpanel.com", "eu", "https://eu.mixpanel.com", "in", "https://in.mixpanel.com");
  static final int MAX_IDS = 2000;

  static MixpanelDeletion from(Options d, String region) {
    d.rejectUnknown(KEYS);
    URI base = Endpoints.httpUri(d, "endpoint", d.optionalString("endpoint").orElse(APP_HOSTS.get(region)));
    String token = new String(d.requiredSecret("oauthToken"), StandardCharsets.UTF_8).strip();
    if (token.isEmpty() || !token.matches("[\\x21-\\x7e]+")) {
      throw d.error("oauthToken", "the Mixpanel GDPR OAuth token is empty or holds spaces or control characters");
    }
    String projectToken = d.requiredString("projectToken").strip();
    if (!projectToken.matches("[A-Za-z0-9]{1,64}")) {
      throw d.error("projectToken", "projectToken must be the project's token (letters and digits, from Project Settings)");
    }
    String compliance = d.optionalString("complianceType").orElse("GDPR");
    if (!compliance.equals("GDPR") && !compliance.equals("CCPA")) {
      throw d.error("complianceType", "complianceType must be GDPR or CCPA");
    }
    return new MixpanelDeletion(base, "Bearer " + token, projectToken, compliance);
  }

  @Override
  public int maxIds() {
    return MAX_IDS;
  }

  @Override
  public VendorRequest request(List<String> ids) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ids.forEach(body.putArray("distinct_ids")::add);
    body.put("compliance_type", complianceType);
    URI uri = Endpoints.under(base, "/api/app/data-deletions/v3.0/?token=" + URLEncoder.encode(projectToken, StandardCharsets.UTF_8));
    return new VendorRequest(
        uri, "POST", Map.of("Authorization", authorization, "Content-Type", "application/json"), Json.bytes(body));
  }

  @Override
  public String describe() {
    return "Mixpanel GDPR API (" + base + ")";
  }

  @Override
  public String toString() {
    return describe(); // never the token
  }
}
