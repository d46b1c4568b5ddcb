package dev.sluice.server.config;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.core.deliver.DestinationType;
import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.generalize.GeneralizeContext;
import dev.sluice.core.generalize.Generalizer;
import dev.sluice.core.generalize.Generalizers;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.risk.Vendor;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.admin.Scope;
import dev.sluice.server.geo.MmdbCountryLookup;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads sluice.yaml into a validated {@link SluiceConfig}, failing closed: the first problem found
 * is thrown as a {@link ConfigException} naming the file, line, column and field. Destination
 * encoders are built here, so missing credentials fail at load time; contracts are compiled once
 * (without keys) to validate them and to collect their warnings, and their {@code generalize:}
 * actions are built against a {@link GeneralizeContext}. The key reference is in
 * docs/configuration.md.
 */
public final class ConfigLoader {
  static final Set<String> TOP_KEYS =
      Set.of("server", "admin", "storage", "keys", "limits", "sources", "destinations", "vendors");
  static final Set<String> SERVER_KEYS =
      Set.of("ingest", "admin", "trustedProxies", "idleTimeout", "maxConnections", "minRequestDataRate");
  static final Set<String> LISTENER_KEYS = Set.of("host", "port");
  static final Set<String> ADMIN_KEYS = Set.of("tokens");
  static final Set<String> ADMIN_TOKEN_KEYS = Set.of("name", "token", "scopes");
  /** Shorter admin tokens are refused: they would be guessable. */
  static final int MIN_ADMIN_TOKEN_LENGTH = 16;
  static final Set<String> STORAGE_KEYS = Set.of("dataDir", "outboxMaxBytes", "sampleEvery", "sampleRetentionDays");
  static final Set<String> KEYS_KEYS = Set.of("masterKey");
  static final Set<String> LIMITS_KEYS =
      Set.of("maxEventBytes", "maxBatchBytes", "maxBatchEvents", "maxDepth", "maxStringLength");
  static final Set<String> SOURCE_KEYS = Set.of("name", "writeKeys", "allowedOrigins", "destinations");
  static final Set<String> DESTINATION_KEYS = Set.of("name", "type", "vendor", "options", "onPii", "requestTimeout", "canaries", "contract");
  static final Set<String> CANARY_KEYS = Set.of("every", "domain");
  static final Set<String> VENDOR_KEYS = Set.of(
      "name", "legalName", "domains", "regions", "subProcessors", "certifications", "dpaSigned",
      "breachNotificationHours", "mfa", "retentionDays", "accessReview", "evidence");
  static final Set<String> CERTIFICATION_KEYS = Set.of("name", "expires");
  static final Set<String> ACCESS_REVIEW_KEYS = Set.of("date", "outcome");
  /** The one key of an action written as a map, {@code {generalize: KIND}}. */
  static final String GENERALIZE = "generalize";
  /** The generalize kinds as error messages list them, {@code bucket(N)} included. */
  private static final Set<String> KINDS = Set.of(Generalizers.VALID.split(", "));
  /** Actions written as a plain word, as error messages list them ({@code pseudonymise} aside). */
  static final List<String> SCALAR_ACTIONS = List.of("keep", "drop", "pseudonymize", "sha256", "redact");
  /** The {@code onPii:} spellings, default first. */
  static final String ON_PII_VALUES = Arrays.stream(OnPii.values())
      .map(OnPii::spelling).collect(Collectors.joining(", "));

  /**
   * The bundled IP-to-country database, built on first lookup and then shared by every config this
   * process loads: most configs never generalise to a country, and {@code sluice check} never
   * looks one up, so neither pays for reading 8 MB. (A lambda, not a method reference: the MaxMind
   * reader classes are not even loaded until then.)
   */
  private static final LazyCountryLookup BUNDLED_COUNTRIES =
      new LazyCountryLookup(() -> MmdbCountryLookup.fromClasspath(), ConfigLoader::bundledDatabaseExists);

  /** Source and destination names: safe in URLs, metric labels and file names. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern HOST_NAME = Pattern.compile(
      "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  static final int MAX_WRITE_KEY_LENGTH = 256;
  static final int MAX_DEPTH_LIMIT = 1000;

  private final ConfigReader r;
  private final GeneralizeContext generalize;
  private final List<String> warnings = new ArrayList<>();
  private boolean countriesChecked;

  private ConfigLoader(ConfigReader reader, GeneralizeContext generalize) {
    this.r = reader;
    this.generalize = generalize;
  }

  /**
   * Loads and validates {@code file}. Secrets written as {@code {env: NAME}} are read from {@code
   * env} (pass {@code System.getenv()} in production), never from the process environment
   * directly. Relative paths in the file resolve against the file's directory.
   *
   * <p>{@code generalize:} actions use {@link #defaultContext()}: the bundled IP-to-country
   * database, read on the first {@code country} lookup (a missing database still stops loading when
   * a contract uses {@code country}), and today's date from the system clock in UTC.
   *
   * @throws ConfigException the first problem, located in the file
   */
  public static SluiceConfig load(Path file, Map<String, String> env) {
    return load(file, env, defaultContext());
  }

