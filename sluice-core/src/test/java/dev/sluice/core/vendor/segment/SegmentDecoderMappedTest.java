package dev.sluice.core.vendor.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link SegmentDecoder#decodeMapped} (PostHog and GA4 hand it their mapped batch as a tree) must
 * decide exactly as {@link SegmentDecoder#decode} does on that batch serialised: same events, same
 * node kinds, same rejections, same request-level errors. Seeded random batches, valid and not.
 */
class SegmentDecoderMappedTest {
  private static final JsonNodeFactory N = Json.MAPPER.getNodeFactory();
  private static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
  private static final SegmentLimits LIMITS = new SegmentLimits(1500, 20_000, 30, 5, 40);
  private static final String[] TYPES = {"track", "identify", "page", "screen", "group", "alias", "bogus"};
  private static final String[] KEYS = {"plan", "age", "tags", "nested", "name", "a-much-longer-field-name-over-the-forty-char-cap"};

  @Test
  void mappedTreesDecodeExactlyLikeTheirSerialisedBytes() {
    Random rnd = new Random(11);
    int accepted = 0;
    int rejected = 0;
    int refused = 0;
    for (int round = 0; round < 400; round++) {
      ObjectNode batch = randomBatch(rnd);
      byte[] bytes = Json.bytes(batch);
      Outcome viaBytes = outcome(() -> decoder().decode(null, bytes, RECEIVED, "203.0.113.9"));
      ObjectNode before = batch.deepCopy();
      Outcome viaTree = outcome(() -> decoder().decodeMapped(batch, RECEIVED, "203.0.113.9"));
      assertThat(batch).as("the tree is not changed").isEqualTo(before);
      assertThat(viaTree).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(viaBytes);
      if (viaBytes.decoded != null) {
        accepted += viaBytes.events.size();
        rejected += viaBytes.decoded.rejected().size();
      } else {
        refused++;
      }
    }
    assertThat(accepted).as("accepted %d, rejected %d, refused %d", accepted, rejected, refused).isGreaterThan(500);
    assertThat(rejected).isGreaterThan(100);
    assertThat(refused).isGreaterThan(10);
  }

  @Test
  void sizeCapsHoldForTreesAsForBytes() {
    ObjectNode batch = N.objectNode();
    ArrayNode items = batch.putArray("batch");
    for (int i = 0; i < 10; i++) {
      ObjectNode e = items.addObject().put("type", "track").put("event", "e").put("userId", "u");
      ObjectNode props = e.putObject("properties");
      for (int f = 0; f < (i == 0 ? 60 : 25); f++) {
        props.put("field" + f, "x".repeat(30)); // item 0 ~2.7 kB, the others ~1.1 kB
      }
    }
    Outcome viaTree = outcome(() -> decoder().decodeMapped(batch, RECEIVED, null));
    assertThat(viaTree).isEqualTo(outcome(() -> decoder().decode(null, Json.bytes(batch), RECEIVED, null)));
    assertThat(viaTree.decoded().rejected()).containsExactly(new Rejection(0, "too_large", "event is larger than 1500 bytes"));
    assertThat(viaTree.events()).hasSize(9);

    for (int i = 0; i < 8; i++) {
      items.add(items.get(1).deepCopy());
    }
    assertThat(outcome(() -> decoder().decodeMapped(batch, RECEIVED, null)).error())
        .isEqualTo("413 too_large batch body is larger than 20000 bytes")
        .isEqualTo(outcome(() -> decoder().decode(null, Json.bytes(batch), RECEIVED, null)).error());
  }

  /** What a decode gave: the events as JSON text (node kinds matter), or the refusal. */
  record Outcome(Decoded decoded, List<String> events, String error) {}

  private static Outcome outcome(Supplier<Decoded> decode) {
    try {
      Decoded d = decode.get();
      List<String> events =
          d.accepted().stream().map(e -> e.type() + " " + e.messageId() + " " + kinds(e.json())).toList();
      return new Outcome(new Decoded(List.of(), d.rejected(), d.writeKey()), events, null);
    } catch (BadInputException e) {
      return new Outcome(null, null, e.status() + " " + e.code() + " " + e.getMessage());
    }
  }

  /** The JSON text with each number's node class, so an IntNode and a LongNode differ. */
  private static String kinds(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    walk(n, sb);
    return sb.toString();
  }

  private static void walk(JsonNode n, StringBuilder sb) {
    if (n.isObject()) {
      sb.append('{');
      n.properties().forEach(f -> {
        sb.append(f.getKey()).append(':');
        walk(f.getValue(), sb);
        sb.append(',');
      });
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      n.forEach(el -> {
        walk(el, sb);
        sb.append(',');
      });
      sb.append(']');
    } else {
      sb.append(n.getClass().getSimpleName()).append('(').append(n).append(')');
    }
  }

  private static SegmentDecoder decoder() {
    AtomicInteger ids = new AtomicInteger();
    return new SegmentDecoder(LIMITS, () -> "gen-" + ids.incrementAndGet());
  }

  private static ObjectNode randomBatch(Random rnd) {
    ObjectNode batch = N.objectNode();
    ArrayNode items = batch.putArray("batch");
    int n = rnd.nextInt(40) == 0 ? 31 : 1 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(25) == 0) {
        items.add(rnd.nextBoolean() ? N.textNode("not an event") : N.nullNode());
        continue;
      }
      ObjectNode e = items.addObject();
      e.put("type", TYPES[rnd.nextInt(TYPES.length)]);
      if (rnd.nextInt(4) > 0) {
        e.put("messageId", "m-" + i);
      }
      if (rnd.nextInt(6) > 0) {
        e.put("userId", "user-" + rnd.nextInt(9));
      } else if (rnd.nextBoolean()) {
        e.put("anonymousId", "anon-" + rnd.nextInt(9));
      }
      e.put("event", "Order Completed");
      e.put("groupId", "g");
      e.put("previousId", "p");
      if (rnd.nextInt(3) == 0) {
        e.put("timestamp", rnd.nextInt(8) == 0 ? "yesterday" : "2026-11-25T11:59:0" + rnd.nextInt(10) + ".123Z");
      }
      ObjectNode props = e.putObject(rnd.nextBoolean() ? "properties" : "traits");
      for (int f = rnd.nextInt(6); f > 0; f--) {
        props.set(KEYS[rnd.nextInt(KEYS.length - 1)] + f, value(rnd, 3));
      }
      if (rnd.nextInt(15) == 0) {
        e.set("properties", value(rnd, 2)); // often not an object: rejected
      }
      if (rnd.nextInt(5) == 0) {
        e.putObject("context").put("ip", rnd.nextBoolean() ? "198.51.100.7" : "");
      }
    }
    if (rnd.nextBoolean()) {
      batch.put("sentAt", rnd.nextInt(10) == 0 ? "soon" : "2026-11-25T11:59:30.000Z");
    }
    return batch;
  }

  private static JsonNode value(Random rnd, int depth) {
    int k = rnd.nextInt(depth >= 6 || rnd.nextInt(3) == 0 ? 8 : 11);
    return switch (k) {
      case 0, 1 -> N.textNode(rnd.nextInt(60) == 0 ? "x".repeat(41) : "v" + rnd.nextInt(100));
      case 2 -> N.numberNode(rnd.nextInt(1000) - 500);
      case 3 -> N.numberNode((long) rnd.nextInt(1000)); // a small value in a long node
      case 4 -> N.numberNode(rnd.nextBoolean() ? 1L << 40 : Long.MIN_VALUE);
      case 5 -> N.numberNode(rnd.nextBoolean() ? BigInteger.valueOf(rnd.nextInt(50)) : BigInteger.TEN.pow(25));
      case 6 -> N.numberNode(rnd.nextInt(100000) / 7.0);
      case 7 -> rnd.nextBoolean() ? N.booleanNode(rnd.nextBoolean()) : N.nullNode();
      case 8, 9 -> {
        ObjectNode o = N.objectNode();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          String key = rnd.nextInt(60) == 0 ? KEYS[KEYS.length - 1] : KEYS[rnd.nextInt(KEYS.length - 1)];
          o.set(key + (i > 2 ? i : ""), value(rnd, depth + 1));
        }
        yield o;
      }
      default -> {
        ArrayNode a = N.arrayNode();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(value(rnd, depth + 1));
        }
        yield a;
      }
    };
  }
}
