package dev.sluice.core.vendor.amplitude;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.Endpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amplitude's User Privacy API: {@code POST /api/2/deletions/users} with {@code {"user_ids": [...],
 * "requester": ..., "ignore_invalid_ids": true}}, HTTP basic auth with the project's API key and
 * secret key. At most 100 ids a request; answered with the scheduled job ({@code {"day",
 * "status":"staging", "user_ids":[...]}}). Invalid ids are ignored rather than failing the
 * request: a user seen under only some epochs is not known under the others.
 *
 * <p>{@code deletion:} keys: {@code secretKey} (secret; the API key is the destination's {@code
 * apiKey}), {@code requester} (who asks, kept by Amplitude for its audit; an email), {@code
 * endpoint} (overrides the region's host).
 */
record AmplitudeDeletion(URI base, String authorization, String requester) implements DeletionApi {
  static final Set<String> KEYS = Set.of("secretKey", "requester", "endpoint");
  static final Map<String, String> HOSTS = Map.of("us", "https://amplitude.com", "eu", "https://analytics.eu.amplitude.com");
  static final int MAX_IDS = 100;

  static AmplitudeDeletion from(Options d, String region, String apiKey) {
    d.rejectUnknown(KEYS);
    URI base = Endpoints.httpUri(d, "endpoint", d.optionalString("endpoint").orElse(HOSTS.get(region)));
    String secret = new String(d.requiredSecret("secretKey"), StandardCharsets.UTF_8).strip();
    if (secret.isEmpty() || !secret.matches("[\\x21-\\x7e]+")) {
      throw d.error("secretKey", "Amplitude secret key is empty or holds spaces or control characters");
    }
    String requester = d.optionalString("requester").orElse("sluice");
    String auth = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return new AmplitudeDeletion(base, auth, requester);
  }

  @Override
  public int maxIds() {
    return MAX_IDS;
  }

  @Override
  public VendorRequest request(List<String> ids) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ids.forEach(body.putArray("user_ids")::add);
    body.put("requester", requester);
    body.put("ignore_invalid_ids", true);
    return new VendorRequest(Endpoints.under(base, "/api/2/deletions/users"), "POST",
        Map.of("Authorization", authorization, "Content-Type", "application/json"), Json.bytes(body));
  }

  @Override
  public String describe() {
    return "Amplitude User Privacy API (" + base + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