  /**
   * {@link #load(Path, Map)} with {@code generalize:} actions built against {@code context}: its
   * country lookup backs {@code generalize: country} (null: that kind is an error) and its today
   * backs {@code age-band}. Loading never calls the lookup.
   *
   * @throws ConfigException the first problem, located in the file
   */
  public static SluiceConfig load(Path file, Map<String, String> env, GeneralizeContext context) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(context, "context");
    return new ConfigLoader(new ConfigReader(file, env), context).load(file);
  }

  /**
   * The production context: the bundled IP-to-country database, loaded lazily on its first lookup
   * and shared process-wide ({@link LazyCountryLookup}), and today from the system UTC clock.
   */
  public static GeneralizeContext defaultContext() {
    return GeneralizeContext.of(BUNDLED_COUNTRIES, Clock.systemUTC());
  }

  /** Fails, naming the resource and how the build installs it, when the database is not bundled. */
  private static void bundledDatabaseExists() {
    if (MmdbCountryLookup.class.getResource(MmdbCountryLookup.RESOURCE) == null) {
      MmdbCountryLookup.fromClasspath(); // throws the loader's own "is missing" explanation
    }
  }

  private SluiceConfig load(Path file) {
    Node root = r.parse();
    if (!(root instanceof MappingNode)) {
      throw r.error(root, "", "expected a map at the top level (keys: "
          + String.join(", ", sorted(TOP_KEYS)) + "), got " + ConfigReader.kind(root));
    }
    YamlMapping top = r.mapping(root, "");
    top.rejectUnknown(TOP_KEYS);
    ServerSettings server = server(top.get("server"));
    List<AdminToken> adminTokens = adminTokens(top.get("admin"));
    StorageSettings storage = storage(top.get("storage"));
    MasterKeyRef masterKey = masterKey(top.get("keys"));
    SegmentLimits limits = limits(top.get("limits"));
    List<SourceDraft> sources = sources(top);
    List<Vendor> vendors = top.get("vendors").map(this::vendors).orElse(List.of());
    List<DestinationConfig> destinations = destinations(top, vendors);
    return new SluiceConfig(
        file.toAbsolutePath().normalize(),
        server,
        adminTokens,
        storage,
        masterKey,
        limits,
        link(sources, destinations),
        destinations,
        vendors,
        warnings);
  }

  // ---- server ---------------------------------------------------------------------------

  private ServerSettings server(Optional<Node> node) {
    if (node.isEmpty()) {
      return new ServerSettings(ServerSettings.DEFAULT_INGEST, ServerSettings.DEFAULT_ADMIN, TrustedProxies.NONE);
    }
    YamlMapping m = r.mapping(node.get(), "server");
    m.rejectUnknown(SERVER_KEYS);
    ListenAddress ingest = m.get("ingest")
        .map(n -> listener(n, "server.ingest", ServerSettings.DEFAULT_INGEST))
        .orElse(ServerSettings.DEFAULT_INGEST);
    ListenAddress admin = m.get("admin")
        .map(n -> listener(n, "server.admin", ServerSettings.DEFAULT_ADMIN))
        .orElse(ServerSettings.DEFAULT_ADMIN);
    if (ingest.port() != 0 && ingest.port() == admin.port()
        && (ingest.host().equals(admin.host()) || isWildcard(ingest.host()) || isWildcard(admin.host()))) {
      Node at = m.get("admin").orElse(m.get("ingest").orElse(m.node()));
      throw r.error(at, "server.admin", "the admin listener uses the ingest listener's port "
          + ingest.port() + "; give them different ports");
    }
    m.get("admin").ifPresent(n -> {
      Optional<InetAddress> a = TrustedProxies.parseAddress(admin.host());
      if (a.isPresent() && !a.get().isLoopbackAddress()) {
        warnings.add(r.at(n) + ": server.admin.host is " + admin.host()
            + ": the admin API and metrics are reachable from other machines; keep it on loopback"
            + " unless a firewall limits who can reach it");
      }
    });
    TrustedProxies proxies = m.get("trustedProxies").map(this::trustedProxies).orElse(TrustedProxies.NONE);
    Duration idle = m.get("idleTimeout")
        .map(n -> r.duration(n, m.path("idleTimeout"), Duration.ofMillis(100), Duration.ofHours(1)))
        .orElse(ServerSettings.DEFAULT_IDLE_TIMEOUT);
    int maxConnections = m.get("maxConnections")
        .map(n -> (int) r.integer(n, m.path("maxConnections"), 1, 1_000_000))
        .orElse(ServerSettings.DEFAULT_MAX_CONNECTIONS);
    long minRate = m.get("minRequestDataRate")
        .map(n -> r.size(n, m.path("minRequestDataRate"), 0, 1L << 30))
        .orElse(ServerSettings.DEFAULT_MIN_REQUEST_DATA_RATE);
    return new ServerSettings(ingest, admin, proxies, idle, maxConnections, minRate);
  }

  private static boolean isWildcard(String host) {
    return TrustedProxies.parseAddress(host).map(InetAddress::isAnyLocalAddress).orElse(false);
  }

  private ListenAddress listener(Node node, String path, ListenAddress dflt) {
    YamlMapping m = r.mapping(node, path);
    m.rejectUnknown(LISTENER_KEYS);
    String host = dflt.host();
    Optional<Node> h = m.get("host");
    if (h.isPresent()) {
      host = r.string(h.get(), m.path("host"));
      if (TrustedProxies.literal(host) == null && !HOST_NAME.matcher(host).matches()) {
        throw r.error(h.get(), m.path("host"), "'" + host
            + "' is not an IP address or host name (write IPv6 addresses without brackets, quoted: \"::1\")");
      }
    }
    int port = m.get("port").map(p -> (int) r.integer(p, m.path("port"), 0, 65535)).orElse(dflt.port());
    return new ListenAddress(host, port);
  }

  private TrustedProxies trustedProxies(Node node) {
    String path = "server.trustedProxies";
    List<Node> items = r.list(node, path, "strings");
    List<String> entries = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      String e = r.string(items.get(i), p);
      try {
        TrustedProxies.parse(List.of(e));
      } catch (IllegalArgumentException ex) {
        throw r.error(items.get(i), p, ex.getMessage());
      }
      entries.add(e);
    }
    TrustedProxies t = TrustedProxies.parse(entries);
    if (t.trustsEveryone()) {
      warnings.add(r.at(node) + ": " + path + " trusts every address: any client can forge its IP"
          + " with X-Forwarded-For; list only your load balancers");
    }
    return t;
  }

  // ---- admin ----------------------------------------------------------------------------

  private List<AdminToken> adminTokens(Optional<Node> node) {
    if (node.isEmpty()) {
      return List.of();
    }
    YamlMapping m = r.mapping(node.get(), "admin");
    m.rejectUnknown(ADMIN_KEYS);
    Optional<Node> t = m.get("tokens");
    if (t.isEmpty()) {
      return List.of();
    }
    List<Node> items = r.list(t.get(), m.path("tokens"), "admin tokens");
    Map<String, Node> names = new HashMap<>();
    List<AdminToken> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMapping tm = r.mapping(items.get(i), itemPath("admin.tokens", items.get(i), i));
      tm.rejectUnknown(ADMIN_TOKEN_KEYS);
      String name = name(tm, names, "admin token");
      Node tokenNode = tm.required("token");
      byte[] token = r.resolve(r.secretRef(tokenNode, tm.path("token")), tm.path("token"));
      String text = new String(token, StandardCharsets.UTF_8);
      if (text.codePointCount(0, text.length()) < MIN_ADMIN_TOKEN_LENGTH) {
        throw r.error(tokenNode, tm.path("token"), "an admin token must be at least " + MIN_ADMIN_TOKEN_LENGTH
            + " characters (generate one with: openssl rand -hex 32)");
      }
      if (text.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw r.error(tokenNode, tm.path("token"), "the admin token contains whitespace or control characters");
      }
      Node scopesNode = tm.required("scopes");
      List<Node> scopeItems = r.list(scopesNode, tm.path("scopes"), "scopes");
      if (scopeItems.isEmpty()) {
        throw r.error(scopesNode, tm.path("scopes"), "at least one scope is needed (" + Scope.KNOWN + ")");
      }
      Set<Scope> scopes = new LinkedHashSet<>();
      for (int j = 0; j < scopeItems.size(); j++) {
        String sp = tm.path("scopes") + "[" + j + "]";
        String word = r.string(scopeItems.get(j), sp);
        Scope scope = Scope.bySpelling(word);
        if (scope == null) {
          throw r.error(scopeItems.get(j), sp, "unknown scope '" + word + "' (known: " + Scope.KNOWN + ")");
        }
        scopes.add(scope);
      }
      AdminToken a = new AdminToken(name, token, scopes, r.at(tokenNode));
      Arrays.fill(token, (byte) 0);
      for (AdminToken other : out) {
        if (other.sameTokenAs(a)) {
          throw r.error(tokenNode, tm.path("token"), "admin token '" + name + "' has the same token as '"
              + other.name() + "'; give each its own so logs can tell them apart");
        }
      }
      out.add(a);
    }
    return List.copyOf(out);
  }

  // ---- storage, keys, limits ------------------------------------------------------------

  private StorageSettings storage(Optional<Node> node) {
    Path dataDir = r.dir().resolve("data");
    long outbox = StorageSettings.DEFAULT_OUTBOX_MAX_BYTES;
    int sampleEvery = StorageSettings.DEFAULT_SAMPLE_EVERY;
    int sampleDays = StorageSettings.DEFAULT_SAMPLE_RETENTION_DAYS;
    if (node.isPresent()) {
      YamlMapping m = r.mapping(node.get(), "storage");
      m.rejectUnknown(STORAGE_KEYS);
      Optional<Node> d = m.get("dataDir");
      if (d.isPresent()) {
        dataDir = r.path(d.get(), m.path("dataDir"));
      }
      Optional<Node> o = m.get("outboxMaxBytes");
      if (o.isPresent()) {
        outbox = r.size(o.get(), m.path("outboxMaxBytes"), 1, Long.MAX_VALUE);
      }
      Optional<Node> e = m.get("sampleEvery");
      if (e.isPresent()) {
        sampleEvery = (int) r.integer(e.get(), m.path("sampleEvery"), 0, 1_000_000);
      }
      Optional<Node> k = m.get("sampleRetentionDays");
      if (k.isPresent()) {
        sampleDays = (int) r.integer(k.get(), m.path("sampleRetentionDays"), 1, 3650);
      }
    }
    return new StorageSettings(dataDir, outbox, sampleEvery, sampleDays);
  }

  private MasterKeyRef masterKey(Optional<Node> node) {
    SecretRef ref = new SecretRef.Env(MasterKeyRef.DEFAULT_ENV, r.fileLocation());
    if (node.isPresent()) {
      YamlMapping m = r.mapping(node.get(), "keys");
      m.rejectUnknown(KEYS_KEYS);
      Optional<Node> k = m.get("masterKey");
      ref = k.isPresent()
          ? r.secretRef(k.get(), m.path("masterKey"))
          : new SecretRef.Env(MasterKeyRef.DEFAULT_ENV, m.location());
    }
    return new MasterKeyRef(ref, ref instanceof SecretRef.Env e ? r.env(e.variable()) : null);
  }

  private SegmentLimits limits(Optional<Node> node) {
    SegmentLimits d = SegmentLimits.DEFAULT;
    if (node.isEmpty()) {
      return d;
    }
    YamlMapping m = r.mapping(node.get(), "limits");
    m.rejectUnknown(LIMITS_KEYS);
    int event = m.get("maxEventBytes")
        .map(n -> (int) r.size(n, m.path("maxEventBytes"), 1, Integer.MAX_VALUE))
        .orElse(d.maxEventBytes());
    int batch = m.get("maxBatchBytes")
        .map(n -> (int) r.size(n, m.path("maxBatchBytes"), 1, Integer.MAX_VALUE))
        .orElse(d.maxBatchBytes());
    int events = m.get("maxBatchEvents")
        .map(n -> (int) r.integer(n, m.path("maxBatchEvents"), 1, Integer.MAX_VALUE))
        .orElse(d.maxBatchEvents());
    int depth = m.get("maxDepth")
        .map(n -> (int) r.integer(n, m.path("maxDepth"), 2, MAX_DEPTH_LIMIT))
        .orElse(d.maxDepth());
    int string = m.get("maxStringLength")
        .map(n -> (int) r.integer(n, m.path("maxStringLength"), 1, Integer.MAX_VALUE))
        .orElse(d.maxStringLength());
    if (batch < event) {
      Node at = m.get("maxBatchBytes").or(() -> m.get("maxEventBytes")).orElseThrow();
      throw r.error(at, m.path("maxBatchBytes"), "maxBatchBytes (" + batch
          + ") must be at least maxEventBytes (" + event + "): a batch must fit one event");
    }
    return new SegmentLimits(event, batch, events, depth, string);
  }

  // ---- sources --------------------------------------------------------------------------

  /** A source before its destination names are checked against the destinations. */
  private record SourceDraft(
      String name, Set<String> writeKeys, List<String> allowedOrigins, List<Node> destinations,
      String path, Location location) {}

  private List<SourceDraft> sources(YamlMapping top) {
    Node node = top.get("sources").orElseThrow(
        () -> top.error("missing required key 'sources': at least one source is needed"));
    List<Node> items = r.list(node, "sources", "sources");
    if (items.isEmpty()) {
      throw r.error(node, "sources", "at least one source is needed");
    }
    Map<String, Node> names = new HashMap<>();
    Map<String, String> keyOwners = new HashMap<>();
    List<SourceDraft> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMapping m = r.mapping(items.get(i), itemPath("sources", items.get(i), i));
      m.rejectUnknown(SOURCE_KEYS);
      String name = name(m, names, "source");
      Set<String> writeKeys = writeKeys(m, name, keyOwners);
      List<String> origins = m.get("allowedOrigins").map(n -> origins(n, m.path("allowedOrigins"))).orElse(List.of());
      List<Node> dests = null;
      Optional<Node> d = m.get("destinations");
      if (d.isPresent()) {
        dests = r.list(d.get(), m.path("destinations"), "destination names");
        if (dests.isEmpty()) {
          throw r.error(d.get(), m.path("destinations"),
              "lists no destinations; remove the key to send to every destination");
        }
      }
      out.add(new SourceDraft(name, writeKeys, origins, dests, m.path(), m.location()));
    }
    return out;
  }

  private Set<String> writeKeys(YamlMapping m, String source, Map<String, String> owners) {
    String path = m.path("writeKeys");
    Node node = m.required("writeKeys");
    List<Node> items = r.list(node, path, "write keys");
    if (items.isEmpty()) {
      throw r.error(node, path, "at least one write key is needed");
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String p = path + "[" + i + "]";
      String key;
      if (item instanceof MappingNode) {
        key = new String(r.resolve(r.secretRef(item, p), p), StandardCharsets.UTF_8);
      } else if (item instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
        key = s.getValue();
      } else {
        throw r.error(item, p, "expected a write key (a string, {env: NAME} or {file: PATH}), got "
            + ConfigReader.kind(item));
      }
      if (key.isEmpty()) {
        throw r.error(item, p, "write key is empty");
      }
      if (key.length() > MAX_WRITE_KEY_LENGTH) {
        throw r.error(item, p, "write key is longer than " + MAX_WRITE_KEY_LENGTH + " characters");
      }
      if (key.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw r.error(item, p, "write key contains whitespace or control characters");
      }
      String owner = owners.putIfAbsent(key, source);
      if (owner != null) {
        throw r.error(item, p, owner.equals(source)
            ? "this write key is listed twice"
            : "this write key is already used by source '" + owner + "'; a write key names exactly one source");
      }
      out.add(key);
    }
    return out;
  }

  private List<String> origins(Node node, String path) {
    List<Node> items = r.list(node, path, "strings");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      String o = r.string(items.get(i), p);
      String normal;
      try {
        normal = origin(o);
      } catch (IllegalArgumentException e) {
        throw r.error(items.get(i), p, e.getMessage());
      }
      if (out.contains(normal)) {
        throw r.error(items.get(i), p, "origin '" + o + "' is listed twice");
      }
      out.add(normal);
    }
    if (out.contains("*")) {
      if (out.size() > 1) {
        throw r.error(node, path, "'*' already allows every origin; list it alone or not at all");
      }
      warnings.add(r.at(node) + ": " + path + " is '*': any web page can send events with this"
          + " source's write key; list the origins of your own pages instead");
    }
    return out;
  }

  /**
   * {@code text} as a normalised origin ({@code scheme://host[:port]}, lower case), or {@code *}.
   */
  static String origin(String text) {
    if (text.equals("*")) {
      return text;
    }
    String why = "'" + text + "' is not an origin: write scheme://host[:port], e.g. https://app.example.com";
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(why);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null
        || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException(why);
    }
    if (u.getRawPath() != null && !u.getRawPath().isEmpty()) {
      throw new IllegalArgumentException(u.getRawPath().equals("/")
          ? "'" + text + "' is not an origin: remove the trailing '/'"
          : "'" + text + "' is not an origin: an origin has no path");
    }
    return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() >= 0 ? ":" + u.getPort() : "");
  }

  private List<SourceConfig> link(List<SourceDraft> drafts, List<DestinationConfig> destinations) {
    List<String> all = destinations.stream().map(DestinationConfig::name).toList();
    List<SourceConfig> out = new ArrayList<>();
    for (SourceDraft s : drafts) {
      List<String> names = all;
      if (s.destinations() != null) {
        names = new ArrayList<>();
        for (int i = 0; i < s.destinations().size(); i++) {
          Node n = s.destinations().get(i);
          String p = s.path() + ".destinations[" + i + "]";
          String d = r.string(n, p);
          if (!all.contains(d)) {
            String guess = YamlMapping.closest(d, Set.copyOf(all));
            throw r.error(n, p, "unknown destination '" + d + "'"
                + (guess != null ? " (did you mean '" + guess + "'?)" : "")
                + "; known destinations: " + String.join(", ", all));
          }
          if (names.contains(d)) {
            throw r.error(n, p, "destination '" + d + "' is listed twice");
          }
          names.add(d);
        }
      }
      out.add(new SourceConfig(s.name(), s.writeKeys(), s.allowedOrigins(), names, s.location()));
    }
    return out;
  }

  // ---- destinations ---------------------------------------------------------------------

  private List<DestinationConfig> destinations(YamlMapping top, List<Vendor> vendors) {
    Node node = top.get("destinations").orElseThrow(
        () -> top.error("missing required key 'destinations': at least one destination is needed"));
    List<Node> items = r.list(node, "destinations", "destinations");
    if (items.isEmpty()) {
      throw r.error(node, "destinations", "at least one destination is needed");
    }
    Map<String, Node> names = new HashMap<>();
    List<DestinationConfig> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMapping m = r.mapping(items.get(i), itemPath("destinations", items.get(i), i));
      m.rejectUnknown(DESTINATION_KEYS);
      String name = name(m, names, "destination");
      DestinationType type = type(m);
      String vendor = vendorLink(m, name, vendors);
      Optional<Node> optionsNode = m.get("options");
      YamlMapping options = optionsNode.map(n -> r.mapping(n, m.path("options"))).orElse(null);
      Node block = optionsNode.orElse(m.node());
      Encoder encoder;
      DeletionApi deletion;
      try {
        YamlOptions opts = new YamlOptions(r, options, block, m.path("options"));
        encoder = type.encoder(name, opts);
        deletion = type.deletionApi(name, opts).orElse(null);
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        throw r.error(block, m.path("options"), type.name() + " destination rejected its options: " + e.getMessage());
      }
      List<Rule> rules = rules(m);
      OnPii onPii = onPii(m);
      Contract c = ContractCompiler.compile(name, rules, onPii, Pseudonymizer.CHECK_ONLY);
      warnings.addAll(c.warnings());
      if (rules.isEmpty()) {
        warnings.add(m.location() + ": " + m.path("contract") + " is empty: destination '" + name
            + "' receives only the envelope (type, messageId, timestamp, event)");
      }
      Duration timeout = m.get("requestTimeout")
          .map(n -> r.duration(n, m.path("requestTimeout"), Duration.ofMillis(100), Duration.ofMinutes(10)))
          .orElse(DestinationConfig.DEFAULT_REQUEST_TIMEOUT);
      DestinationConfig.Canaries canaries = m.get("canaries").map(n -> canaries(n, m.path("canaries"))).orElse(null);
      out.add(new DestinationConfig(name, type, vendor, encoder, deletion, rules, onPii, timeout, canaries, m.location()));
    }
    return out;
  }

  /** {@code canaries: {every, domain}}: automatic canary injection for one destination. */
  private DestinationConfig.Canaries canaries(Node node, String path) {
    YamlMapping m = r.mapping(node, path);
    m.rejectUnknown(CANARY_KEYS);
    Node everyNode = m.get("every").orElseThrow(() -> r.error(node, path, "missing required key 'every' (e.g. 1h)"));
    Duration every = r.duration(everyNode, m.path("every"), Duration.ofMinutes(1), Duration.ofDays(365));
    String domain = DestinationConfig.Canaries.DEFAULT_DOMAIN;
    Optional<Node> d = m.get("domain");
    if (d.isPresent()) {
      domain = r.string(d.get(), m.path("domain"));
      if (!HOST_NAME.matcher(domain).matches() || !domain.contains(".")) {
        throw r.error(d.get(), m.path("domain"), "'" + domain
            + "' is not a domain name: write it without scheme or path, e.g. canary.example.com");
      }
    }
    return new DestinationConfig.Canaries(every, domain.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * The registry entry a destination belongs to: the one its {@code vendor:} names (which must
   * exist), else the one with the destination's own name, else none (the risk model then treats
   * every trust factor as unknown).
   */
  private String vendorLink(YamlMapping m, String destination, List<Vendor> vendors) {
    Set<String> known = vendors.stream().map(Vendor::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    Optional<Node> n = m.get("vendor");
    if (n.isEmpty()) {
      return known.contains(destination) ? destination : null;
    }
    String v = r.string(n.get(), m.path("vendor"));
    if (!known.contains(v)) {
      String guess = YamlMapping.closest(v, known);
      throw r.error(n.get(), m.path("vendor"), "unknown vendor '" + v + "'"
          + (guess != null ? " (did you mean '" + guess + "'?)" : "")
          + (known.isEmpty() ? "; add it under vendors:" : "; known vendors: " + String.join(", ", known)));
    }
    return v;
  }

  // ---- vendors --------------------------------------------------------------------------

  private List<Vendor> vendors(Node node) {
    List<Node> items = r.list(node, "vendors", "vendors");
    Map<String, Node> names = new HashMap<>();
    List<Vendor> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMapping m = r.mapping(items.get(i), itemPath("vendors", items.get(i), i));
      m.rejectUnknown(VENDOR_KEYS);
      String name = name(m, names, "vendor");
      String legalName = m.get("legalName").map(n -> r.string(n, m.path("legalName"))).orElse(null);
      List<String> domains = m.get("domains").map(n -> domains(n, m.path("domains"))).orElse(List.of());
      List<String> regions = m.get("regions").map(n -> r.stringList(n, m.path("regions"))).orElse(List.of());
      List<String> subs = m.get("subProcessors").map(n -> r.stringList(n, m.path("subProcessors"))).orElse(List.of());
      List<Vendor.Certification> certs = m.get("certifications")
          .map(n -> certifications(n, m.path("certifications"))).orElse(List.of());
      LocalDate dpa = m.get("dpaSigned").map(n -> r.date(n, m.path("dpaSigned"))).orElse(null);
      Integer hours = m.get("breachNotificationHours")
          .map(n -> (int) r.integer(n, m.path("breachNotificationHours"), 1, 24 * 365)).orElse(null);
      Vendor.Mfa mfa = m.get("mfa").map(n -> mfa(n, m.path("mfa"))).orElse(Vendor.Mfa.UNKNOWN);
      Integer retention = m.get("retentionDays")
          .map(n -> (int) r.integer(n, m.path("retentionDays"), 1, 365 * 100)).orElse(null);
      Vendor.AccessReview review = m.get("accessReview")
          .map(n -> accessReview(n, m.path("accessReview"))).orElse(null);
      List<String> evidence = m.get("evidence").map(n -> r.stringList(n, m.path("evidence"))).orElse(List.of());
      out.add(new Vendor(name, legalName, domains, regions, subs, certs, dpa, hours, mfa, retention, review, evidence));
    }
    return out;
  }

  private List<String> domains(Node node, String path) {
    List<Node> items = r.list(node, path, "domain names");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String d = r.string(items.get(i), path + "[" + i + "]");
      if (!HOST_NAME.matcher(d).matches() || !d.contains(".")) {
        throw r.error(items.get(i), path + "[" + i + "]", "'" + d
            + "' is not a domain name: write it without scheme or path, e.g. mixpanel.com");
      }
      out.add(d.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private List<Vendor.Certification> certifications(Node node, String path) {
    List<Node> items = r.list(node, path, "certifications ({name, expires})");
    List<Vendor.Certification> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      YamlMapping c = r.mapping(items.get(i), p);
      c.rejectUnknown(CERTIFICATION_KEYS);
      String name = r.string(c.required("name"), c.path("name"));
      LocalDate expires = c.get("expires").map(n -> r.date(n, c.path("expires"))).orElse(null);
      out.add(new Vendor.Certification(name, expires));
    }
    return out;
  }

  private Vendor.Mfa mfa(Node n, String path) {
    String v = r.string(n, path);
    Vendor.Mfa mfa = Vendor.Mfa.parse(v);
    if (mfa == null) {
      Set<String> known = new LinkedHashSet<>();
      for (Vendor.Mfa x : Vendor.Mfa.values()) {
        known.add(x.spelling());
      }
      String guess = YamlMapping.closest(v, known);
      throw r.error(n, path, "unknown mfa policy '" + v + "'"
          + (guess != null ? " (did you mean '" + guess + "'?)" : "")
          + "; known values: " + String.join(", ", known));
    }
    return mfa;
  }

  private Vendor.AccessReview accessReview(Node node, String path) {
    YamlMapping m = r.mapping(node, path);
    m.rejectUnknown(ACCESS_REVIEW_KEYS);
    LocalDate date = r.date(m.required("date"), m.path("date"));
    Node o = m.required("outcome");
    String v = r.string(o, m.path("outcome"));
    Vendor.ReviewOutcome outcome = Vendor.ReviewOutcome.parse(v);
    if (outcome == null) {
      throw r.error(o, m.path("outcome"), "unknown review outcome '" + v + "'; known values: passed, findings, failed");
    }
    return new Vendor.AccessReview(date, outcome);
  }

  private OnPii onPii(YamlMapping m) {
    Optional<Node> n = m.get("onPii");
    if (n.isEmpty()) {
      return OnPii.REDACT;
    }
    String path = m.path("onPii");
    if (!(n.get() instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
      throw r.error(n.get(), path, "expected one of " + ON_PII_VALUES + ", got " + ConfigReader.kind(n.get()));
    }
    OnPii o = OnPii.parse(s.getValue());
    if (o == null) {
      String guess = YamlMapping.closest(s.getValue(), Set.of(ON_PII_VALUES.split(", ")));
      throw r.error(n.get(), path, "unknown onPii '" + s.getValue() + "'"
          + (guess != null ? " (did you mean '" + guess + "'?)" : "")
          + "; known values: " + ON_PII_VALUES);
    }
    return o;
  }

  private DestinationType type(YamlMapping m) {
    Node n = m.get("type").orElseThrow(() -> m.error(
        "missing required key 'type'; known types: " + DestinationTypes.known()));
    String t = r.string(n, m.path("type"));
    return DestinationTypes.byName(t).orElseThrow(() -> {
      String guess = YamlMapping.closest(t, Set.of(DestinationTypes.known().split(", ")));
      return r.error(n, m.path("type"), "unknown destination type '" + t + "'"
          + (guess != null ? " (did you mean '" + guess + "'?)" : "")
          + "; known types: " + DestinationTypes.known());
    });
  }

  private List<Rule> rules(YamlMapping m) {
    Node node = m.required("contract");
    YamlMapping c = r.mapping(node, m.path("contract"));
    List<Rule> rules = new ArrayList<>();
    for (NodeTuple t : c.tuples()) {
      ScalarNode key = (ScalarNode) t.getKeyNode();
      String text = key.getValue();
      String path = c.path() + "['" + text + "']";
      PathPattern pattern;
      try {
        pattern = PathPattern.parse(text);
      } catch (IllegalArgumentException e) {
        throw r.error(key, path, e.getMessage());
      }
      String first = pattern.segments().get(0);
      if (Contract.ENVELOPE.contains(first)) {
        throw r.error(key, path, "'" + first + "' is an envelope field: type, messageId, timestamp and"
            + " event are always sent (messageId replaced by a per-destination idempotency id), so a"
            + " rule cannot change them; remove this rule");
      }
      rules.add(new Rule(pattern, action(t.getValueNode(), path, text), r.at(key)));
    }
    return rules;
  }

  /** A contract value: a plain word ({@code keep}) or {@code {generalize: KIND}}. */
  private Action action(Node v, String path, String field) {
    if (v instanceof MappingNode) {
      return generalizeAction(r.mapping(v, path), path);
    }
    if (!(v instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
      throw r.error(v, path, "expected an action (" + Action.KNOWN + "), got " + ConfigReader.kind(v));
    }
    String name = s.getValue();
    Action action = Action.byName(name);
    if (action != null) {
      return action;
    }
    String hint;
    String word = name.strip();
    if (word.startsWith("generali")) {
      hint = "generalize takes a kind and is written as a map: {generalize: KIND}";
    } else if (isGeneralizeKind(word)) {
      hint = "did you mean {generalize: " + word + "}?";
    } else {
      String guess = YamlMapping.closest(name, Set.copyOf(SCALAR_ACTIONS));
      hint = guess != null ? "did you mean '" + guess + "'?" : null;
    }
    throw r.error(v, path, "unknown action '" + name + "' for '" + field + "'"
        + (hint != null ? " (" + hint + ")" : "")
        + "; known actions: " + Action.KNOWN);
  }

  /** {@code {generalize: KIND}}, the only action written as a map; the error is at the kind. */
  private Action generalizeAction(YamlMapping m, String path) {
    String shape = "an action written as a map has exactly one key: {generalize: KIND}, KIND one of "
        + Generalizers.VALID + "; other actions are plain words (" + String.join(", ", SCALAR_ACTIONS) + ")";
    if (m.isEmpty()) {
      throw m.error("expected an action, got an empty map; " + shape);
    }
    for (NodeTuple t : m.tuples()) {
      String k = ((ScalarNode) t.getKeyNode()).getValue();
      if (!k.equals(GENERALIZE)) {
        String guess = YamlMapping.closest(k, Set.of(GENERALIZE));
        String problem = m.tuples().size() > 1 && m.get(GENERALIZE).isPresent()
            ? "unexpected key '" + k + "' next to generalize"
            : "unknown key '" + k + "'" + (guess != null ? " (did you mean '" + guess + "'?)" : "");
        throw r.error(t.getKeyNode(), path, problem + "; " + shape);
      }
    }
    Node kindNode = m.get(GENERALIZE).orElseThrow();
    String kindPath = m.path(GENERALIZE);
    if (!(kindNode instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
      throw r.error(kindNode, kindPath, "expected a generalization kind (" + Generalizers.VALID + "), got "
          + ConfigReader.kind(kindNode));
    }
    String kind = s.getValue().strip();
    if (!kind.startsWith("bucket") && !isGeneralizeKind(kind)) {
      String guess = kindGuess(kind);
      throw r.error(kindNode, kindPath, "unknown generalization '" + kind + "'"
          + (guess != null ? " (did you mean '" + guess + "'?)" : "")
          + "; valid: " + Generalizers.VALID);
    }
    Generalizer g;
    try {
      g = Generalizers.parse(s.getValue(), generalize);
    } catch (IllegalArgumentException e) {
      String problem = e.getMessage();
      throw r.error(kindNode, kindPath, problem.contains(Generalizers.VALID)
          ? problem
          : problem + "; valid: " + Generalizers.VALID);
    }
    if (g instanceof Generalizer.Country && !countriesChecked
        && generalize.countries() instanceof LazyCountryLookup lazy) {
      try {
        lazy.checkAvailable();
      } catch (RuntimeException e) {
        throw r.error(kindNode, kindPath, "generalize 'country' needs the IP-to-country database: "
            + e.getMessage());
      }
      countriesChecked = true;
    }
    return new Action.Generalize(g);
  }

  /** A likely intended kind: a near typo, or one sharing a 4-letter start ({@code countries}). */
  private static String kindGuess(String kind) {
    String guess = YamlMapping.closest(kind, KINDS);
    if (guess != null || kind.length() < 4) {
      return guess;
    }
    String start = kind.substring(0, 4).toLowerCase(Locale.ROOT);
    List<String> sharing = KINDS.stream().filter(k -> k.startsWith(start)).toList();
    return sharing.size() == 1 ? sharing.get(0) : null;
  }

  /** A kind spelled without an argument ({@code country}), or {@code bucket(...)}. */
  private static boolean isGeneralizeKind(String word) {
    return word.startsWith("bucket(") || KINDS.contains(word);
  }

  // ---- shared ---------------------------------------------------------------------------

  /** {@code list[name]} when the item has a valid name, else {@code list[index]}. */
  private static String itemPath(String list, Node item, int index) {
    if (item instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
            && t.getValueNode() instanceof ScalarNode v && Tag.STR.equals(v.getTag())
            && NAME.matcher(v.getValue()).matches()) {
          return list + "[" + v.getValue() + "]";
        }
      }
    }
    return list + "[" + index + "]";
  }

  private String name(YamlMapping m, Map<String, Node> seen, String what) {
    Node n = m.required("name");
    String name = r.string(n, m.path("name"));
    if (!NAME.matcher(name).matches()) {
      throw r.error(n, m.path("name"), "'" + name + "' is not a valid " + what + " name: use 1 to 63"
          + " lower-case letters, digits, '_' or '-', starting with a letter or digit");
    }
    Node first = seen.putIfAbsent(name, n);
    if (first != null) {
      throw r.error(n, m.path("name"), "duplicate " + what + " name '" + name + "' (first used at line "
          + ConfigReader.line(first) + ")");
    }
    return name;
  }

  private static List<String> sorted(Set<String> s) {
    String[] a = s.toArray(String[]::new);
    Arrays.sort(a);
    return List.of(a);
  }
}
