package dev.sluice.server.config;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.AnchorNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, located reads over the YAML node tree of one config file. Every failure is a {@link
 * ConfigException} at the node that caused it, its problem prefixed with the field's path
 * ({@code server.ingest.port: ...}). Strings must be YAML strings: {@code name: 2024} or {@code
 * country: no} is an error with a hint to quote it, not a silent conversion.
 */
final class ConfigReader {
  /** Secret files larger than this are refused: a secret is a few dozen bytes, not a document. */
  static final int MAX_SECRET_FILE_BYTES = 64 * 1024;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})\\s*(ms|s|m|h)");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");

  private final Path file;
  private final String label;
  private final Path dir;
  private final Map<String, String> env;

  ConfigReader(Path file, Map<String, String> env) {
    this.file = file;
    this.label = file.toString();
    Path abs = file.toAbsolutePath().normalize();
    this.dir = abs.getParent() != null ? abs.getParent() : abs.getRoot();
    this.env = env;
  }

  /** The config file's directory, against which relative paths resolve. */
  Path dir() {
    return dir;
  }

  String env(String name) {
    return env.get(name);
  }

  // ---- parsing --------------------------------------------------------------------------

  /**
   * Reads the file as UTF-8, composes its single YAML document and checks every mapping for
   * duplicate and merge keys. Never returns null.
   */
  Node parse() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(fileLocation(), "config file does not exist");
    } catch (AccessDeniedException e) {
      throw new ConfigException(fileLocation(), "config file cannot be read: permission denied");
    } catch (IOException e) {
      throw new ConfigException(fileLocation(), "config file cannot be read: " + e.getMessage());
    }
    int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF ? 3 : 0;
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(byteLocation(bytes, in.position()), "the file is not valid UTF-8");
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ConfigException(m == null ? fileLocation() : at(m), "YAML syntax error: " + describe(e));
    } catch (YAMLException e) {
      throw new ConfigException(fileLocation(), "YAML error: " + e.getMessage());
    }
    if (root == null) {
      throw new ConfigException(new Location(label, 1, 1), "the config file is empty");
    }
    checkKeys(root, "", Collections.newSetFromMap(new IdentityHashMap<>()));
    return root;
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
    if (e.getContext() != null && e.getContextMark() != null && e.getProblemMark() != null
        && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
      return problem + " (" + e.getContext() + " started at line " + (e.getContextMark().getLine() + 1) + ")";
    }
    return e.getContext() != null ? problem + " (" + e.getContext() + ")" : problem;
  }

  private Location byteLocation(byte[] bytes, int pos) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < pos && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(label, line, pos - lineStart + 1);
  }

  /** Duplicate keys, non-scalar keys and merge keys, anywhere in the tree. */
  private void checkKeys(Node n, String path, Set<Node> seen) {
    if (!seen.add(n)) {
      return;
    }
    if (n instanceof MappingNode m) {
      Map<String, Node> keys = new HashMap<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode s) || Tag.NULL.equals(k.getTag())) {
          throw error(k, path, "map keys must be plain names, got " + kind(k));
        }
        if (Tag.MERGE.equals(s.getTag())) {
          throw error(k, path, "merge keys (<<) are not supported; write the keys out or alias the whole value");
        }
        Node first = keys.putIfAbsent(s.getValue(), k);
        if (first != null) {
          throw error(k, path, "duplicate key '" + s.getValue() + "' (first written at line "
              + line(first) + ", column " + column(first) + ")");
        }
        checkKeys(t.getValueNode(), join(path, s.getValue()), seen);
      }
    } else if (n instanceof SequenceNode q) {
      List<Node> items = q.getValue();
      for (int i = 0; i < items.size(); i++) {
        checkKeys(items.get(i), path + "[" + i + "]", seen);
      }
    }
  }

  // ---- locations and errors -------------------------------------------------------------

  Location fileLocation() {
    return new Location(label, 0, 0);
  }

  Location at(Node n) {
    Mark m = n.getStartMark();
    return m == null ? fileLocation() : at(m);
  }

  private Location at(Mark m) {
    return new Location(label, m.getLine() + 1, m.getColumn() + 1);
  }

  static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  static int column(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getColumn() + 1;
  }

  ConfigException error(Node n, String path, String problem) {
    return new ConfigException(at(n), prefix(path, problem));
  }

  static String prefix(String path, String problem) {
    return path.isEmpty() ? problem : path + ": " + problem;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** What a node is, for "expected X, got Y" messages. */
  static String kind(Node n) {
    if (n instanceof AnchorNode a) {
      return kind(a.getRealNode());
    }
    if (n instanceof MappingNode) {
      return "a map";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    Tag t = n.getTag();
    if (Tag.NULL.equals(t)) {
      return "an empty value";
    }
    if (Tag.STR.equals(t)) {
      return "a string";
    }
    if (Tag.INT.equals(t)) {
      return "an integer";
    }
    if (Tag.FLOAT.equals(t)) {
      return "a number";
    }
    if (Tag.BOOL.equals(t)) {
      return "a boolean";
    }
    if (Tag.TIMESTAMP.equals(t)) {
      return "a date";
    }
    if (Tag.BINARY.equals(t)) {
      return "binary data";
    }
    return "a value tagged " + t.getValue();
  }

  private static boolean isString(Node n) {
    return n instanceof ScalarNode && Tag.STR.equals(n.getTag());
  }

  // ---- typed reads ----------------------------------------------------------------------

  YamlMapping mapping(Node n, String path) {
    if (n instanceof MappingNode m) {
      return new YamlMapping(this, m, path);
    }
    throw error(n, path, "expected a map, got " + kind(n));
  }

  /** The items of a list; {@code of} names them for the message ("expected a list of strings"). */
  List<Node> list(Node n, String path, String of) {
    if (n instanceof SequenceNode q) {
      return q.getValue();
    }
    throw error(n, path, "expected a list of " + of + ", got " + kind(n));
  }

  String string(Node n, String path) {
    if (isString(n)) {
      return ((ScalarNode) n).getValue();
    }
    String hint = n instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())
        ? " (quote it to make it a string: \"" + s.getValue() + "\")"
        : "";
    throw error(n, path, "expected a string, got " + kind(n) + hint);
  }

  List<String> stringList(Node n, String path) {
    List<Node> items = list(n, path, "strings");
    String[] out = new String[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = string(items.get(i), path + "[" + i + "]");
    }
    return Arrays.asList(out);
  }

  /** A whole number written in decimal, within {@code [min, max]}. */
  long integer(Node n, String path, long min, long max) {
    if (!(n instanceof ScalarNode s) || !Tag.INT.equals(n.getTag())) {
      throw error(n, path, "expected an integer, got " + kind(n));
    }
    String v = s.getValue();
    if (!DECIMAL.matcher(v).matches()) {
      throw error(n, path, "write integers in decimal, not '" + v + "'");
    }
    long x;
    try {
      x = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(n, path, v + " is out of range (" + min + " to " + max + ")");
    }
    if (x < min || x > max) {
      throw error(n, path, v + " is out of range (" + min + " to " + max + ")");
    }
    return x;
  }

  /**
   * A calendar date written {@code YYYY-MM-DD}, quoted or not (YAML reads an unquoted one as a
   * timestamp; a time of day is refused, since every date here is a day).
   */
  java.time.LocalDate date(Node n, String path) {
    if (!(n instanceof ScalarNode s) || !(Tag.TIMESTAMP.equals(n.getTag()) || Tag.STR.equals(n.getTag()))) {
      throw error(n, path, "expected a date (YYYY-MM-DD), got " + kind(n));
    }
    try {
      return java.time.LocalDate.parse(s.getValue().strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw error(n, path, "'" + s.getValue() + "' is not a date: write YYYY-MM-DD, e.g. 2026-03-01");
    }
  }

  /** A size: an integer number of bytes, or a string such as {@code 32KB} (see {@link ByteSize}). */
  long size(Node n, String path, long min, long max) {
    long x;
    if (n instanceof ScalarNode && Tag.INT.equals(n.getTag())) {
      x = integer(n, path, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (isString(n)) {
      try {
        x = ByteSize.parse(((ScalarNode) n).getValue());
      } catch (IllegalArgumentException e) {
        throw error(n, path, e.getMessage());
      }
    } else {
      throw error(n, path, "expected a size (bytes, or a string such as \"32KB\"), got " + kind(n));
    }
    if (x < min) {
      throw error(n, path, "must be at least " + min + (min == 1 ? " byte" : " bytes") + ", got " + x);
    }
    if (x > max) {
      throw error(n, path, "must be at most " + max + " bytes, got " + x);
    }
    return x;
  }

  /** A duration: a string {@code <whole number><unit>}, unit {@code ms}, {@code s}, {@code m} or {@code h}. */
  Duration duration(Node n, String path, Duration min, Duration max) {
    if (!isString(n)) {
      throw error(n, path, "expected a duration such as \"30s\" or \"500ms\", got " + kind(n));
    }
    String v = ((ScalarNode) n).getValue().trim();
    java.util.regex.Matcher dm = DURATION.matcher(v);
    if (!dm.matches()) {
      throw error(n, path, "'" + v + "' is not a duration: write a whole number and a unit (ms, s, m, h), e.g. \"30s\"");
    }
    long amount;
    try {
      amount = Long.parseLong(dm.group(1));
    } catch (NumberFormatException e) {
      throw error(n, path, "'" + v + "' is out of range (" + min + " to " + max + ")");
    }
    Duration d = switch (dm.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(Math.min(amount, Long.MAX_VALUE / 1000));
      case "m" -> Duration.ofMinutes(Math.min(amount, Long.MAX_VALUE / 60_000));
      default -> Duration.ofHours(Math.min(amount, Long.MAX_VALUE / 3_600_000));
    };
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(n, path, "'" + v + "' is out of range (" + human(min) + " to " + human(max) + ")");
    }
    return d;
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }

  /** A path; relative ones resolve against the config file's directory. */
  Path path(Node n, String path) {
    String v = string(n, path);
    if (v.isBlank()) {
      throw error(n, path, "path is empty");
    }
    try {
      return dir.resolve(v).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw error(n, path, "'" + v + "' is not a valid path: " + e.getReason());
    }
  }

  // ---- secrets --------------------------------------------------------------------------

  /** A secret reference {@code {env: NAME}} or {@code {file: PATH}}; inline values are refused. */
  SecretRef secretRef(Node n, String path) {
    if (isString(n) || (n instanceof ScalarNode && !Tag.NULL.equals(n.getTag()))) {
      throw error(n, path, "secrets must be given as {env: NAME} or {file: PATH}, not inline");
    }
    if (!(n instanceof MappingNode)) {
      throw error(n, path, "expected a secret reference {env: NAME} or {file: PATH}, got " + kind(n));
    }
    YamlMapping m = mapping(n, path);
    m.rejectUnknown(Set.of("env", "file"));
    var envNode = m.get("env");
    var fileNode = m.get("file");
    if (envNode.isPresent() && fileNode.isPresent()) {
      throw m.error("give either env or file, not both");
    }
    if (envNode.isPresent()) {
      String name = string(envNode.get(), join(path, "env"));
      if (!ENV_NAME.matcher(name).matches()) {
        throw error(envNode.get(), join(path, "env"), "'" + name + "' is not an environment variable name");
      }
      return new SecretRef.Env(name, at(envNode.get()));
    }
    if (fileNode.isPresent()) {
      return new SecretRef.File(path(fileNode.get(), join(path, "file")), at(fileNode.get()));
    }
    throw m.error("expected {env: NAME} or {file: PATH}, got an empty map");
  }

  /** The secret's bytes, resolved now; a located error when the variable or file is missing. */
  byte[] resolve(SecretRef ref, String path) {
    return switch (ref) {
      case SecretRef.Env e -> envSecret(e, env.get(e.variable()), path);
      case SecretRef.File f -> fileSecret(f, path);
    };
  }

  static byte[] envSecret(SecretRef.Env ref, String value, String path) {
    if (value == null) {
      throw new ConfigException(ref.location(),
          prefix(path, "environment variable " + ref.variable() + " is not set"));
    }
    if (value.isEmpty()) {
      throw new ConfigException(ref.location(),
          prefix(path, "environment variable " + ref.variable() + " is empty"));
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The file's bytes with one trailing newline (LF or CRLF) removed. */
  static byte[] fileSecret(SecretRef.File ref, String path) {
    Path p = ref.path();
    byte[] b;
    try {
      if (Files.isDirectory(p)) {
        throw new ConfigException(ref.location(), prefix(path, "secret file " + p + " is a directory"));
      }
      if (Files.size(p) > MAX_SECRET_FILE_BYTES) {
        throw new ConfigException(ref.location(),
            prefix(path, "secret file " + p + " is larger than " + MAX_SECRET_FILE_BYTES + " bytes"));
      }
      b = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new ConfigException(ref.location(), prefix(path, "secret file " + p + " does not exist"));
    } catch (AccessDeniedException e) {
      throw new ConfigException(ref.location(),
          prefix(path, "secret file " + p + " cannot be read: permission denied"));
    } catch (IOException e) {
      throw new ConfigException(ref.location(),
          prefix(path, "secret file " + p + " cannot be read: " + e.getMessage()));
    }
    int n = b.length;
    if (n > 0 && b[n - 1] == '\n') {
      n--;
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
    }
    if (n == 0) {
      throw new ConfigException(ref.location(), prefix(path, "secret file " + p + " is empty"));
    }
    return n == b.length ? b : Arrays.copyOf(b, n);
  }
}
