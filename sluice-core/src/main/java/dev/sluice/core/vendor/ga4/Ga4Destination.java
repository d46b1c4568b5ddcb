package dev.sluice.core.vendor.ga4;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * {@code type: ga4}: a Google Analytics 4 web data stream via the Measurement Protocol.
 *
 * <p>Options: {@code measurementId} (required, {@code G-...}), {@code apiSecret} (required
 * secret, the stream's Measurement Protocol API secret), {@code region} ({@code global}, default,
 * or {@code eu}: Google's EU collection host), {@code endpoint} (overrides {@code region}),
 * {@code batchSize} (events per request, default and at most 25).
 */
public final class Ga4Destination implements DestinationType {
  public static final String GLOBAL = "https://www.google-analytics.com";
  public static final String EU = "https://region1.google-analytics.com";

  @Override
  public String name() {
    return "ga4";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("measurementId", "apiSecret", "region", "endpoint", "batchSize");
  }

  @Override
  public String manualErasure() {
    return "Google Analytics 4: delete these user and client ids with the User Deletion API (userDeletionRequests:upsert)"
        + " or the property's user explorer (Delete user)";
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    String region = options.optionalString("region").orElse("global").toLowerCase(Locale.ROOT);
    String host =
        switch (region) {
          case "global" -> GLOBAL;
          case "eu" -> EU;
          default -> throw options.error("region", "region must be global or eu");
        };
    var base = Endpoints.httpUri(options, "endpoint", options.optionalString("endpoint").orElse(host));
    String measurementId = options.requiredString("measurementId").strip();
    if (!measurementId.matches("G-[A-Z0-9]{4,20}")) {
      throw options.error("measurementId", "measurementId must look like G-XXXXXXXXXX (a web stream's measurement ID)");
    }
    String apiSecret = new String(options.requiredSecret("apiSecret"), StandardCharsets.UTF_8).strip();
    if (apiSecret.isEmpty()) {
      throw options.error("apiSecret", "GA4 API secret is empty");
    }
    int batchSize = options.intOr("batchSize", Ga4Rules.MAX_EVENTS);
    if (batchSize < 1 || batchSize > Ga4Rules.MAX_EVENTS) {
      throw options.error("batchSize", "batchSize must be between 1 and 25 (GA4's limit per request)");
    }
    return new Ga4Encoder(base, measurementId, apiSecret, batchSize);
  }
}
