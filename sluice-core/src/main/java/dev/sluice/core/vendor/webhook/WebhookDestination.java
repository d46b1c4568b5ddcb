package dev.sluice.core.vendor.webhook;

import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.vendor.Endpoints;
import java.util.Set;

/**
 * {@code type: webhook}: JSON batches to a URL, each request signed like Stripe's webhooks.
 *
 * <p>Options: {@code url} (required), {@code secret} (required, {@code {env: NAME}} or {@code
 * {file: PATH}}), {@code batchSize} (default 100), {@code maxBatchBytes} (default 512000).
 */
public final class WebhookDestination implements DestinationType {
  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of("url", "secret", "batchSize", "maxBatchBytes");
  }

  @Override
  public String manualErasure() {
    return "webhook: the receiving system is yours or a partner's; ask its owner to delete the records carrying these ids";
  }

  @Override
  public Encoder encoder(String destination, Options options) {
    options.rejectUnknown(optionKeys());
    var url = Endpoints.httpUri(options, "url", options.requiredString("url"));
    byte[] secret = options.requiredSecret("secret");
    if (secret.length < 16) {
      throw options.error("secret", "webhook signing secret must be at least 16 bytes");
    }
    int batchSize = options.intOr("batchSize", 100);
    int maxBytes = options.intOr("maxBatchBytes", 512_000);
    if (batchSize < 1 || batchSize > 10_000) {
      throw options.error("batchSize", "batchSize must be between 1 and 10000");
    }
    if (maxBytes < 1024) {
      throw options.error("maxBatchBytes", "maxBatchBytes must be at least 1024");
    }
    return new WebhookEncoder(url, secret, batchSize, maxBytes);
  }
}
