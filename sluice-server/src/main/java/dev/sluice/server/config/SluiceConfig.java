package dev.sluice.server.config;

import dev.sluice.core.vendor.segment.SegmentLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, validated sluice.yaml. Everything is checked and every option secret resolved at load
 * time, except the master key: {@link #masterKeyBytes()} resolves it on demand.
 *
 * @param file the config file, absolute
 * @param adminTokens {@code admin.tokens}; empty when none (the admin API is then disabled)
 * @param limits ingest limits ({@code limits:}), Segment's defaults unless overridden
 * @param sources in file order
 * @param destinations in file order
 * @param warnings things a person should see at start-up, each prefixed with its location
 *     (identity fields forwarded raw, admin listener off loopback, CORS "*", trusting every proxy)
 */
public record SluiceConfig(
    Path file,
    ServerSettings server,
    List<AdminToken> adminTokens,
    StorageSettings storage,
    MasterKeyRef masterKey,
    SegmentLimits limits,
    List<SourceConfig> sources,
    List<DestinationConfig> destinations,
    List<String> warnings) {
  public SluiceConfig {
    adminTokens = List.copyOf(adminTokens);
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    warnings = List.copyOf(warnings);
  }

  /** The master key's bytes; a located ConfigException when it is absent or unusable. */
  public byte[] masterKeyBytes() {
    return masterKey.bytes();
  }

  public Optional<DestinationConfig> destination(String name) {
    return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public Optional<SourceConfig> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
