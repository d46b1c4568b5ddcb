package dev.sluice.core.config;

import java.util.Optional;
import java.util.Set;

/**
 * A destination's {@code options:} block as a vendor package sees it: typed reads that fail with a
 * {@link ConfigException} pointing at the offending line. Secrets arrive already resolved from
 * their environment variable or file reference; the reference is what the config holds.
 */
public interface Options {
  String requiredString(String key);

  Optional<String> optionalString(String key);

  int intOr(String key, int fallback);

  /** A secret given as {@code {env: NAME}} or {@code {file: PATH}}; never written inline. */
  byte[] requiredSecret(String key);

  Optional<byte[]> optionalSecret(String key);

  /** A nested block such as {@code deletion:}, read the same way; empty when absent. */
  Optional<Options> optionalBlock(String key);

  /** Fails on keys not in {@code known}, naming the first unknown one. */
  void rejectUnknown(Set<String> known);

  /** An error located at {@code key}, or at the block itself when the key is absent. */
  ConfigException error(String key, String problem);
}
