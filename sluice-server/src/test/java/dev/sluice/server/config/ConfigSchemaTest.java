package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.generalize.GeneralizeContext;
import dev.sluice.core.generalize.Generalizers;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.OnPii;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/sluice.schema.json agrees with the loader: it accepts the example and the valid fixtures,
 * rejects the invalid ones (which the loader rejects too), and names the same keys.
 */
class ConfigSchemaTest {
  /**
   * Dates as ISO strings: an editor's YAML language server sees {@code 2026-03-01} as a string,
   * while SnakeYAML's plain load makes it a {@code java.util.Date}.
   */
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final Path SCHEMA = ConfigFixtures.repo("docs/sluice.schema.json");
  private static final JsonNode SCHEMA_JSON = read(SCHEMA);
  private static final JsonSchema SCHEMA_VALIDATOR =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA_JSON);

  private static JsonNode read(Path p) {
    try {
      return JSON.readTree(Files.readString(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** YAML to JSON the way an editor or CI check would: SnakeYAML's plain load. */
  private static JsonNode yamlAsJson(Path p) throws IOException {
    Object value = new Yaml().load(Files.readString(p));
    return JSON.valueToTree(value);
  }

  private static Set<ValidationMessage> validate(Path yaml) throws IOException {
    return SCHEMA_VALIDATOR.validate(yamlAsJson(yaml));
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() {
    JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(meta.validate(SCHEMA_JSON)).isEmpty();
    assertThat(SCHEMA_JSON.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  static Stream<Path> validFiles() throws IOException {
    try (Stream<Path> s = Files.list(ConfigFixtures.resource("valid"))) {
      return Stream.concat(
          Stream.of(ConfigFixtures.repo("examples/sluice.yaml")),
          s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream());
    }
  }

  @ParameterizedTest
  @MethodSource("validFiles")
  void acceptsWhatTheLoaderAccepts(Path file) throws IOException {
    assertThat(validate(file)).as(file.toString()).isEmpty();
    ConfigLoader.load(file, ENV);
  }

  /** Each invalid fixture with the loader's complaint about it. */
  static Stream<Arguments> invalidFiles() {
    return Map.ofEntries(
            Map.entry("inline-secret.yaml", "not inline"),
            Map.entry("unknown-action.yaml", "unknown action 'hash'"),
            Map.entry("unknown-key.yaml", "unknown key 'trustedProxy'"),
            Map.entry("bad-size.yaml", "'2 gigabytes' is not a size"),
            Map.entry("unknown-type.yaml", "unknown destination type 'mixpanel-classic'"),
            Map.entry("envelope-rule.yaml", "'messageId' is an envelope field"),
            Map.entry("no-sources.yaml", "at least one source is needed"),
            Map.entry("bad-name.yaml", "'Web App' is not a valid source name"),
            Map.entry("bad-pattern.yaml", "empty segment"),
            Map.entry("missing-option.yaml", "missing required option 'url'"),
            Map.entry("zero-size.yaml", "must be at least 1 byte, got 0"),
            Map.entry("bad-bucket.yaml", "'bucket(0)': the bucket size must be a positive integer"),
            Map.entry("unknown-generalization.yaml", "unknown generalization 'countries'"),
            Map.entry("generalize-extra-key.yaml", "unexpected key 'fallback' next to generalize"),
            Map.entry("generalize-as-word.yaml", "did you mean {generalize: country}?"),
            Map.entry("bad-onpii.yaml", "unknown onPii 'drop'"),
            Map.entry("bad-mfa.yaml", "unknown mfa policy 'yubikey'"),
            Map.entry("bad-date.yaml", "'last spring' is not a date"),
            Map.entry("unknown-scope.yaml", "unknown scope 'write' (known: read, incident)"))
        .entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void rejectsWhatTheLoaderRejects(String name, String loaderProblem) throws IOException {
    Path file = ConfigFixtures.resource("invalid/" + name);
    assertThat(validate(file)).as(name).isNotEmpty();
    assertThat(configError(() -> ConfigLoader.load(file, ENV)).problem()).contains(loaderProblem);
  }

  @Test
  void everyInvalidFixtureIsCovered() throws IOException {
    try (Stream<Path> s = Files.list(ConfigFixtures.resource("invalid"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(invalidFiles().map(a -> (String) a.get()[0]).toList());
    }
  }

  // ---- the schema and the loader name the same keys -------------------------------------

  private static Set<String> keys(String pointer) {
    JsonNode props = SCHEMA_JSON.at(pointer);
    assertThat(props.isObject()).as(pointer).isTrue();
    Set<String> out = new TreeSet<>();
    props.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void schemaKeysMatchTheLoaderKeys() {
    assertThat(keys("/properties")).isEqualTo(new TreeSet<>(ConfigLoader.TOP_KEYS));
    assertThat(keys("/properties/server/properties")).isEqualTo(new TreeSet<>(ConfigLoader.SERVER_KEYS));
    assertThat(keys("/$defs/listener/properties")).isEqualTo(new TreeSet<>(ConfigLoader.LISTENER_KEYS));
    assertThat(keys("/properties/admin/properties")).isEqualTo(new TreeSet<>(ConfigLoader.ADMIN_KEYS));
    assertThat(keys("/properties/admin/properties/tokens/items/properties"))
        .isEqualTo(new TreeSet<>(ConfigLoader.ADMIN_TOKEN_KEYS));
    assertThat(keys("/properties/storage/properties")).isEqualTo(new TreeSet<>(ConfigLoader.STORAGE_KEYS));
    assertThat(keys("/properties/keys/properties")).isEqualTo(new TreeSet<>(ConfigLoader.KEYS_KEYS));
    assertThat(keys("/properties/limits/properties")).isEqualTo(new TreeSet<>(ConfigLoader.LIMITS_KEYS));
    assertThat(keys("/$defs/source/properties")).isEqualTo(new TreeSet<>(ConfigLoader.SOURCE_KEYS));
    assertThat(keys("/$defs/destination/properties")).isEqualTo(new TreeSet<>(ConfigLoader.DESTINATION_KEYS));
    assertThat(keys("/$defs/destination/properties/canaries/properties")).isEqualTo(new TreeSet<>(ConfigLoader.CANARY_KEYS));
    assertThat(keys("/$defs/vendor/properties")).isEqualTo(new TreeSet<>(ConfigLoader.VENDOR_KEYS));
    assertThat(keys("/$defs/certification/properties")).isEqualTo(new TreeSet<>(ConfigLoader.CERTIFICATION_KEYS));
    assertThat(keys("/$defs/accessReview/properties")).isEqualTo(new TreeSet<>(ConfigLoader.ACCESS_REVIEW_KEYS));
  }

  @Test
  void schemaKnowsEveryDestinationTypeAndItsOptions() {
    Set<String> known = new TreeSet<>(Arrays.asList(DestinationTypes.known().split(", ")));
    Set<String> inSchema = new TreeSet<>();
    SCHEMA_JSON.at("/$defs/destination/properties/type/enum").forEach(n -> inSchema.add(n.asText()));
    assertThat(inSchema).isEqualTo(known);
    for (String type : known) {
      assertThat(keys("/$defs/" + type + "Options/properties")).as(type)
          .isEqualTo(new TreeSet<>(DestinationTypes.byName(type).orElseThrow().optionKeys()));
      Set<String> deletion = DestinationTypes.byName(type).orElseThrow().deletionKeys();
      if (!deletion.isEmpty()) {
        assertThat(keys("/$defs/" + type + "Deletion/properties")).as(type + " deletion")
            .isEqualTo(new TreeSet<>(deletion));
      }
    }
  }

  @Test
  void schemaKnowsEveryAction() {
    Set<String> inSchema = new HashSet<>();
    SCHEMA_JSON.at("/$defs/action/oneOf/0/enum").forEach(n -> inSchema.add(n.asText()));
    for (String a : inSchema) {
      assertThat(Action.byName(a)).as(a).isNotNull();
    }
    assertThat(inSchema).containsAll(ConfigLoader.SCALAR_ACTIONS);
    assertThat(Action.KNOWN).isEqualTo(String.join(", ", ConfigLoader.SCALAR_ACTIONS) + ", {generalize: KIND}");
    assertThat(SCHEMA_JSON.at("/$defs/action/oneOf/1/$ref").asText()).isEqualTo("#/$defs/generalize");
    assertThat(keys("/$defs/generalize/properties")).containsExactly(ConfigLoader.GENERALIZE);
  }

  @Test
  void schemaKnowsEveryAdminScope() {
    List<String> inSchema = new ArrayList<>();
    SCHEMA_JSON.at("/properties/admin/properties/tokens/items/properties/scopes/items/enum")
        .forEach(n -> inSchema.add(n.asText()));
    assertThat(inSchema).containsExactlyElementsOf(
        Arrays.stream(dev.sluice.server.admin.Scope.values()).map(dev.sluice.server.admin.Scope::spelling).toList());
  }

  @Test
  void schemaKnowsEveryOnPiiValue() {
    List<String> inSchema = new ArrayList<>();
    SCHEMA_JSON.at("/$defs/destination/properties/onPii/enum").forEach(n -> inSchema.add(n.asText()));
    assertThat(inSchema).containsExactlyElementsOf(
        Arrays.stream(OnPii.values()).map(OnPii::spelling).toList());
  }

  /**
   * The schema's KIND pattern accepts exactly the spellings the loader accepts: every kind in
   * {@link Generalizers#VALID}, and bucket sizes as the loader reads them.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "country", "ip-prefix", "browser", "os", "domain", "path", "day", "month", "age-band",
      "bucket(10)", "bucket(1)", "bucket( 25 )", "bucket (10)", " day ", "bucket(010)",
      "bucket(999999999999999999)",
      "bucket", "bucket()", "bucket(0)", "bucket(00)", "bucket(-5)", "bucket(1.5)", "bucket(x)",
      "bucket(10", "bucket10", "bucket(1000000000000000000)", "buckets(10)", "Country", "countries",
      "ip_prefix", "age band", "", "day month"})
  void schemaAndLoaderAgreeOnGeneralizeKinds(String kind) throws IOException {
    boolean loader;
    try {
      Generalizers.parse(kind, new GeneralizeContext(address -> "US", () -> LocalDate.of(2026, 11, 25)));
      loader = true;
    } catch (IllegalArgumentException e) {
      loader = false;
    }
    ObjectNode doc = (ObjectNode) yamlAsJson(ConfigFixtures.resource("valid/minimal.yaml"));
    ((ObjectNode) doc.at("/destinations/0/contract")).putObject("properties.x").put("generalize", kind);
    assertThat(SCHEMA_VALIDATOR.validate(doc).isEmpty()).as("'%s' (loader accepts: %s)", kind, loader)
        .isEqualTo(loader);
  }

  @Test
  void everyKindTheLoaderListsIsInTheSchema() {
    String pattern = SCHEMA_JSON.at("/$defs/generalize/properties/generalize/pattern").asText();
    for (String kind : Generalizers.VALID.split(", ")) {
      String name = kind.equals("bucket(N)") ? "bucket" : kind;
      assertThat(pattern).as(kind).contains(name);
    }
    assertThat(SCHEMA_JSON.at("/$defs/generalize/description").asText()).contains(Generalizers.VALID
        .replace("bucket(N)", "bucket(N) with N a positive integer"));
  }

  @Test
  void theReferenceDocumentsEveryKeyOfTheSchema() throws IOException {
    String doc = Files.readString(ConfigFixtures.repo("docs/configuration.md"));
    Set<String> all = new TreeSet<>();
    collectPropertyNames(SCHEMA_JSON, all);
    assertThat(all).hasSizeGreaterThan(30);
    for (String key : all) {
      assertThat(doc).as("docs/configuration.md documents `%s`", key).contains("`" + key + "`");
    }
  }

  private static void collectPropertyNames(JsonNode n, Set<String> out) {
    if (n.isObject()) {
      JsonNode props = n.get("properties");
      if (props != null && props.isObject()) {
        props.fieldNames().forEachRemaining(out::add);
      }
      n.forEach(child -> collectPropertyNames(child, out));
    } else if (n.isArray()) {
      n.forEach(child -> collectPropertyNames(child, out));
    }
  }
}
