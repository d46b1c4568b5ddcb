package dev.sluice.core.vendor.mixpanel;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: mixpanel}: events to Mixpanel's {@code /import} ingestion API.
 *
 * <p>Options: {@code region} ({@code us} default, {@code eu}, {@code in}: the data residency
 * host), {@code endpoint} (overrides the host, e.g. a proxy), and one way to authenticate: a
 * service account ({@code serviceAccountUser}, {@code serviceAccountSecret}, {@code projectId})
 * or the project's API secret ({@code apiSecret}); {@code batchSize} (default and most 2000); {@code deletion} (the GDPR API
 * credentials for erasure requests, see {@link MixpanelDeletion}).
 */
public final class MixpanelDestination implements DestinationType {
  /** Residency hosts, as Mixpanel documents them. */
  public static final Map<String, String> REGIONS =
      Map.of(
          "us", "https://api.mixpanel.com",
          "eu", "https://api-eu.mixpanel.com",
          "in", "https://api-in.mixpanel.com");

  @Override
  public String name() {
    return "mixpanel";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(
        "region", "endpoint", "serviceAccountUser", "serviceAccountSecret", "projectId", "apiSecret", "batchSize", "deletion");
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    String region = options.optionalString("region").orElse("us");
    String host = REGIONS.get(region);
    if (host == null) {
      throw options.error("region", "region must be us, eu or in");
    }
    URI base = Endpoints.httpUri(options, "endpoint", options.optionalString("endpoint").orElse(host));
    Optional<String> user = options.optionalString("serviceAccountUser");
    Optional<byte[]> saSecret = options.optionalSecret("serviceAccountSecret");
    Optional<String> projectId = options.optionalString("projectId");
    Optional<byte[]> apiSecret = options.optionalSecret("apiSecret");
    String authorization;
    if (apiSecret.isPresent()) {
      if (user.isPresent() || saSecret.isPresent()) {
        throw options.error("apiSecret", "give either apiSecret or a service account, not both");
      }
      authorization = basic(secretText(options, "apiSecret", apiSecret.get()), "");
    } else {
      if (user.isEmpty() || saSecret.isEmpty() || projectId.isEmpty()) {
        throw options.error(
            user.isEmpty() ? "serviceAccountUser" : saSecret.isEmpty() ? "serviceAccountSecret" : "projectId",
            "Mixpanel needs serviceAccountUser, serviceAccountSecret and projectId, or apiSecret");
      }
      if (!projectId.get().matches("[0-9]{1,20}")) {
        throw options.error("projectId", "projectId must be the numeric Mixpanel project id");
      }
      authorization = basic(user.get(), secretText(options, "serviceAccountSecret", saSecret.get()));
    }
    int batchSize = options.intOr("batchSize", MixpanelLimits.MAX_EVENTS);
    if (batchSize < 1 || batchSize > MixpanelLimits.MAX_EVENTS) {
      throw options.error("batchSize", "batchSize must be between 1 and " + MixpanelLimits.MAX_EVENTS);
    }
    return new MixpanelEncoder(base, authorization, projectId.filter(p -> apiSecret.isEmpty()).orElse(null), batchSize);
  }

  @Override
  public Set<String> deletionKeys() {
    return MixpanelDeletion.KEYS;
  }

  @Override
  public Optional<DeletionApi> deletionApi(String destination, Options options) {
    String region = options.optionalString("region").orElse("us");
    return options.optionalBlock("deletion").map(d -> MixpanelDeletion.from(d, region));
  }

  @Override
  public String manualErasure() {
    return "Mixpanel: delete these distinct_ids in the project's Settings > Data & Privacy (End User Data"
        + " Management), or configure deletion: {oauthToken, projectToken} to let Sluice call the GDPR API";
  }

  private static String secretText(Options options, String key, byte[] secret) {
    String s = new String(secret, StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw options.error(key, key + " is empty");
    }
    return s;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
