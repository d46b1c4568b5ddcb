package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.generalize.CountryLookup;
import dev.sluice.core.generalize.GeneralizeContext;
import dev.sluice.core.generalize.Generalizer;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.OnPii;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Contract values beyond keep/drop/pseudonymize ({@code sha256}, {@code redact}, {@code {generalize:
 * KIND}}), {@code onPii}, and the generalize context: which database is read, and when.
 */
class ConfigActionsTest {
  @TempDir Path dir;

  static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

  /** A lookup that must never be called: loading a config does not look anything up. */
  static final CountryLookup MUST_NOT_BE_CALLED = address -> {
    throw new AssertionError("the loader looked up " + address);
  };

  static final GeneralizeContext NO_LOOKUPS = new GeneralizeContext(MUST_NOT_BE_CALLED, () -> TODAY);

  private static final String HEAD = """
      sources:
        - name: app
          writeKeys: [ wk_app ]
      destinations:
        - name: hook
          type: webhook
          options: { url: "https://example.org/in", secret: { env: WEBHOOK_SECRET } }
      """;

  private Path file;
  private String yaml;

  /** HEAD, then {@code tail} (onPii and contract lines, indented by 4 already). */
  private Path write(String tail) {
    try {
      file = dir.resolve("sluice.yaml");
      yaml = HEAD + tail;
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path contract(String... rules) {
    StringBuilder b = new StringBuilder("    contract:\n");
    for (String r : rules) {
      b.append("      ").append(r).append('\n');
    }
    return write(b.toString());
  }

  private DestinationConfig hook(Path f, GeneralizeContext ctx) {
    return ConfigLoader.load(f, ENV, ctx).destination("hook").orElseThrow();
  }

  private Action onlyAction(String value) {
    return hook(contract("properties.x: " + value), NO_LOOKUPS).rules().get(0).action();
  }

  private ConfigException error(Path f) {
    return configError(() -> ConfigLoader.load(f, ENV, NO_LOOKUPS));
  }

  private Location at(String marker) {
    return ConfigFixtures.at(file, yaml, marker);
  }

  private Location loc(int line, int column) {
    return new Location(file.toString(), line, column);
  }

  // ---- each action loads into the right Action -------------------------------------------

  @ParameterizedTest
  @CsvSource({
      "keep, keep", "drop, drop", "pseudonymize, pseudonymize", "pseudonymise, pseudonymize",
      "sha256, sha256", "redact, redact"})
  void plainWords(String written, String name) {
    Action a = onlyAction(written);
    assertThat(a).isSameAs(Action.byName(name));
    assertThat(a.name()).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{ generalize: country }      | Country   | country",
      "{ generalize: ip-prefix }    | IpPrefix  | ip-prefix",
      "{ generalize: browser }      | Browser   | browser",
      "{ generalize: os }           | Os        | os",
      "{ generalize: domain }       | Domain    | domain",
      "{ generalize: path }         | UrlPath   | path",
      "{ generalize: day }          | Day       | day",
      "{ generalize: month }        | Month     | month",
      "{ generalize: bucket(10) }   | Bucket    | bucket(10)",
      "{ generalize: bucket( 25 ) } | Bucket    | bucket(25)",
      "{ generalize: age-band }     | AgeBand   | age-band",
      "{ generalize: \" month \" }  | Month     | month"})
  void generalizeKinds(String written, String type, String describe) {
    Action a = onlyAction(written);
    assertThat(a).isInstanceOf(Action.Generalize.class);
    Generalizer g = ((Action.Generalize) a).generalizer();
    assertThat(g.getClass().getSimpleName()).isEqualTo(type);
    assertThat(g.describe()).isEqualTo(describe);
    assertThat(a.name()).isEqualTo("generalize: " + describe);
  }

  @Test
  void blockStyleGeneralizeAndTheContextReachTheGeneralizers() {
    write("""
            contract:
              properties.price:
                generalize: bucket(10)
              traits.birthday:
                generalize: age-band
              context.ip: { generalize: country }
        """);
    CountryLookup nl = address -> "NL";
    List<Action> actions = hook(file, new GeneralizeContext(nl, () -> TODAY)).rules().stream()
        .map(r -> r.action()).toList();
    assertThat(actions.get(0)).isEqualTo(new Action.Generalize(new Generalizer.Bucket(10)));
    Generalizer age = ((Action.Generalize) actions.get(1)).generalizer();
    assertThat(age.apply(text("1990-05-17")).asText()).isEqualTo("30-39"); // today from the context
    Generalizer country = ((Action.Generalize) actions.get(2)).generalizer();
    assertThat(country).isEqualTo(new Generalizer.Country(nl));
  }

  @Test
  void aLoadedContractGeneralizesRedactsAndHashes() throws Exception {
    contract(
        "userId: pseudonymize",
        "context.ip: { generalize: country }",
        "context.userAgent: { generalize: browser }",
        "properties.url: { generalize: path }",
        "properties.price: { generalize: bucket(10) }",
        "properties.note: redact",
        "traits.email: sha256");
    Contract c = hook(file, new GeneralizeContext(address -> "US", () -> TODAY))
        .contract(new ConfigLoaderTest.FakePseudonymizer());
    ObjectNode out = c.apply(event("""
        {"type": "identify", "messageId": "m1", "userId": "u1",
         "context": {"ip": "8.8.8.8",
           "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.90 Safari/537.36"},
         "properties": {"url": "https://app.example/users/48213/orders?x=1", "price": 124.5,
           "note": "plain text"},
         "traits": {"email": " Jane.Doe@Example.COM "}}
        """));
    assertThat(out.at("/context/ip").asText()).isEqualTo("US");
    assertThat(out.at("/context/userAgent").asText()).isEqualTo("Chrome 129");
    assertThat(out.at("/properties/url").asText()).isEqualTo("/users/:id/orders");
    assertThat(out.at("/properties/price").asText()).isEqualTo("120-129");
    assertThat(out.at("/properties/note").asText()).isEqualTo("plain text"); // nothing detected
    assertThat(out.at("/traits/email").asText())
        .isEqualTo("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d");
  }

  @Test
  void onEqualSpecificityTheMoreProtectiveActionDecides() {
    // Each pair: two patterns of specificity 5 that both match properties.url.
    record Case(String a, String b, Class<?> winner) {}
    List<Case> cases = List.of(
        new Case("properties.*: keep", "'*.url': { generalize: path }", Action.Generalize.class),
        new Case("properties.*: redact", "'*.url': { generalize: path }", Action.Generalize.class),
        new Case("properties.*: sha256", "'*.url': redact", Action.Redact.class),
        new Case("properties.*: keep", "'*.url': sha256", Action.Sha256.class),
        new Case("properties.*: pseudonymize", "'*.url': { generalize: domain }", Action.Pseudonymize.class),
        new Case("properties.*: drop", "'*.url': pseudonymize", Action.Drop.class));
    for (Case k : cases) {
      Contract c = hook(contract(k.a(), k.b()), NO_LOOKUPS).contract(new ConfigLoaderTest.FakePseudonymizer());
      assertThat(c.decidingRule("properties.url").action()).as(k.toString()).isInstanceOf(k.winner());
    }
  }

  // ---- errors: located at the offending node, naming what is allowed -----------------------

  @Test
  void bucketZero() {
    ConfigException e = error(contract("userId: pseudonymize", "context.ip: { generalize: bucket(0) }"));
    assertThat(e.location()).isEqualTo(loc(10, 33)).isEqualTo(at("bucket(0)"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['context.ip'].generalize: 'bucket(0)':"
        + " the bucket size must be a positive integer, e.g. bucket(10); valid: country, ip-prefix,"
        + " browser, os, domain, path, day, month, bucket(N), age-band");
  }

  @Test
  void bucketOfSomethingElse() {
    ConfigException e = error(write("""
            contract:
              userId: pseudonymize
              properties.price:
                generalize: bucket(x)
        """));
    assertThat(e.location()).isEqualTo(loc(11, 21)).isEqualTo(at("bucket(x)"));
    assertThat(e.problem()).startsWith("destinations[hook].contract['properties.price'].generalize: 'bucket(x)':"
        + " the bucket size must be a positive integer").endsWith("; valid: country, ip-prefix, browser, os,"
        + " domain, path, day, month, bucket(N), age-band");

    for (String bad : List.of("bucket", "bucket(-5)", "bucket(1.5)", "bucket(ten)", "bucket(99999999999999999999)")) {
      e = error(contract("properties.price: { generalize: \"" + bad + "\" }"));
      assertThat(e.location()).as(bad).isEqualTo(at("\"" + bad));
      assertThat(e.problem()).as(bad).contains("'" + bad + "'").contains("valid: country, ip-prefix");
    }
  }

  @Test
  void unknownKind() {
    ConfigException e = error(contract("userId: pseudonymize", "context.ip: { generalize: countries }"));
    assertThat(e.location()).isEqualTo(loc(10, 33)).isEqualTo(at("countries"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['context.ip'].generalize: unknown"
        + " generalization 'countries' (did you mean 'country'?); valid: country, ip-prefix, browser, os,"
        + " domain, path, day, month, bucket(N), age-band");

    e = error(contract("context.ip: { generalize: Country }"));
    assertThat(e.problem()).contains("unknown generalization 'Country' (did you mean 'country'?)");
    e = error(contract("context.ip: { generalize: zipcode }"));
    assertThat(e.problem()).contains("unknown generalization 'zipcode'; valid: country,");
  }

  @Test
  void kindThatIsNotAString() {
    ConfigException e = error(contract("properties.price: { generalize: 10 }"));
    assertThat(e.location()).isEqualTo(at("10 }"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['properties.price'].generalize: expected a"
        + " generalization kind (country, ip-prefix, browser, os, domain, path, day, month, bucket(N),"
        + " age-band), got an integer");

    e = error(contract("properties.price: { generalize: [day] }"));
    assertThat(e.location()).isEqualTo(at("[day]"));
    assertThat(e.problem()).endsWith("got a list");

    e = error(contract("properties.price: { generalize: }"));
    assertThat(e.problem()).endsWith("got an empty value");
  }

  @Test
  void extraKeyNextToGeneralize() {
    ConfigException e = error(contract("userId: pseudonymize", "context.ip: { generalize: country, fallback: drop }"));
    assertThat(e.location()).isEqualTo(loc(10, 42)).isEqualTo(at("fallback"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['context.ip']: unexpected key 'fallback'"
        + " next to generalize; an action written as a map has exactly one key: {generalize: KIND}, KIND one"
        + " of country, ip-prefix, browser, os, domain, path, day, month, bucket(N), age-band; other actions"
        + " are plain words (keep, drop, pseudonymize, sha256, redact)");
  }

  @Test
  void unknownKeyInAnActionMap() {
    ConfigException e = error(contract("context.ip: { generalise: country }"));
    assertThat(e.location()).isEqualTo(at("generalise"));
    assertThat(e.problem()).startsWith("destinations[hook].contract['context.ip']: unknown key 'generalise'"
        + " (did you mean 'generalize'?); an action written as a map has exactly one key: {generalize: KIND}");

    e = error(contract("userId: { pseudonymize: true }"));
    assertThat(e.location()).isEqualTo(at("pseudonymize: true"));
    assertThat(e.problem()).startsWith("destinations[hook].contract['userId']: unknown key 'pseudonymize';")
        .endsWith("other actions are plain words (keep, drop, pseudonymize, sha256, redact)");

    e = error(contract("context.ip: { keep: x, generalize: day }"));
    assertThat(e.location()).isEqualTo(at("keep: x"));
    assertThat(e.problem()).contains("unexpected key 'keep' next to generalize");

    e = error(contract("context.ip: {}"));
    assertThat(e.location()).isEqualTo(at("{}"));
    assertThat(e.problem()).startsWith("destinations[hook].contract['context.ip']: expected an action, got an"
        + " empty map; an action written as a map has exactly one key: {generalize: KIND}");
  }

  @Test
  void plainWordMistakesKeepTheirHints() {
    ConfigException e = error(contract("properties.plan: kep"));
    assertThat(e.location()).isEqualTo(at("kep"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['properties.plan']: unknown action 'kep'"
        + " for 'properties.plan' (did you mean 'keep'?); known actions: keep, drop, pseudonymize, sha256,"
        + " redact, {generalize: KIND}");

    assertThat(error(contract("properties.note: redcat")).problem()).contains("(did you mean 'redact'?)");
    assertThat(error(contract("traits.email: sha-256")).problem()).contains("(did you mean 'sha256'?)");

    e = error(contract("context.ip: country"));
    assertThat(e.location()).isEqualTo(at("country"));
    assertThat(e.problem()).contains("unknown action 'country' for 'context.ip' (did you mean {generalize: country}?)");
    assertThat(error(contract("properties.price: bucket(10)")).problem())
        .contains("(did you mean {generalize: bucket(10)}?)");

    e = error(contract("context.ip: generalize"));
    assertThat(e.problem()).contains("unknown action 'generalize' for 'context.ip' (generalize takes a kind"
        + " and is written as a map: {generalize: KIND})");
    assertThat(error(contract("context.ip: \"generalize: country\"")).problem())
        .contains("written as a map: {generalize: KIND}");

    e = error(contract("context.ip: [keep]"));
    assertThat(e.location()).isEqualTo(at("[keep]"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['context.ip']: expected an action (keep,"
        + " drop, pseudonymize, sha256, redact, {generalize: KIND}), got a list");
  }

  @Test
  void timestampIsEnvelopeEvenForGeneralize() {
    ConfigException e = error(contract("timestamp: { generalize: day }"));
    assertThat(e.location()).isEqualTo(at("timestamp"));
    assertThat(e.problem()).contains("'timestamp' is an envelope field");
  }

  // ---- onPii ------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"redact, REDACT", "drop-field, DROP_FIELD", "drop-event, DROP_EVENT"})
  void onPiiValues(String written, OnPii expected) {
    DestinationConfig d = hook(write("    onPii: " + written + "\n    contract: { properties.plan: keep }\n"), NO_LOOKUPS);
    assertThat(d.onPii()).isEqualTo(expected);
    assertThat(d.contract(new ConfigLoaderTest.FakePseudonymizer()).onPii()).isEqualTo(expected);
  }

  @Test
  void onPiiDefaultsToRedact() {
    assertThat(hook(contract("properties.plan: keep"), NO_LOOKUPS).onPii()).isEqualTo(OnPii.REDACT);
  }

  @Test
  void onPiiErrors() {
    ConfigException e = error(write("    onPii: drop_field\n    contract: { properties.plan: keep }\n"));
    assertThat(e.location()).isEqualTo(loc(8, 12)).isEqualTo(at("drop_field"));
    assertThat(e.problem()).isEqualTo("destinations[hook].onPii: unknown onPii 'drop_field'"
        + " (did you mean 'drop-field'?); known values: redact, drop-field, drop-event");

    e = error(write("    onPii: block\n    contract: { properties.plan: keep }\n"));
    assertThat(e.problem()).isEqualTo("destinations[hook].onPii: unknown onPii 'block'; known values: redact,"
        + " drop-field, drop-event");

    e = error(write("    onPii: [redact]\n    contract: { properties.plan: keep }\n"));
    assertThat(e.location()).isEqualTo(at("[redact]"));
    assertThat(e.problem()).isEqualTo("destinations[hook].onPii: expected one of redact, drop-field,"
        + " drop-event, got a list");

    e = error(write("    onPii:\n    contract: { properties.plan: keep }\n"));
    assertThat(e.problem()).endsWith("got an empty value");

    e = error(write("    onpii: redact\n    contract: { properties.plan: keep }\n"));
    assertThat(e.location()).isEqualTo(at("onpii"));
    assertThat(e.problem()).contains("unknown key 'onpii' (did you mean 'onPii'?)");
  }

  // ---- the generalize context: the database is read only when a lookup needs it ------------

  @Test
  void loadingNeverLooksUpACountry() {
    // MUST_NOT_BE_CALLED fails the test if the loader (or compiling the contract) calls it.
    DestinationConfig d = hook(contract("context.ip: { generalize: country }"), NO_LOOKUPS);
    assertThat(d.rules().get(0).action().name()).isEqualTo("generalize: country");
    d.contract(new ConfigLoaderTest.FakePseudonymizer());
  }

  @Test
  void theLazyLookupLoadsOnFirstUseOnlyAndOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    LazyCountryLookup lazy = new LazyCountryLookup(() -> {
      loads.incrementAndGet();
      return address -> "DE";
    });
    GeneralizeContext ctx = GeneralizeContext.of(lazy, java.time.Clock.systemUTC());

    Path withoutCountry = contract("context.ip: { generalize: ip-prefix }", "context.userAgent: { generalize: os }");
    hook(withoutCountry, ctx).contract(new ConfigLoaderTest.FakePseudonymizer());
    assertThat(loads).hasValue(0);

    Contract c = hook(contract("context.ip: { generalize: country }"), ctx)
        .contract(new ConfigLoaderTest.FakePseudonymizer());
    assertThat(loads).as("loading a config that uses country").hasValue(0);
    assertThat(lazy.isLoaded()).isFalse();

    ObjectNode out = c.apply(event("{\"type\": \"track\", \"messageId\": \"m\", \"event\": \"e\","
        + " \"context\": {\"ip\": \"8.8.8.8\"}}"));
    assertThat(out.at("/context/ip").asText()).isEqualTo("DE");
    assertThat(loads).as("the first lookup").hasValue(1);
    assertThat(lazy.isLoaded()).isTrue();
    c.apply(event("{\"type\": \"track\", \"messageId\": \"m2\", \"event\": \"e\", \"context\": {\"ip\": \"1.1.1.1\"}}"));
    assertThat(loads).hasValue(1);
  }

  @Test
  void concurrentFirstLookupsLoadOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    LazyCountryLookup lazy = new LazyCountryLookup(() -> {
      loads.incrementAndGet();
      try {
        Thread.sleep(50); // widen the window in which other threads arrive
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return address -> "FR";
    });
    InetAddress a = InetAddress.getByAddress(new byte[] {8, 8, 8, 8});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return lazy.country(a);
        }));
      }
      start.countDown();
      for (Future<String> f : answers) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("FR");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadIsRememberedNotRetriedPerEvent() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    LazyCountryLookup lazy = new LazyCountryLookup(() -> {
      loads.incrementAndGet();
      throw new IllegalStateException("IP-to-country database x is corrupt");
    });
    InetAddress a = InetAddress.getByAddress(new byte[] {8, 8, 8, 8});
    assertThatThrownBy(() -> lazy.country(a)).hasMessageContaining("is corrupt");
    assertThatThrownBy(() -> lazy.country(a)).hasMessageContaining("is corrupt");
    assertThat(loads).hasValue(1);
    assertThat(lazy.isLoaded()).isFalse();
  }

  @Test
  void aMissingDatabaseStopsLoadingAtTheCountryRuleWithoutLoadingAnything() {
    AtomicInteger loads = new AtomicInteger();
    LazyCountryLookup lazy = new LazyCountryLookup(
        () -> {
          loads.incrementAndGet();
          return address -> "US";
        },
        () -> {
          throw new IllegalStateException("IP-to-country database classpath:/geoip/x.mmdb is missing");
        });
    GeneralizeContext ctx = new GeneralizeContext(lazy, () -> TODAY);
    ConfigException e = configError(() -> ConfigLoader.load(
        contract("userId: pseudonymize", "context.ip: { generalize: country }"), ENV, ctx));
    assertThat(e.location()).isEqualTo(loc(10, 33)).isEqualTo(at("country }"));
    assertThat(e.problem()).isEqualTo("destinations[hook].contract['context.ip'].generalize: generalize"
        + " 'country' needs the IP-to-country database: IP-to-country database classpath:/geoip/x.mmdb is missing");
    assertThat(loads).hasValue(0);

    // Configs that do not use country do not care.
    ConfigLoader.load(contract("context.ip: { generalize: ip-prefix }"), ENV, ctx);
  }

  @Test
  void withoutACountryLookupCountryIsALocatedError() {
    GeneralizeContext none = new GeneralizeContext(null, () -> TODAY);
    ConfigException e = configError(() -> ConfigLoader.load(contract("context.ip: { generalize: country }"), ENV, none));
    assertThat(e.location()).isEqualTo(at("country }"));
    assertThat(e.problem()).startsWith("destinations[hook].contract['context.ip'].generalize: generalize 'country'"
        + " needs the IP-to-country database, and none is available").contains("valid: country, ip-prefix");
    ConfigLoader.load(contract("context.ip: { generalize: ip-prefix }"), ENV, none);
  }

  @Test
  void theProductionContextIsLazyAndUsesTheUtcDate() {
    GeneralizeContext ctx = ConfigLoader.defaultContext();
    assertThat(ctx.countries()).isInstanceOf(LazyCountryLookup.class);
    assertThat(ConfigLoader.defaultContext().countries()).as("shared by every load").isSameAs(ctx.countries());
    LocalDate before = LocalDate.now(ZoneOffset.UTC);
    LocalDate today = ctx.today().get();
    LocalDate after = LocalDate.now(ZoneOffset.UTC);
    assertThat(today).isBetween(before, after);
    // The bundled database is present in this build, so a config using country loads with the
    // production context (whether or not another test already looked something up).
    ConfigLoader.load(contract("context.ip: { generalize: country }"), ENV);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Event event(String json) throws IOException {
    ObjectNode n = (ObjectNode) JSON.readTree(json);
    return new Event(EventType.valueOf(n.get("type").asText().toUpperCase(java.util.Locale.ROOT)),
        n.get("messageId").asText(), n);
  }

  private static com.fasterxml.jackson.databind.JsonNode text(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s);
  }
}
