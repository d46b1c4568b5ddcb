package dev.sluice.server.config;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.EditDistance;
import dev.sluice.core.config.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A YAML mapping with its path in the file: keyed access, required keys, unknown-key checks. */
final class YamlMapping {
  private final ConfigReader reader;
  private final MappingNode node;
  private final String path;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  YamlMapping(ConfigReader reader, MappingNode node, String path) {
    this.reader = reader;
    this.node = node;
    this.path = path;
    for (NodeTuple t : node.getValue()) {
      // Keys are known to be unique scalars: ConfigReader.parse checked the whole tree.
      entries.put(((ScalarNode) t.getKeyNode()).getValue(), t);
    }
  }

  String path() {
    return path;
  }

  /** The dotted path of {@code key} in this mapping. */
  String path(String key) {
    return ConfigReader.join(path, key);
  }

  Node node() {
    return node;
  }

  Location location() {
    return reader.at(node);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Key nodes and value nodes in file order. */
  List<NodeTuple> tuples() {
    return new ArrayList<>(entries.values());
  }

  Optional<Node> get(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? Optional.empty() : Optional.of(t.getValueNode());
  }

  Node required(String key) {
    return get(key).orElseThrow(() -> error("missing required key '" + key + "'"));
  }

  /** Fails on the first key not in {@code known}, naming it and listing the known ones. */
  void rejectUnknown(Set<String> known) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        String k = e.getKey();
        String where = path.isEmpty() ? "unknown top-level key '" + k + "'" : "unknown key '" + k + "'";
        String guess = closest(k, known);
        throw new ConfigException(
            reader.at(e.getValue().getKeyNode()),
            ConfigReader.prefix(path, where
                + (guess != null ? " (did you mean '" + guess + "'?)" : "")
                + "; known keys: " + String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  /** An error located at this mapping. */
  ConfigException error(String problem) {
    return reader.error(node, path, problem);
  }

  /** The known name closest to {@code k}, when it is close enough to be a likely typo. */
  static String closest(String k, Set<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(known)) {
      int d = EditDistance.of(k.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best != null && bestD <= Math.max(1, Math.min(3, best.length() / 3)) ? best : null;
  }
}
