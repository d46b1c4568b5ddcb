package dev.sluice.server.config;

import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Rule;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code destinations:}: its type, the encoder built from its options (credentials
 * already resolved and checked), its contract rules in file order (each with its location), and
 * what to do with personal data found in kept fields, and how long one vendor request may take.
 *
 * @param deletion the vendor's deletion API for erasure requests ({@code options.deletion}), or
 *     null when the type has none or no credentials are configured
 * @param canaries automatic canary injection ({@code canaries:}), or null when off
 * @param vendor the vendor registry entry it belongs to ({@code vendor:}, or the entry of the same
 *     name), or null when the registry does not list it
 */
public record DestinationConfig(
    String name,
    DestinationType type,
    String vendor,
    Encoder encoder,
    DeletionApi deletion,
    List<Rule> rules,
    OnPii onPii,
    Duration requestTimeout,
    Canaries canaries,
    Location location) {
  /** How long a vendor may take to answer one batch before the sender gives up and retries. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * {@code canaries:}: inject one synthetic canary identity into this destination every {@code
   * every}, its email alias at {@code domain} (docs/incident.md).
   */
  public record Canaries(Duration every, String domain) {
    public static final String DEFAULT_DOMAIN = "canary.example.com";
  }

  /** The vendor name canaries and reports use: the registry entry, else the destination's own name. */
  public String vendorName() {
    return vendor == null ? name : vendor;
  }

  public DestinationConfig {
    rules = List.copyOf(rules);
  }

  /** The compiled contract for this destination under {@code pseudonymizer} (its keyset). */
  public Contract contract(Pseudonymizer pseudonymizer) {
    return ContractCompiler.compile(name, rules, onPii, pseudonymizer);
  }
}
