package dev.sluice.core.vendor.posthog;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: posthog}: PostHog Cloud (US or EU) or a self-hosted PostHog, via {@code /batch/}.
 *
 * <p>Options: {@code apiKey} (required secret: the project API key, {@code phc_...}), {@code
 * region} ({@code us}, default, or {@code eu}), {@code endpoint} (a self-hosted instance's URL;
 * overrides {@code region}), {@code groupType} (the {@code $group_type} for group calls that do
 * not name one; default {@code company}), {@code batchSize} (default 100, at most 1000), {@code deletion} (personal API key
 * and project id for erasure requests, see {@link PostHogDeletion}).
 */
public final class PostHogDestination implements DestinationType {
  public static final String US = "https://us.i.posthog.com";
  public static final String EU = "https://eu.i.posthog.com";
  /** PostHog documents 20 MB per capture request. */
  static final int MAX_BATCH_BYTES = 20 * 1024 * 1024;

  @Override
  public String name() {
    return "posthog";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("apiKey", "region", "endpoint", "groupType", "batchSize", "deletion");
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    String region = options.optionalString("region").orElse("us").toLowerCase(Locale.ROOT);
    String host =
        switch (region) {
          case "us" -> US;
          case "eu" -> EU;
          default -> throw options.error("region", "region must be us or eu (use endpoint for a self-hosted PostHog)");
        };
    var base = Endpoints.httpUri(options, "endpoint", options.optionalString("endpoint").orElse(host));
    String apiKey = new String(options.requiredSecret("apiKey"), StandardCharsets.UTF_8).strip();
    if (apiKey.isEmpty()) {
      throw options.error("apiKey", "PostHog project API key is empty");
    }
    String groupType = options.optionalString("groupType").orElse("company");
    if (groupType.isBlank()) {
      throw options.error("groupType", "groupType must not be empty");
    }
    int batchSize = options.intOr("batchSize", 100);
    if (batchSize < 1 || batchSize > 1000) {
      throw options.error("batchSize", "batchSize must be between 1 and 1000");
    }
    return new PostHogEncoder(base, apiKey, groupType, batchSize, MAX_BATCH_BYTES);
  }

  @Override
  public Set<String> deletionKeys() {
    return PostHogDeletion.KEYS;
  }

  @Override
  public Optional<DeletionApi> deletionApi(String destination, Options options) {
    // A self-hosted instance serves its API on the same host as capture; Cloud on the app host.
    String appHost = options.optionalString("endpoint")
        .orElse(options.optionalString("region").orElse("us").equalsIgnoreCase("eu") ? PostHogDeletion.EU_APP : PostHogDeletion.US_APP);
    return options.optionalBlock("deletion").map(d -> PostHogDeletion.from(d, appHost));
  }

  @Override
  public String manualErasure() {
    return "PostHog: delete the persons with these distinct ids (People > person > Delete person, with their"
        + " events), or configure deletion: {personalApiKey, projectId} to let Sluice call the persons API";
  }
}
