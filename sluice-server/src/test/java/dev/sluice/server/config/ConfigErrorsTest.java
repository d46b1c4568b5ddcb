package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.at;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.config.Location;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of mistake stops loading with the right line, column and a message naming it. */
class ConfigErrorsTest {
  @TempDir Path dir;

  /** A valid tail to append after the part under test. */
  private static final String SOURCES = """
      sources:
        - name: app
          writeKeys: [ wk_app ]
      """;
  private static final String DESTINATIONS = """
      destinations:
        - name: hook
          type: webhook
          options: { url: "https://example.org/in", secret: { env: WEBHOOK_SECRET } }
          contract: { userId: pseudonymize }
      """;

  private Path file;
  private String yaml;

  private ConfigException load(String text) {
    return load(text, ENV);
  }

  private ConfigException load(String text, Map<String, String> env) {
    try {
      file = dir.resolve("sluice.yaml");
      yaml = text;
      Files.writeString(file, text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return configError(() -> ConfigLoader.load(file, env));
  }

  private Location at(String marker) {
    return ConfigFixtures.at(file, yaml, marker);
  }

  private Location at(String marker, int nth) {
    return ConfigFixtures.at(file, yaml, marker, nth);
  }

  @Test
  void unknownAction() {
    ConfigException e = load(SOURCES + """
        destinations:
          - name: hook
            type: webhook
            options: { url: "https://example.org/in", secret: { env: WEBHOOK_SECRET } }
            contract:
              userId: pseudonymize
              properties.plan: kep
        """);
    assertThat(e.location()).isEqualTo(at("kep\n"));
    assertThat(e.problem())
        .startsWith("destinations[hook].contract['properties.plan']: unknown action 'kep' for 'properties.plan'")
        .contains("did you mean 'keep'")
        .endsWith("known actions: keep, drop, pseudonymize, sha256, redact, {generalize: KIND}");
    assertThat(e.getMessage()).startsWith(file + ":" + e.location().line() + ":" + e.location().column() + ": ");
  }

  @Test
  void actionThatIsNotAName() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("userId: pseudonymize", "userId: [keep]"));
    assertThat(e.location()).isEqualTo(at("[keep]"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['userId']: expected an action"
        + " (keep, drop, pseudonymize, sha256, redact, {generalize: KIND}), got a list");
  }

  @Test
  void badPathPattern() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("userId: pseudonymize", "properties..plan: keep"));
    assertThat(e.location()).isEqualTo(at("properties..plan"));
    assertThat(e.problem()).contains("path pattern 'properties..plan' has an empty segment");

