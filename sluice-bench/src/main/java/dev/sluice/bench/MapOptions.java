package dev.sluice.bench;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import dev.sluice.core.config.Options;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A destination's {@code options:} block held in a map, so benchmarks build encoders through the
 * same public {@code DestinationType} factories as sluice.yaml does. Secrets are given inline
 * here only because the benchmark invents them.
 */
record MapOptions(Map<String, String> values) implements Options {
  private static final Location WHERE = new Location("<bench>", 0, 0);

  @Override
  public String requiredString(String key) {
    return optionalString(key).orElseThrow(() -> error(key, "is required"));
  }

  @Override
  public Optional<Options> optionalBlock(String key) {
    return Optional.empty(); // the benchmark's destinations take flat options only
  }

  @Override
  public Optional<String> optionalString(String key) {
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public int intOr(String key, int fallback) {
    String v = values.get(key);
    return v == null ? fallback : Integer.parseInt(v);
  }

  @Override
  public byte[] requiredSecret(String key) {
    return requiredString(key).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<byte[]> optionalSecret(String key) {
    return optionalString(key).map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void rejectUnknown(Set<String> known) {
    for (String k : values.keySet()) {
      if (!known.contains(k)) {
        throw error(k, "unknown option '" + k + "'");
      }
    }
  }

  @Override
  public ConfigException error(String key, String problem) {
    return new ConfigException(WHERE, key + ": " + problem);
  }
}
