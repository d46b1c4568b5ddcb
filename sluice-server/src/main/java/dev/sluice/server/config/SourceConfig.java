package dev.sluice.server.config;

import dev.sluice.core.config.Location;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code sources:}. {@code writeKeys} are resolved (inline or from env/file), unique
 * across all sources; {@code allowedOrigins} are normalised lower-case origins or the single entry
 * {@code "*"} (empty: no cross-origin browser traffic); {@code destinations} are names of
 * configured destinations, every destination in file order when the key is absent.
 */
public record SourceConfig(
    String name,
    Set<String> writeKeys,
    List<String> allowedOrigins,
    List<String> destinations,
    Location location) {
  public SourceConfig {
    writeKeys = Collections.unmodifiableSet(new LinkedHashSet<>(writeKeys));
    allowedOrigins = List.copyOf(allowedOrigins);
    destinations = List.copyOf(destinations);
  }

  /** True when a browser page from {@code origin} may send to this source. */
  public boolean allowsOrigin(String origin) {
    return allowedOrigins.contains("*") || allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT));
  }

  /** Write keys may come from a secret store, so they are not printed. */
  @Override
  public String toString() {
    return "SourceConfig[name=" + name + ", writeKeys=<" + writeKeys.size() + " hidden>, allowedOrigins="
        + allowedOrigins + ", destinations=" + destinations + ", location=" + location + "]";
  }
}