    e = load(SOURCES + DESTINATIONS.replace("userId: pseudonymize", "prop*: keep"));
    assertThat(e.location()).isEqualTo(at("prop*"));
    assertThat(e.problem()).contains("invalid segment 'prop*'");
  }

  @Test
  void ruleOnAnEnvelopeField() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("userId: pseudonymize", "userId: pseudonymize, messageId: keep"));
    assertThat(e.location()).isEqualTo(at("messageId"));
    assertThat(e.problem()).contains("'messageId' is an envelope field").contains("idempotency id");
  }

  @Test
  void unknownDestinationType() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("type: webhook", "type: webhok"));
    assertThat(e.location()).isEqualTo(at("webhok"));
    assertThat(e.problem()).isEqualTo("destinations[hook].type: unknown destination type 'webhok'"
        + " (did you mean 'webhook'?); known types: amplitude, ga4, mixpanel, posthog, segment, webhook");
  }

  @Test
  void missingCredentialEnvironmentVariable() {
    Map<String, String> env = new HashMap<>(ENV);
    env.remove("WEBHOOK_SECRET");
    ConfigException e = load(SOURCES + DESTINATIONS, env);
    assertThat(e.location()).isEqualTo(at("WEBHOOK_SECRET"));
    assertThat(e.problem()).isEqualTo(
        "destinations[hook].options.secret: environment variable WEBHOOK_SECRET is not set");

    env.put("WEBHOOK_SECRET", "");
    assertThat(load(SOURCES + DESTINATIONS, env).problem()).contains("WEBHOOK_SECRET is empty");
  }

  @Test
  void missingCredentialFile() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("{ env: WEBHOOK_SECRET }", "{ file: hook.secret }"));
    assertThat(e.location()).isEqualTo(at("hook.secret"));
    assertThat(e.problem()).contains("secret file " + dir.toAbsolutePath().resolve("hook.secret"))
        .contains("does not exist");
  }

  @Test
  void credentialRejectedByTheVendorIsLocatedAtTheOption() {
    ConfigException e = load(SOURCES + DESTINATIONS, Map.of("WEBHOOK_SECRET", "short"));
    assertThat(e.location()).isEqualTo(at("{ env: WEBHOOK_SECRET }"));
    assertThat(e.problem()).contains("at least 16 bytes");

    e = load(SOURCES + DESTINATIONS.replace("https://example.org/in", "ftp://example.org/in"));
    assertThat(e.location()).isEqualTo(at("\"ftp://"));
    assertThat(e.problem()).startsWith("destinations[hook].options.url: ").contains("not an http(s) URL");
  }

  @Test
  void missingRequiredOptionIsLocatedAtTheOptionsBlock() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("url: \"https://example.org/in\", ", ""));
    assertThat(e.location()).isEqualTo(at("{ secret"));
    assertThat(e.problem()).isEqualTo("destinations[hook].options: missing required option 'url'");
  }

  @Test
  void unknownOption() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("url:", "uri: x, url:"));
    assertThat(e.location()).isEqualTo(at("uri"));
    assertThat(e.problem()).contains("unknown key 'uri'").contains("did you mean 'url'")
        .contains("known keys: batchSize, maxBatchBytes, secret, url");
  }

  @Test
  void optionOfTheWrongType() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("url:", "batchSize: \"100\", url:"));
    assertThat(e.location()).isEqualTo(at("\"100\""));
    assertThat(e.problem()).isEqualTo("destinations[hook].options.batchSize: expected an integer, got a string");
  }

  @Test
  void inlineSecret() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("{ env: WEBHOOK_SECRET }", "hunter2hunter2hunter2"));
    assertThat(e.location()).isEqualTo(at("hunter2"));
    assertThat(e.problem()).isEqualTo("destinations[hook].options.secret: "
        + "secrets must be given as {env: NAME} or {file: PATH}, not inline");
  }

  @Test
  void inlineMasterKey() {
    ConfigException e = load("keys:\n  masterKey: s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("s3cr3t"));
    assertThat(e.problem()).contains("keys.masterKey: secrets must be given as {env: NAME} or {file: PATH}");
  }

  @Test
  void secretReferenceWithBothForms() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("{ env: WEBHOOK_SECRET }", "{ env: A, file: b }"));
    assertThat(e.location()).isEqualTo(at("{ env: A"));
    assertThat(e.problem()).contains("either env or file, not both");
  }

  @Test
  void unknownKey() {
    ConfigException e = load("""
        server:
          ingest: { port: 8080 }
          trustedProxy: [ "10.0.0.0/8" ]
        """ + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("trustedProxy"));
    assertThat(e.problem()).isEqualTo("server: unknown key 'trustedProxy' (did you mean 'trustedProxies'?);"
        + " known keys: admin, idleTimeout, ingest, maxConnections, minRequestDataRate, trustedProxies");
  }

  @Test
  void durationWithoutAUnitOrOutOfRange() {
    ConfigException e = load("""
        server:
          idleTimeout: 30
        """ + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("30"));
    assertThat(e.problem()).isEqualTo("server.idleTimeout: expected a duration such as \"30s\" or \"500ms\", got an integer");
    e = load("""
        server:
          idleTimeout: 2d
        """ + SOURCES + DESTINATIONS);
    assertThat(e.problem()).startsWith("server.idleTimeout: '2d' is not a duration");
    e = load(SOURCES + DESTINATIONS.replace("contract:", "requestTimeout: 20m\n    contract:"));
    assertThat(e.problem()).isEqualTo("destinations[hook].requestTimeout: '20m' is out of range (0.1s to 600s)".replace("0.1s", "100ms"));
  }

  @Test
  void canariesNeedAnIntervalAndAMailDomain() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("contract:", "canaries: { domain: canary.example.com }\n    contract:"));
    assertThat(e.problem()).contains("destinations[hook].canaries").contains("missing required key 'every'");
    e = load(SOURCES + DESTINATIONS.replace("contract:", "canaries: { every: 10s }\n    contract:"));
    assertThat(e.problem()).startsWith("destinations[hook].canaries.every: '10s' is out of range");
    e = load(SOURCES + DESTINATIONS.replace("contract:", "canaries: { every: 1h, domain: \"https://x.example/\" }\n    contract:"));
    assertThat(e.problem()).startsWith("destinations[hook].canaries.domain: 'https://x.example/' is not a domain name");
    e = load(SOURCES + DESTINATIONS.replace("contract:", "canaries: { every: 1h, rate: 2 }\n    contract:"));
    assertThat(e.problem()).contains("unknown key 'rate'");
  }

  @Test
  void unknownTopLevelKey() {
    ConfigException e = load(SOURCES + DESTINATIONS + "sinks: []\n");
    assertThat(e.location()).isEqualTo(at("sinks"));
    assertThat(e.problem()).isEqualTo("unknown top-level key 'sinks'; known keys:"
        + " admin, destinations, keys, limits, server, sources, storage, vendors");
  }

  @Test
  void duplicateKey() {
    ConfigException e = load("""
        server:
          ingest:
            port: 8080
            host: 0.0.0.0
            port: 9090
        """ + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("port", 2));
    assertThat(e.problem()).isEqualTo("server.ingest: duplicate key 'port' (first written at line 3, column 5)");
  }

  @Test
  void duplicateContractPatternIsADuplicateKey() {
    ConfigException e = load(SOURCES + DESTINATIONS.replace("userId: pseudonymize", "userId: pseudonymize, userId: keep"));
    assertThat(e.location()).isEqualTo(at("userId", 2));
    assertThat(e.problem()).contains("duplicate key 'userId'");
  }

  @Test
  void duplicateName() {
    ConfigException e = load(SOURCES + DESTINATIONS + """
          - name: hook
            type: webhook
            options: { url: "https://example.org/2", secret: { env: WEBHOOK_SECRET } }
            contract: { userId: pseudonymize }
        """);
    Location second = at("- name: hook", 2);
    assertThat(e.location()).isEqualTo(new Location(file.toString(), second.line(), second.column() + 8));
    assertThat(e.problem()).isEqualTo("destinations[hook].name: duplicate destination name 'hook' (first used at line 5)");
  }

  @Test
  void invalidName() {
    ConfigException e = load(SOURCES.replace("name: app", "name: Web App") + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("Web App"));
    assertThat(e.problem()).startsWith("sources[0].name: 'Web App' is not a valid source name");
  }

  @Test
  void unknownDestinationInASource() {
    ConfigException e = load("""
        sources:
          - name: app
            writeKeys: [ wk_app ]
            destinations: [ hook, hookk ]
        """ + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("hookk"));
    assertThat(e.problem()).isEqualTo("sources[app].destinations[1]: unknown destination 'hookk'"
        + " (did you mean 'hook'?); known destinations: hook");
  }

  @Test
  void writeKeyUsedByTwoSources() {
    ConfigException e = load("""
        sources:
          - name: web
            writeKeys: [ wk_shared ]
          - name: ios
            writeKeys: [ wk_ios, wk_shared ]
        """ + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("wk_shared", 2));
    assertThat(e.problem()).isEqualTo("sources[ios].writeKeys[1]: this write key is already used by source"
        + " 'web'; a write key names exactly one source");
  }

  @Test
  void writeKeyFromAMissingVariable() {
    ConfigException e = load(SOURCES.replace("[ wk_app ]", "[ { env: APP_WRITE_KEY } ]") + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("APP_WRITE_KEY"));
    assertThat(e.problem()).isEqualTo("sources[app].writeKeys[0]: environment variable APP_WRITE_KEY is not set");
  }

  @Test
  void badSizeString() {
    ConfigException e = load("storage:\n  outboxMaxBytes: 10 MBs\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("10 MBs"));
    assertThat(e.problem()).startsWith("storage.outboxMaxBytes: '10 MBs' is not a size")
        .contains("KB, MB, GB, KiB, MiB, GiB");
  }

  @Test
  void sizeThatDoesNotFit() {
    ConfigException e = load("limits:\n  maxEventBytes: 4GiB\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("4GiB"));
    assertThat(e.problem()).contains("must be at most 2147483647 bytes");
  }

  @Test
  void inconsistentLimits() {
    ConfigException e = load("limits:\n  maxEventBytes: 64KB\n  maxBatchBytes: 32KB\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("32KB"));
    assertThat(e.problem()).contains("maxBatchBytes (32768) must be at least maxEventBytes (65536)");
  }

  @Test
  void yamlSyntaxError() {
    ConfigException e = load("""
        server:
          ingest:
            host: a: b
        """ + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at(": b"));
    assertThat(e.problem()).isEqualTo("YAML syntax error: mapping values are not allowed here");

    e = load("server:\n  ingest: { host: 127.0.0.1, port: 8080\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 3, 8));
    assertThat(e.problem()).startsWith("YAML syntax error: expected ',' or '}'")
        .contains("while parsing a flow mapping started at line 2");
  }

  @Test
  void wrongTypes() {
    ConfigException e = load(SOURCES.replace("writeKeys: [ wk_app ]", "writeKeys: [ wk_app ]\n    allowedOrigins: { a: b }")
        + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("{ a: b }"));
    assertThat(e.problem()).isEqualTo("sources[app].allowedOrigins: expected a list of strings, got a map");

    e = load("server:\n  ingest: { port: \"8080\" }\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("\"8080\""));
    assertThat(e.problem()).isEqualTo("server.ingest.port: expected an integer, got a string");

    e = load("server:\n  ingest: { port: 70000 }\n" + SOURCES + DESTINATIONS);
    assertThat(e.problem()).isEqualTo("server.ingest.port: 70000 is out of range (0 to 65535)");

    e = load(SOURCES + DESTINATIONS.replace("name: hook", "name: 2024"));
    assertThat(e.location()).isEqualTo(at("2024"));
    assertThat(e.problem()).isEqualTo("destinations[0].name: expected a string, got an integer"
        + " (quote it to make it a string: \"2024\")");

    e = load("sources: { name: app }\n" + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("{ name"));
    assertThat(e.problem()).isEqualTo("sources: expected a list of sources, got a map");

    e = load("- just\n- a list\n");
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 1, 1));
    assertThat(e.problem()).startsWith("expected a map at the top level").endsWith("got a list");
  }

  @Test
  void emptyValueIsNotAnAbsentKey() {
    ConfigException e = load("limits:\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 1, 8)); // right after "limits:"
    assertThat(e.problem()).isEqualTo("limits: expected a map, got an empty value");
  }

  @Test
  void emptyFile() {
    ConfigException e = load("# nothing but a comment\n");
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 1, 1));
    assertThat(e.problem()).isEqualTo("the config file is empty");
    assertThat(load("").problem()).isEqualTo("the config file is empty");
  }

  @Test
  void missingFile() {
    Path nowhere = dir.resolve("nope.yaml");
    ConfigException e = configError(() -> ConfigLoader.load(nowhere, ENV));
    assertThat(e.getMessage()).isEqualTo(nowhere + ": config file does not exist");
  }

  @Test
  void invalidUtf8() throws Exception {
    file = dir.resolve("sluice.yaml");
    byte[] bytes = "sources:\n  - name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);
    ConfigException e = configError(() -> ConfigLoader.load(file, ENV));
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 2, 14));
    assertThat(e.problem()).contains("not valid UTF-8");
  }

  @Test
  void missingSectionsAndEmptyLists() {
    ConfigException e = load(SOURCES);
    assertThat(e.location()).isEqualTo(new Location(file.toString(), 1, 1));
    assertThat(e.problem()).contains("missing required key 'destinations'");

    e = load("sources: []\n" + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("[]"));
    assertThat(e.problem()).isEqualTo("sources: at least one source is needed");

    e = load(SOURCES + DESTINATIONS.replace("    contract: { userId: pseudonymize }\n", ""));
    assertThat(e.location()).isEqualTo(at("name: hook"));
    assertThat(e.problem()).isEqualTo("destinations[hook]: missing required key 'contract'");
  }

  @Test
  void badOriginsAndProxies() {
    ConfigException e = load(SOURCES.replace("writeKeys: [ wk_app ]",
        "writeKeys: [ wk_app ]\n    allowedOrigins: [ \"https://app.example.com/\" ]") + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("\"https://app.example.com/\""));
    assertThat(e.problem()).contains("remove the trailing '/'");

    e = load("server:\n  trustedProxies: [ 10.0.0.0/8, lb.internal ]\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("lb.internal"));
    assertThat(e.problem()).startsWith("server.trustedProxies[1]: 'lb.internal' is not an IP address or CIDR range");

    e = load("server:\n  trustedProxies: [ 10.0.0.1/8 ]\n" + SOURCES + DESTINATIONS);
    assertThat(e.problem()).contains("did you mean 10.0.0.0/8?");
  }

  @Test
  void listenersOnOnePort() {
    ConfigException e = load("server:\n  ingest: { port: 9000 }\n  admin: { port: 9000 }\n" + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("{ port: 9000 }", 2));
    assertThat(e.problem()).contains("the admin listener uses the ingest listener's port 9000");
  }

  @Test
  void mergeKeysAreRefusedButAliasesWork() {
    ConfigException e = load("""
        server:
          ingest: &l { host: 127.0.0.1 }
          admin: { <<: *l, port: 9001 }
        """ + SOURCES + DESTINATIONS);
    assertThat(e.location()).isEqualTo(at("<<"));
    assertThat(e.problem()).contains("merge keys (<<) are not supported");

    Path f = dir.resolve("aliases.yaml");
    try {
      Files.writeString(f, SOURCES + """
          destinations:
            - name: a
              type: webhook
              options: { url: "https://example.org/a", secret: { env: WEBHOOK_SECRET } }
              contract: &shared { userId: pseudonymize, properties.plan: keep }
            - name: b
              type: webhook
              options: { url: "https://example.org/b", secret: { env: WEBHOOK_SECRET } }
              contract: *shared
          """);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    SluiceConfig c = ConfigLoader.load(f, ENV);
    assertThat(c.destination("b").orElseThrow().rules()).isEqualTo(c.destination("a").orElseThrow().rules());
  }
}
