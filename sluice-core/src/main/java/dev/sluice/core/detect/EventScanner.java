package dev.sluice.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.event.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The detect stage: one walk over an event, before routing, so detection costs the same whether
 * one destination or ten receive the event. Every leaf gets its field-name category and the spans
 * of personal data in its value; only leaves with findings are recorded.
 *
 * <p>Envelope fields that are Sluice's own ({@code type}, {@code messageId}) and timestamps are
 * not scanned: they are generated or validated by the receiver.
 */
public final class EventScanner {
  private final TextScanner text;
  private final CleanValues clean = new CleanValues();
  private final KeyCategories keys = new KeyCategories();

  public EventScanner(TextScanner text) {
    this.text = text;
  }

  public EventFindings scan(Event event) {
    ObjectNode root = event.json();
    Walk w = new Walk(text, clean, keys, hints(root));
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      String key = f.getKey();
      switch (key) {
        case "type", "messageId", "timestamp", "originalTimestamp", "sentAt", "receivedAt" -> {}
        default -> {
          w.pathKeys[0] = key;
          w.depth = 1;
          w.visit(key, f.getValue());
        }
      }
    }
    return EventFindings.of(w.found);
  }

  /** Region for phone numbers: context.location.country, else the locale's country part. */
  static ScanHints hints(ObjectNode root) {
    JsonNode ctx = root.get("context");
    if (ctx == null || !ctx.isObject()) {
      return ScanHints.NONE;
    }
    JsonNode country = ctx.path("location").path("country");
    if (country.isTextual() && country.asText().length() == 2) {
      ScanHints h = region(country.asText(), 0);
      return h != null ? h : new ScanHints(country.asText().toUpperCase(Locale.ROOT));
    }
    JsonNode locale = ctx.get("locale");
    if (locale != null && locale.isTextual()) {
      String l = locale.asText();
      int sep = Math.max(l.indexOf('-'), l.indexOf('_'));
      if (sep > 0 && l.length() - sep - 1 == 2) {
        ScanHints h = region(l, sep + 1);
        return h != null ? h : new ScanHints(l.substring(sep + 1).toUpperCase(Locale.ROOT));
      }
    }
    return ScanHints.NONE;
  }

  /** Hints for the 26 x 26 two-letter regions, made once: every event names one. */
  private static final ScanHints[] REGIONS = new ScanHints[26 * 26];

  /** The shared hints for the ASCII letters {@code s[at, at + 2)}, or null for anything else. */
  private static ScanHints region(String s, int at) {
    int a = s.charAt(at) | 0x20;
    int b = s.charAt(at + 1) | 0x20;
    if (a < 'a' || a > 'z' || b < 'a' || b > 'z') {
      return null;
    }
    int k = (a - 'a') * 26 + (b - 'a');
    ScanHints h = REGIONS[k];
    if (h == null) {
      h = new ScanHints("" + (char) (a - 32) + (char) (b - 32));
      REGIONS[k] = h; // a benign race: equal records
    }
    return h;
  }

  private static final class Walk {
    final TextScanner text;
    final CleanValues clean;
    final KeyCategories keys;
    final ScanHints hints;
    /**
     * The object keys from the root to the current node; the dotted path is built from them only
     * for a leaf with a finding, so clean leaves neither copy nor allocate.
     */
    String[] pathKeys = new String[16];
    int depth;
    IdentityHashMap<JsonNode, LeafFinding> found;

    Walk(TextScanner text, CleanValues clean, KeyCategories keys, ScanHints hints) {
      this.text = text;
      this.clean = clean;
      this.keys = keys;
      this.hints = hints;
    }

    /** {@code name}: the nearest object key (an array's elements carry their array's key). */
    void visit(String name, JsonNode value) {
      // instanceof tests instead of JsonNode's is*() methods: one type check per node rather than
      // several megamorphic calls, on every node of every event
      if (value instanceof ObjectNode o) {
        if (depth == pathKeys.length) {
          pathKeys = Arrays.copyOf(pathKeys, depth * 2);
        }
        depth++;
        for (Map.Entry<String, JsonNode> f : o.properties()) {
          pathKeys[depth - 1] = f.getKey();
          visit(f.getKey(), f.getValue());
        }
        depth--;
      } else if (value instanceof ArrayNode a) {
        for (JsonNode el : a) {
          visit(name, el);
        }
      } else if (value instanceof TextNode t) {
        String v = t.textValue();
        if (!v.isEmpty()) {
          leaf(name, value, scan(v));
        }
      } else if (!value.isNull() && !mayBeShared(value)) {
        leaf(name, value, List.of());
      }
    }

    private void leaf(String name, JsonNode value, List<Span> spans) {
      Category byName = keys.classify(name);
      if (byName != null || !spans.isEmpty()) {
        if (found == null) {
          found = new IdentityHashMap<>();
        }
        found.put(value, new LeafFinding(path(), byName, spans));
      }
    }

    private String path() {
      if (depth == 1) {
        return pathKeys[0];
      }
      StringBuilder b = new StringBuilder(64).append(pathKeys[0]);
      for (int i = 1; i < depth; i++) {
        b.append('.').append(pathKeys[i]);
      }
      return b.toString();
    }

    private List<Span> scan(String value) {
      if (TextScanner.neverPersonal(value)) {
        return List.of(); // answered from the value itself, which is in cache, before the memo
      }
      String region = hints.region();
      if (clean.contains(value, region)) {
        return List.of();
      }
      List<Span> spans = text.scan(value, hints);
      if (spans.isEmpty()) {
        clean.add(value, region);
      }
      return spans;
    }
  }

  /**
   * Findings are keyed by node identity, but Jackson hands out shared instances for booleans,
   * small ints (-1..10) and the empty string, so two fields can hold the same node. Such values
   * cannot carry personal data, and recording them would let one field's finding apply to another.
   */
  static boolean mayBeShared(JsonNode value) {
    if (value.isBoolean()) {
      return true;
    }
    if (value.isInt()) {
      int v = value.intValue();
      return v >= -1 && v <= 10;
    }
    return value.isTextual() && value.textValue().isEmpty();
  }

  /** For tests: the findings as a list. */
  static List<LeafFinding> list(EventFindings f) {
    return new ArrayList<>(f.list());
  }
}
