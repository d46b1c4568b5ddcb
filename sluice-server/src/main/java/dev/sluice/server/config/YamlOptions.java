package dev.sluice.server.config;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Options;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A destination's {@code options:} block for its {@link dev.sluice.core.deliver.DestinationType}.
 * Errors point at the option's value, or at the block (the destination entry when {@code options:}
 * is absent) for a missing key. Secrets are resolved through the loader's environment map.
 */
final class YamlOptions implements Options {
  private final ConfigReader reader;
  private final YamlMapping map; // null when the destination has no options: block
  private final Node block;
  private final String path;

  YamlOptions(ConfigReader reader, YamlMapping map, Node block, String path) {
    this.reader = reader;
    this.map = map;
    this.block = block;
    this.path = path;
  }

  private Optional<Node> node(String key) {
    return map == null ? Optional.empty() : map.get(key);
  }

  private String path(String key) {
    return ConfigReader.join(path, key);
  }

  @Override
  public String requiredString(String key) {
    Node n = node(key).orElseThrow(() -> missing(key));
    return reader.string(n, path(key));
  }

  @Override
  public Optional<String> optionalString(String key) {
    return node(key).map(n -> reader.string(n, path(key)));
  }

  @Override
  public int intOr(String key, int fallback) {
    return node(key)
        .map(n -> (int) reader.integer(n, path(key), Integer.MIN_VALUE, Integer.MAX_VALUE))
        .orElse(fallback);
  }

  @Override
  public byte[] requiredSecret(String key) {
    Node n = node(key).orElseThrow(() -> missing(key));
    return reader.resolve(reader.secretRef(n, path(key)), path(key));
  }

  @Override
  public Optional<byte[]> optionalSecret(String key) {
    return node(key).map(n -> reader.resolve(reader.secretRef(n, path(key)), path(key)));
  }

  @Override
  public Optional<Options> optionalBlock(String key) {
    return node(key).map(n -> new YamlOptions(reader, reader.mapping(n, path(key)), n, path(key)));
  }

  @Override
  public void rejectUnknown(Set<String> known) {
    if (map != null) {
      map.rejectUnknown(known);
    }
  }

  @Override
  public ConfigException error(String key, String problem) {
    return node(key)
        .map(n -> reader.error(n, path(key), problem))
        .orElseGet(() -> reader.error(block, path(key), problem));
  }

  private ConfigException missing(String key) {
    return reader.error(block, path, "missing required option '" + key + "'");
  }
}
