package dev.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import dev.sluice.core.config.Options;
import dev.sluice.core.deliver.DestinationTypes;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.Generalizers;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.OutboundItem;
import dev.sluice.core.route.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract writes the webhook and Segment items straight to JSON, and builds a tree for the
 * other vendors. Both must give what the tree walk gave before ({@link TreeContractReference})
 * followed by the vendor's encoder: same bytes, same per-field decisions to the ledger, same
 * dropped events. Seeded random events and contracts, through every destination type.
 */
class FusedContractEncodingTest {
  private static final String[] TOP =
      {"userId", "anonymousId", "groupId", "previousId", "properties", "traits", "context", "name", "integrations", "extra"};
  private static final String[] NESTED =
      {"email", "plan", "age", "products", "sku", "price", "name", "address", "city", "company", "tags",
       "url", "ip", "userAgent", "page", "path", "empty", "nested", "näme", "q\"uote"};
  private static final String[] STRINGS = {
    "", "pro", "jane.doe@example.com", "Call me on +44 20 7946 0958", "203.0.113.9", "2001:db8::1",
    "Jane Doe", "https://shop.example.com/p?id=7&email=jane%40example.com", "/checkout/step-2",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "2026-11-25T10:00:00.000Z", "line\nbreak\ttab \"quoted\" \\ back", "emoji 😀 and ü", "\u0001ctl",
    "DE89370400440532013000", "4111 1111 1111 1111", "sku-1234", "user-42", "9f1c2d"
  };
  private static final String[] TYPES = {"track", "identify", "page", "screen", "group", "alias"};
  private static final String[] ACTIONS = {"keep", "keep", "keep", "drop", "pseudonymize", "sha256", "redact", "generalize"};
  private static final String[] GENERALIZERS = {"bucket(10)", "domain", "path", "day", "month", "ip-prefix", "country"};

  /** Options per destination type: the minimum each factory accepts. */
  private static final Map<String, Map<String, String>> OPTIONS =
      Map.of(
          "webhook", Map.of("url", "https://hooks.example.test/in", "secret", "0123456789abcdef0123"),
          "segment", Map.of("writeKey", "wk"),
          "mixpanel", Map.of("apiSecret", "mp-secret"),
          "amplitude", Map.of("apiKey", "amp-key"),
          "posthog", Map.of("apiKey", "phc_key"),
          "ga4", Map.of("measurementId", "G-ABCDEF1234", "apiSecret", "ga-secret"));

  @Test
  void streamedItemsAndTreesMatchTheTreeWalkForRandomEventsAndContracts() throws Exception {
    Random rnd = new Random(20261125);
    int compared = 0;
    int dropped = 0;
    for (int round = 0; round < 60; round++) {
      List<Rule> rules = randomRules(rnd);
      OnPii onPii = OnPii.values()[rnd.nextInt(OnPii.values().length)];
      ContractTest.TaggingPseudonymizer ps = new ContractTest.TaggingPseudonymizer();
      Contract contract = ContractCompiler.compile("vendor", rules, onPii, ps);
      TreeContractReference reference = new TreeContractReference(contract, ps);
      for (int i = 0; i < 25; i++) {
        Event e = randomEvent(rnd, round * 100 + i, false);
        EventFindings findings = ContractDetectionTest.SCANNER.scan(e);
        Recorder want = new Recorder();
        Recorder tree = new Recorder();
        Recorder json = new Recorder();
        ObjectNode expected = reference.apply(e, findings, want);
        ObjectNode treeOut = contract.apply(e, findings, tree);
        byte[] jsonOut = contract.applyAsJson(e, findings, json);
        String why = "rules " + rules + ", onPii " + onPii + ", event " + e.json();
        assertThat(tree.calls).as(why).isEqualTo(want.calls);
        assertThat(json.calls).as(why).isEqualTo(want.calls);
        if (expected == null) {
          dropped++;
          assertThat(treeOut).as(why).isNull();
          assertThat(jsonOut).as(why).isNull();
          continue;
        }
        String expectedJson = new String(Json.bytes(expected), StandardCharsets.UTF_8);
        assertThat(new String(Json.bytes(treeOut), StandardCharsets.UTF_8)).as(why).isEqualTo(expectedJson);
        assertThat(new String(jsonOut, StandardCharsets.UTF_8)).as(why).isEqualTo(expectedJson);
        compared++;
      }
    }
    // The random mix must exercise both outcomes, or the comparison proves little.
    assertThat(compared).isGreaterThan(1000);
    assertThat(dropped).isGreaterThan(20);
  }

