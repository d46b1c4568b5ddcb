package dev.sluice.core.vendor.amplitude;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code type: amplitude}: events to Amplitude's HTTP V2 API ({@code /2/httpapi}).
 *
 * <p>Options: {@code apiKey} (required secret), {@code region} ({@code us} default or {@code eu}),
 * {@code endpoint} (overrides the host), {@code batchSize} (default 1000, at most 2000), {@code
 * minIdLength} (sent as {@code options.min_id_length}; Amplitude's default is 5), {@code deletion} (the User Privacy API
 * credentials for erasure requests, see {@link AmplitudeDeletion}).
 */
public final class AmplitudeDestination implements DestinationType {
  public static final Map<String, String> REGIONS =
      Map.of("us", "https://api2.amplitude.com", "eu", "https://api.eu.amplitude.com");

  @Override
  public String name() {
    return "amplitude";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("apiKey", "region", "endpoint", "batchSize", "minIdLength", "deletion");
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    String region = options.optionalString("region").orElse("us");
    String host = REGIONS.get(region);
    if (host == null) {
      throw options.error("region", "region must be us or eu");
    }
    URI base = Endpoints.httpUri(options, "endpoint", options.optionalString("endpoint").orElse(host));
    String apiKey = apiKey(options);
    int batchSize = options.intOr("batchSize", 1000);
    if (batchSize < 1 || batchSize > AmplitudeLimits.MAX_EVENTS) {
      throw options.error("batchSize", "batchSize must be between 1 and " + AmplitudeLimits.MAX_EVENTS);
    }
    int minIdLength = options.intOr("minIdLength", -1); // -1: not given, Amplitude's default applies
    if (minIdLength == 0 || minIdLength < -1) {
      throw options.error("minIdLength", "minIdLength must be at least 1");
    }
    return new AmplitudeEncoder(base, apiKey, batchSize, Math.max(0, minIdLength));
  }

  @Override
  public Set<String> deletionKeys() {
    return AmplitudeDeletion.KEYS;
  }

  @Override
  public Optional<DeletionApi> deletionApi(String destination, Options options) {
    String region = options.optionalString("region").orElse("us");
    return options.optionalBlock("deletion").map(d -> AmplitudeDeletion.from(d, region, apiKey(options)));
  }

  @Override
  public String manualErasure() {
    return "Amplitude: delete these user ids in Settings > Privacy (User Privacy API page), or configure"
        + " deletion: {secretKey} to let Sluice call the User Privacy API";
  }

  private static String apiKey(Options options) {
    String apiKey = new String(options.requiredSecret("apiKey"), StandardCharsets.UTF_8).strip();
    if (apiKey.isEmpty() || !apiKey.matches("[\\x21-\\x7e]+")) {
      throw options.error("apiKey", "Amplitude api key is empty or holds spaces or control characters");
    }
    return apiKey;
  }
}
