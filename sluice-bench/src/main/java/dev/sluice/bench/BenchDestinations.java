package dev.sluice.bench;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.keys.PrfPseudonymizer;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.route.Destination;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The destinations the benchmarks route to, built the way start-up builds them: a fresh Tink
 * HMAC-SHA256 PRF keyset per destination, a compiled contract, an encoder from the registry.
 */
final class BenchDestinations {
  private BenchDestinations() {}

  /**
   * A data warehouse behind a webhook: identifiers pseudonymised, all of {@code properties}
   * except the email kept, and five other paths.
   */
  static Destination warehouse() {
    return destination(
        "warehouse",
        "webhook",
        Map.of("url", "https://hooks.example.test/sluice", "secret", "bench-webhook-secret-0123456789"),
        "userId", "pseudonymize",
        "anonymousId", "pseudonymize",
        "properties.**", "keep",
        "properties.email", "drop",
        "traits.plan", "keep",
        "traits.company.name", "keep",
        "context.page.path", "keep",
        "context.locale", "keep",
        "context.library.name", "keep");
  }

  /** Product analytics: one level of properties, device/OS/app facts, the group's company. */
  static Destination productAnalytics() {
    return destination(
        "product-analytics",
        "webhook",
        Map.of("url", "https://ingest.product.example.test/v1", "secret", "bench-product-secret-9876543210"),
        "userId", "pseudonymize",
        "anonymousId", "pseudonymize",
        "groupId", "pseudonymize",
        "name", "keep",
        "properties.*", "keep",
        "properties.email", "drop",
        "properties.products.name", "drop",
        "context.device.type", "keep",
        "context.os.name", "keep",
        "context.app.version", "keep",
        "context.page.path", "keep",
        "traits.plan", "keep",
        "traits.company.**", "keep");
  }

  /** An ad platform on the Segment wire format: revenue facts, campaign, a pseudonymised email. */
  static Destination ads() {
    return destination(
        "ads",
        "segment",
        Map.of("endpoint", "https://api.segment.example.test", "writeKey", "bench-ads-write-key"),
        "userId", "pseudonymize",
        "anonymousId", "pseudonymize",
        "traits.email", "pseudonymize",
        "properties.order_id", "keep",
        "properties.revenue", "keep",
        "properties.currency", "keep",
        "properties.products.sku", "keep",
        "properties.products.price", "keep",
        "context.campaign.**", "keep",
        "context.locale", "keep",
        "context.page.referrer", "keep");
  }

  static Destination destination(
      String name, String type, Map<String, String> options, String... patternActionPairs) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < patternActionPairs.length; i += 2) {
      Action action = Action.byName(patternActionPairs[i + 1]);
      rules.add(
          new Rule(PathPattern.parse(patternActionPairs[i]), action, new Location("bench", i / 2 + 1, 5)));
    }
    Contract contract = ContractCompiler.compile(name, rules, pseudonymizer());
    Encoder encoder =
        DestinationTypes.byName(type).orElseThrow().encoder(name, new MapOptions(options));
    return new Destination(name, contract, encoder);
  }

  /** A fresh per-destination pseudonymizer over a Tink HMAC-SHA256 PRF, epoch 1. */
  static Pseudonymizer pseudonymizer() {
    try {
      PrfConfig.register();
      KeysetHandle h =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                      .withRandomId()
                      .makePrimary())
              .build();
      PrfSet set = h.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      return new PrfPseudonymizer(set.getPrfs().get(set.getPrimaryId()), 1);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a benchmark PRF key", e);
    }
  }
}
