package dev.sluice.server.config;

import dev.sluice.core.risk.Vendor;
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
 * @param vendors the vendor registry ({@code vendors:}), in file order
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
    List<Vendor> vendors,
    List<String> warnings) {
  public SluiceConfig {
    adminTokens = List.copyOf(adminTokens);
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    vendors = List.copyOf(vendors);
    warnings = List.copyOf(warnings);
  }

  /** The master key's bytes; a located ConfigException when it is absent or unusable. */
  public byte[] masterKeyBytes() {
    return masterKey.bytes();
  }

  public Optional<DestinationConfig> destination(String name) {
    return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  public Optional<Vendor> vendor(String name) {
    return vendors.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /**
   * The registry entry of every destination, in destination order: the linked one, or {@link
   * Vendor#unknown} (named after the destination) when the registry does not list it.
   */
  public java.util.Map<String, Vendor> vendorsByDestination() {
    java.util.Map<String, Vendor> out = new java.util.LinkedHashMap<>();
    for (DestinationConfig d : destinations) {
      out.put(d.name(), d.vendor() == null ? Vendor.unknown(d.name()) : vendor(d.vendor()).orElseThrow());
    }
    return out;
  }

  public Optional<SourceConfig> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