  @Test
  void routerGivesEveryDestinationTypeTheItemsOfTheTreeWalkAndItsEncoder() throws Exception {
    Random rnd = new Random(7);
    List<String> types = new ArrayList<>(OPTIONS.keySet());
    types.sort(null);
    for (int round = 0; round < 12; round++) {
      List<Rule> rules = randomRules(rnd);
      OnPii onPii = OnPii.values()[rnd.nextInt(OnPii.values().length)];
      ContractTest.TaggingPseudonymizer ps = new ContractTest.TaggingPseudonymizer();
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        // Decoded tracks always carry a name; GA4's encoder relies on it, so keep it clean here.
        events.add(randomEvent(rnd, round * 1000 + i, true));
      }
      for (String type : types) {
        Contract contract = ContractCompiler.compile(type, rules, onPii, ps);
        Encoder routed = encoder(type);
        Encoder expectedEncoder = encoder(type);
        Recorder seen = new Recorder();
        Router router =
            new Router(
                Map.of("web", List.of(new Destination(type, contract, routed))),
                ContractDetectionTest.SCANNER,
                (source, destination) -> seen);
        List<OutboundItem> items = router.route("web", events);

        TreeContractReference reference = new TreeContractReference(contract, ps);
        Recorder want = new Recorder();
        List<String> expected = new ArrayList<>();
        for (Event e : events) {
          ObjectNode minimised = reference.apply(e, ContractDetectionTest.SCANNER.scan(e), want);
          byte[] item = minimised == null ? null : expectedEncoder.encode(minimised);
          if (item != null) {
            expected.add(new String(item, StandardCharsets.UTF_8));
          }
        }
        List<String> actual = items.stream().map(it -> new String(it.item(), StandardCharsets.UTF_8)).toList();
        assertThat(routed.itemIsMinimisedEvent()).isEqualTo(type.equals("webhook") || type.equals("segment"));
        assertThat(actual).as(type + " " + rules).isEqualTo(expected);
        assertThat(seen.calls).as(type).isEqualTo(want.calls);
        for (String reason : expectedEncoder.adjustments().reasons()) {
          assertThat(routed.adjustments().count(reason)).as(type + " " + reason).isEqualTo(expectedEncoder.adjustments().count(reason));
        }
      }
    }
  }

  private static List<Rule> randomRules(Random rnd) {
    Map<String, Action> byPattern = new LinkedHashMap<>();
    int n = 2 + rnd.nextInt(8);
    while (byPattern.size() < n) {
      StringBuilder p = new StringBuilder(TOP[rnd.nextInt(TOP.length)]);
      int depth = rnd.nextInt(3);
      for (int d = 0; d < depth; d++) {
        int k = rnd.nextInt(10);
        p.append('.').append(k == 0 ? "*" : k == 1 ? "**" : NESTED[rnd.nextInt(NESTED.length - 2)]);
      }
      if (rnd.nextInt(12) == 0) {
        p = new StringBuilder("**");
      }
      String a = ACTIONS[rnd.nextInt(ACTIONS.length)];
      Action action =
          a.equals("generalize")
              ? new Action.Generalize(
                  Generalizers.parse(GENERALIZERS[rnd.nextInt(GENERALIZERS.length)], ContractDetectionTest.GEO))
              : Action.byName(a);
      byPattern.putIfAbsent(p.toString(), action);
    }
    List<Rule> rules = new ArrayList<>();
    int line = 1;
    for (Map.Entry<String, Action> r : byPattern.entrySet()) {
      rules.add(new Rule(PathPattern.parse(r.getKey()), r.getValue(), new Location("random.yaml", line++, 1)));
    }
    return rules;
  }

  private static Event randomEvent(Random rnd, int n, boolean decodable) throws Exception {
    String type = TYPES[rnd.nextInt(TYPES.length)];
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("type", type);
    e.put("messageId", "m-" + n);
    if (decodable || rnd.nextInt(5) > 0) {
      e.put("timestamp", "2026-11-25T10:00:0" + rnd.nextInt(10) + ".000Z");
    }
    if (type.equals("track") && (decodable || rnd.nextInt(6) > 0)) {
      e.put("event", decodable || rnd.nextBoolean() ? "Order Completed" : STRINGS[rnd.nextInt(STRINGS.length)]);
    }
    int fields = 2 + rnd.nextInt(7);
    for (int i = 0; i < fields; i++) {
      String key = TOP[rnd.nextInt(TOP.length)];
      if (key.endsWith("Id")) {
        e.put(key, rnd.nextInt(4) == 0 ? "" : "id-" + rnd.nextInt(50));
      } else {
        e.set(key, value(rnd, 0));
      }
    }
    // Through the parser, so number and text nodes are the kinds a decoded event holds.
    ObjectNode parsed = (ObjectNode) Json.MAPPER.readTree(Json.bytes(e));
    return new Event(EventType.fromWire(type), "m-" + n, parsed);
  }

  private static com.fasterxml.jackson.databind.JsonNode value(Random rnd, int depth) {
    int k = rnd.nextInt(depth >= 3 ? 7 : 10);
    return switch (k) {
      case 0, 1, 2 -> Json.MAPPER.getNodeFactory().textNode(STRINGS[rnd.nextInt(STRINGS.length)]);
      case 3 -> Json.MAPPER.getNodeFactory().numberNode(rnd.nextInt(200) - 20);
      case 4 -> Json.MAPPER.getNodeFactory().numberNode(rnd.nextInt(100000) / 100.0);
      case 5 -> rnd.nextBoolean() ? Json.MAPPER.getNodeFactory().booleanNode(rnd.nextBoolean()) : Json.MAPPER.getNodeFactory().numberNode(9_007_199_254_740_993L);
      case 6 -> Json.MAPPER.getNodeFactory().nullNode();
      case 7, 8 -> {
        ObjectNode o = Json.MAPPER.createObjectNode();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
          o.set(NESTED[rnd.nextInt(NESTED.length)], value(rnd, depth + 1));
        }
        yield o;
      }
      default -> {
        var a = Json.MAPPER.createArrayNode();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(value(rnd, depth + 1));
        }
        yield a;
      }
    };
  }

  private static Encoder encoder(String type) {
    return DestinationTypes.byName(type).orElseThrow().encoder(type, new MapOptions(OPTIONS.get(type)));
  }

  /** Every observer call, in order, as text. */
  static final class Recorder implements FlowObserver {
    final List<String> calls = new ArrayList<>();

    @Override
    public void field(String path, Set<Category> categories, Outcome outcome) {
      calls.add(path + " " + categories + " " + outcome);
    }

    @Override
    public void eventDropped(Set<Category> categories) {
      calls.add("dropped " + categories);
    }

    @Override
    public void eventSent(String subject) {
      calls.add("sent " + subject);
    }
  }

  /** A destination's options block held in a map. */
  private record MapOptions(Map<String, String> values) implements Options {
    @Override
    public String requiredString(String key) {
      return optionalString(key).orElseThrow(() -> error(key, "is required"));
    }

    @Override
    public Optional<String> optionalString(String key) {
      return Optional.ofNullable(values.get(key));
    }

    @Override
    public int intOr(String key, int fallback) {
      String v = values.get(key);
      return v == null ? fallback : Integer.parseInt(v);
    }

    @Override
    public byte[] requiredSecret(String key) {
      return requiredString(key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<byte[]> optionalSecret(String key) {
      return optionalString(key).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Options> optionalBlock(String key) {
      return Optional.empty(); // the test's destinations take flat options only
    }

    @Override
    public void rejectUnknown(Set<String> known) {}

    @Override
    public ConfigException error(String key, String problem) {
      return new ConfigException(new Location("<test>", 0, 0), key + ": " + problem);
    }
  }
}
