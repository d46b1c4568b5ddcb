package dev.sluice.core.vendor.segment;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code type: segment}: forwards to any Segment-compatible HTTP Tracking API ({@code
 * /v1/batch}).
 *
 * <p>Options: {@code writeKey} (required secret), {@code endpoint} (default {@code
 * https://api.segment.io}), {@code batchSize} (default 100, Segment allows 2500).
 */
public final class SegmentDestination implements DestinationType {
  public static final String DEFAULT_ENDPOINT = "https://api.segment.io";

  @Override
  public String name() {
    return "segment";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("writeKey", "endpoint", "batchSize");
  }

  @Override
  public String manualErasure() {
    return "Segment: file a deletion regulation for these userIds (Privacy > Deletion & Suppression, or the Public API's"
        + " POST /regulations with regulationType DELETE_ONLY), then the same in the tools Segment forwards to";
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    String endpoint = options.optionalString("endpoint").orElse(DEFAULT_ENDPOINT);
    var base = Endpoints.httpUri(options, "endpoint", endpoint);
    String writeKey = new String(options.requiredSecret("writeKey"), StandardCharsets.UTF_8).strip();
    if (writeKey.isEmpty()) {
      throw options.error("writeKey", "Segment write key is empty");
    }
    int batchSize = options.intOr("batchSize", 100);
    if (batchSize < 1 || batchSize > SegmentLimits.DEFAULT.maxBatchEvents()) {
      throw options.error("batchSize", "batchSize must be between 1 and 2500");
    }
    return new SegmentEncoder(base, writeKey, batchSize);
  }
}
