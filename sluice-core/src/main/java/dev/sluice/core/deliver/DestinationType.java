package dev.sluice.core.deliver;

import dev.sluice.core.config.Options;
import java.util.Optional;

/**
 * A destination {@code type:} of sluice.yaml: builds an {@link Encoder} from the destination's
 * options, validating them. One implementation per vendor package; {@link DestinationTypes} maps
 * names to them.
 */
public interface DestinationType {
  /** The {@code type:} value, e.g. {@code webhook}. */
  String name();

  /** Option keys this type understands, for the config schema and unknown-key errors. */
  java.util.Set<String> optionKeys();

  Encoder encoder(String destination, Options options);

  /** Keys of the {@code deletion:} option block, for the config schema; empty without a deletion API. */
  default java.util.Set<String> deletionKeys() {
    return java.util.Set.of();
  }

  /**
   * The vendor's deletion API for erasure requests, from the {@code deletion:} block of the
   * destination's options (checked here, at load time); empty when the block is absent. Types
   * whose vendor has no such API do not list {@code deletion} among their option keys.
   */
  default Optional<DeletionApi> deletionApi(String destination, Options options) {
    return Optional.empty();
  }

  /**
   * For erasure requests that are not sent by Sluice: what to send and where, in the vendor's own
   * terms (its UI or API), for the operator to do by hand.
   */
  String manualErasure();
}
