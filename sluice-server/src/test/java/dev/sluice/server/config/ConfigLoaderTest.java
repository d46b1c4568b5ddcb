package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.at;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.core.vendor.webhook.WebhookEncoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private final Path full = ConfigFixtures.resource("valid/full.yaml");

  private String fullText() throws Exception {
    return Files.readString(full);
  }

  @Test
  void fullConfigLoadsIntoTheExpectedRecords() throws Exception {
    SluiceConfig c = ConfigLoader.load(full, ENV);
    Path configDir = full.toAbsolutePath().getParent();

    assertThat(c.file()).isEqualTo(full.toAbsolutePath().normalize());
    assertThat(c.server().ingest()).isEqualTo(new ListenAddress("0.0.0.0", 9080));
    assertThat(c.server().admin()).isEqualTo(new ListenAddress("127.0.0.1", 9081));
    assertThat(c.server().trustedProxies().entries())
        .containsExactly("10.0.0.0/8", "127.0.0.1", "fd00::/8");
    assertThat(c.storage()).isEqualTo(new StorageSettings(configDir.resolve("state"), 512L << 20));
    assertThat(c.limits()).isEqualTo(new SegmentLimits(64 * 1024, 1 << 20, 1000, 16, 4096));

    assertThat(c.sources()).hasSize(2);
    SourceConfig web = c.sources().get(0);
    assertThat(web.name()).isEqualTo("web-app");
    assertThat(web.writeKeys()).containsExactly("wk_live_abc123", "wk_from_env_777");
    assertThat(web.allowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
    assertThat(web.destinations()).containsExactly("product-analytics");
    assertThat(web.location()).isEqualTo(at(full, fullText(), "name: web-app"));
    assertThat(web.allowsOrigin("https://APP.example.com")).isTrue();
    assertThat(web.allowsOrigin("https://evil.example.com")).isFalse();
    assertThat(web.toString()).doesNotContain("wk_live_abc123").doesNotContain("wk_from_env_777");
    SourceConfig backend = c.sources().get(1);
    assertThat(backend.allowedOrigins()).isEmpty();
    assertThat(backend.destinations()) // absent: every destination, in file order
        .containsExactly("product-analytics", "ops-hook", "warehouse");

    assertThat(c.destinations()).extracting(DestinationConfig::name)
        .containsExactly("product-analytics", "ops-hook", "warehouse");
    DestinationConfig pa = c.destination("product-analytics").orElseThrow();
    assertThat(pa.type().name()).isEqualTo("webhook");
    assertThat(pa.encoder().limits()).isEqualTo(new BatchLimits(50, 65536));
    assertThat(pa.location()).isEqualTo(at(full, fullText(), "name: product-analytics"));
    assertThat(pa.rules()).containsExactly(
        rule("userId", Action.PSEUDONYMIZE, at(full, fullText(), "userId: pseudonymize")),
        rule("anonymousId", Action.PSEUDONYMIZE, at(full, fullText(), "anonymousId: pseudonymize")),
        rule("properties.plan", Action.KEEP, at(full, fullText(), "properties.plan: keep")),
        rule("context.page.path", Action.KEEP, at(full, fullText(), "context.page.path: keep")));

    assertThat(pa.onPii()).isEqualTo(OnPii.REDACT); // the default

    DestinationConfig wh = c.destination("warehouse").orElseThrow();
    assertThat(wh.type().name()).isEqualTo("segment");
    assertThat(wh.onPii()).isEqualTo(OnPii.DROP_EVENT);
    assertThat(wh.rules()).extracting(r -> r.pattern().text() + "=" + r.action().name())
        .containsExactly("userId=pseudonymize", "traits=keep", "traits.email=drop");
  }

  @Test
  void optionSecretsAreResolvedFromTheEnvMapAndFromFilesNextToTheConfig() throws Exception {
    SluiceConfig c = ConfigLoader.load(full, ENV);
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    byte[] item = "{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8);

    VendorRequest env = c.destination("product-analytics").orElseThrow().encoder().frame(List.of(item), now);
    assertThat(env.headers().get(WebhookEncoder.SIGNATURE_HEADER)).isEqualTo(
        "t=" + now.getEpochSecond() + ",v1=" + WebhookEncoder.sign(
            key(ENV.get("WEBHOOK_SECRET")), Long.toString(now.getEpochSecond()), env.body()));

    // {file: secrets/ops-hook.secret}: relative to the config's directory, trailing newline removed
    VendorRequest file = c.destination("ops-hook").orElseThrow().encoder().frame(List.of(item), now);
    assertThat(file.headers().get(WebhookEncoder.SIGNATURE_HEADER)).endsWith(
        ",v1=" + WebhookEncoder.sign(
            key("file-secret-for-the-ops-hook-0123"), Long.toString(now.getEpochSecond()), file.body()));

    VendorRequest seg = c.destination("warehouse").orElseThrow().encoder().frame(List.of(item), now);
    assertThat(seg.uri().toString()).isEqualTo("https://events.eu1.segmentapis.com/v1/batch");
    assertThat(seg.headers().get("Authorization")).isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("seg_wk_123:".getBytes(StandardCharsets.UTF_8)));
  }

  private static SecretKeySpec key(String s) {
    return new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  private static Rule rule(String pattern, Action action, Location at) {
    return new Rule(dev.sluice.core.policy.PathPattern.parse(pattern), action, at);
  }

  @Test
  void loadedContractsBehaveAsWritten() {
    SluiceConfig c = ConfigLoader.load(full, ENV);
    var contract = c.destination("ops-hook").orElseThrow().contract(new FakePseudonymizer());
    assertThat(contract.decidingRule("properties.user.email").action()).isEqualTo(Action.DROP);
    assertThat(contract.decidingRule("properties.user.name").action()).isEqualTo(Action.KEEP);
    assertThat(contract.decidingRule("context.ip")).isNull();
  }

  @Test
  void identityFieldsKeptRawAreWarnedAboutWithTheRuleLocation() throws Exception {
    SluiceConfig c = ConfigLoader.load(full, ENV);
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w)
        .startsWith(at(full, fullText(), "userId: keep") + ": ")
        .contains("ops-hook")
        .contains("userId"));
    assertThat(c.warnings()).noneMatch(w -> w.contains("product-analytics"));
  }

  @Test
  void trustedProxiesMatchAddressesAndRanges() throws Exception {
    TrustedProxies t = ConfigLoader.load(full, ENV).server().trustedProxies();
    assertThat(t.trusts(InetAddress.getByName("10.200.3.4"))).isTrue();
    assertThat(t.trusts(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(t.trusts(InetAddress.getByName("127.0.0.2"))).isFalse();
    assertThat(t.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(t.trusts(InetAddress.getByName("fd12:3456::1"))).isTrue();
    assertThat(t.trusts(InetAddress.getByName("fe80::1"))).isFalse();
  }

  @Test
  void connectionLimitsAndVendorTimeoutsAreRead() {
    SluiceConfig c = ConfigLoader.load(full, ENV);
    assertThat(c.server().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(c.server().maxConnections()).isEqualTo(500);
    assertThat(c.server().minRequestDataRate()).isEqualTo(2048);
    assertThat(c.destinations().get(0).requestTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(ConfigLoader.load(ConfigFixtures.resource("valid/minimal.yaml"), ENV).destinations().get(0).requestTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(30));
  }

  @Test
  void aMinimalConfigGetsTheDocumentedDefaults() {
    Path minimal = ConfigFixtures.resource("valid/minimal.yaml");
    SluiceConfig c = ConfigLoader.load(minimal, ENV);
    assertThat(c.server()).isEqualTo(new ServerSettings(
        new ListenAddress("127.0.0.1", 8080), new ListenAddress("127.0.0.1", 8081), TrustedProxies.NONE));
    assertThat(c.storage()).isEqualTo(new StorageSettings(
        minimal.toAbsolutePath().getParent().resolve("data"), 1L << 30));
    assertThat(c.limits()).isEqualTo(SegmentLimits.DEFAULT);
    assertThat(c.masterKey().ref()).isInstanceOf(SecretRef.Env.class);
    assertThat(((SecretRef.Env) c.masterKey().ref()).variable()).isEqualTo("SLUICE_MASTER_KEY");
    assertThat(c.sources().get(0).destinations()).containsExactly("hook");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void relativeDataDirResolvesAgainstTheConfigFilesDirectoryNotTheWorkingDirectory() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("etc/sluice"));
    Path f = sub.resolve("sluice.yaml");
    Files.writeString(f, """
        storage: { dataDir: ../../var/lib/sluice }
        sources: [ { name: app, writeKeys: [ wk ] } ]
        destinations:
          - name: hook
            type: webhook
            options: { url: "https://example.org/", secret: { env: WEBHOOK_SECRET } }
            contract: { userId: pseudonymize }
        """);
    SluiceConfig c = ConfigLoader.load(f, ENV);
    assertThat(c.storage().dataDir()).isEqualTo(dir.resolve("var/lib/sluice").toAbsolutePath().normalize());
    assertThat(c.storage().dataDir()).isAbsolute();
  }

  @Test
  void theMasterKeyIsResolvedOnlyWhenAskedFor() throws Exception {
    Map<String, String> env = new HashMap<>(ENV);
    env.remove("TEST_MASTER_KEY");
    SluiceConfig c = ConfigLoader.load(full, env); // `sluice check` needs no master key
    ConfigException e = configError(c::masterKeyBytes);
    assertThat(e.location()).isEqualTo(at(full, fullText(), "TEST_MASTER_KEY"));
    assertThat(e.problem()).isEqualTo("keys.masterKey: environment variable TEST_MASTER_KEY is not set");

    assertThat(ConfigLoader.load(full, ENV).masterKeyBytes())
        .isEqualTo(ENV.get("TEST_MASTER_KEY").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutAKeysBlockTheMasterKeyComesFromSluiceMasterKey() {
    Path minimal = ConfigFixtures.resource("valid/minimal.yaml");
    ConfigException e = configError(() -> ConfigLoader.load(minimal, Map.of("WEBHOOK_SECRET", "0123456789abcdef"))
        .masterKeyBytes());
    assertThat(e.location().line()).isZero();
    assertThat(e.getMessage()).startsWith(minimal + ": ").contains("SLUICE_MASTER_KEY is not set");
    assertThat(ConfigLoader.load(minimal, ENV).masterKeyBytes())
        .isEqualTo(ENV.get("SLUICE_MASTER_KEY").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aMasterKeyFileIsReadRelativeToTheConfigAndMustBeLongEnough() throws Exception {
    Path f = dir.resolve("sluice.yaml");
    String yaml = """
        keys: { masterKey: { file: master.key } }
        sources: [ { name: app, writeKeys: [ wk ] } ]
        destinations:
          - name: hook
            type: webhook
            options: { url: "https://example.org/", secret: { env: WEBHOOK_SECRET } }
            contract: { userId: pseudonymize }
        """;
    Files.writeString(f, yaml);
    SluiceConfig c = ConfigLoader.load(f, ENV);
    ConfigException missing = configError(c::masterKeyBytes);
    assertThat(missing.location()).isEqualTo(at(f, yaml, "master.key"));
    assertThat(missing.problem()).contains("does not exist");

    Files.writeString(dir.resolve("master.key"), "too-short\n");
    assertThat(configError(c::masterKeyBytes).problem()).contains("too short").contains("32");

    String good = "A".repeat(44);
    Files.writeString(dir.resolve("master.key"), good + "\n");
    assertThat(c.masterKeyBytes()).isEqualTo(good.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theShippedExampleLoadsWithTheVariablesItReferences() throws Exception {
    Path example = ConfigFixtures.repo("examples/sluice.yaml");
    SluiceConfig c = ConfigLoader.load(example, ENV);
    assertThat(c.sources()).extracting(SourceConfig::name).containsExactly("web-app", "backend");
    assertThat(c.destinations()).extracting(DestinationConfig::name)
        .containsExactly("product-analytics", "warehouse");
    assertThat(c.masterKeyBytes()).hasSizeGreaterThanOrEqualTo(MasterKeyRef.MIN_BYTES);
    assertThat(c.warnings()).isEmpty();
    // The example pseudonymises every identity field at every destination.
    for (DestinationConfig d : c.destinations()) {
      var contract = d.contract(new FakePseudonymizer());
      for (String id : dev.sluice.core.policy.Contract.IDENTITY_FIELDS) {
        assertThat(contract.decidingRule(id).action()).as(d.name() + " " + id).isEqualTo(Action.PSEUDONYMIZE);
      }
    }
    // It shows onPii and the actions beyond keep/drop/pseudonymize.
    DestinationConfig pa = c.destination("product-analytics").orElseThrow();
    assertThat(pa.onPii()).isEqualTo(OnPii.DROP_FIELD);
    var product = pa.contract(new FakePseudonymizer());
    assertThat(product.decidingRule("context.ip").action().name()).isEqualTo("generalize: country");
    assertThat(product.decidingRule("context.userAgent").action().name()).isEqualTo("generalize: browser");
    assertThat(product.decidingRule("properties.url").action().name()).isEqualTo("generalize: path");
    DestinationConfig wh = c.destination("warehouse").orElseThrow();
    assertThat(wh.onPii()).isEqualTo(OnPii.REDACT);
    var warehouse = wh.contract(new FakePseudonymizer());
    assertThat(warehouse.decidingRule("properties.url").action()).isEqualTo(Action.REDACT);
    assertThat(warehouse.decidingRule("properties.price").action().name()).isEqualTo("generalize: bucket(10)");
    assertThat(Files.readString(example)).contains("\"timestamp: { generalize: day }\" is an error");
    // ...and references secrets only through the environment.
    String text = Files.readString(example);
    assertThat(text).doesNotContain("file:");
    for (String var : List.of("SLUICE_MASTER_KEY", "SLUICE_BACKEND_WRITE_KEY", "PRODUCT_HOOK_SECRET",
        "SEGMENT_WRITE_KEY")) {
      Map<String, String> env = new HashMap<>(ENV);
      env.remove(var);
      if (var.equals("SLUICE_MASTER_KEY")) {
        assertThat(configError(() -> ConfigLoader.load(example, env).masterKeyBytes()).problem()).contains(var);
      } else {
        assertThat(configError(() -> ConfigLoader.load(example, env)).problem()).contains(var);
      }
    }
  }

  /** Deterministic stand-in: tests here only look at which rule decides. */
  static final class FakePseudonymizer implements dev.sluice.core.keys.Pseudonymizer {
    @Override
    public String pseudonym(String value) {
      return "ps1_1_" + Integer.toHexString(value.hashCode());
    }

    @Override
    public java.util.UUID idempotencyId(String messageId) {
      return java.util.UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int epoch() {
      return 1;
    }
  }
}
