package dev.sluice.core.deliver;

import dev.sluice.core.config.Options;

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
}
