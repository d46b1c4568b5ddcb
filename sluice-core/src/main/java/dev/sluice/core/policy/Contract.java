package dev.sluice.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.keys.Pseudonymizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A destination's compiled contract: given a canonical event, the minimised event that
 * destination may receive. Anything the rules do not name is dropped.
 *
 * <p>The envelope is always present because no vendor can accept an event without it: {@code
 * type}, {@code timestamp}, {@code event} (the name of a track) and {@code messageId}, which is
 * replaced by the destination's idempotency id so vendors cannot join on it.
 */
public final class Contract {
  /** Identity fields; keeping them raw is allowed but warned about. */
  public static final List<String> IDENTITY_FIELDS =
      List.of("userId", "anonymousId", "groupId", "previousId");

  /** Envelope fields written by the contract itself, not by rules. */
  public static final List<String> ENVELOPE = List.of("type", "messageId", "timestamp", "event");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String destination;
  private final List<Rule> rules;
  private final State root;
  private final Pseudonymizer pseudonymizer;
  private final int stateCount;

  Contract(
      String destination, List<Rule> rules, State root, Pseudonymizer pseudonymizer, int stateCount) {
    this.destination = destination;
    this.rules = rules;
    this.root = root;
    this.pseudonymizer = pseudonymizer;
    this.stateCount = stateCount;
  }

  public String destination() {
    return destination;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Size of the compiled automaton, shown by {@code sluice check}. */
  public int stateCount() {
    return stateCount;
  }

  /** The minimised event for this destination. Never returns the input tree or shares nodes. */
  public ObjectNode apply(Event event) {
    ObjectNode in = event.json();
    ObjectNode out = NODES.objectNode();
    out.put("type", event.type().wireName());
    out.put("messageId", pseudonymizer.idempotencyId(event.messageId()).toString());
    JsonNode ts = in.get("timestamp");
    if (ts != null && ts.isTextual()) {
      out.set("timestamp", ts);
    }
    if (event.type() == EventType.TRACK) {
      JsonNode name = in.get("event");
      if (name != null && name.isTextual()) {
        out.set("event", name);
      }
    }
    for (Map.Entry<String, JsonNode> f : in.properties()) {
      String key = f.getKey();
      if (isEnvelope(key)) {
        continue;
      }
      JsonNode v = apply(f.getValue(), root.next(key));
      if (v != null) {
        out.set(key, v);
      }
    }
    return out;
  }

  private static boolean isEnvelope(String key) {
    return switch (key) {
      case "type", "messageId", "timestamp", "event" -> true;
      default -> false;
    };
  }

  /** The value to forward for {@code value} at {@code st}, or null to drop it. */
  private JsonNode apply(JsonNode value, State st) {
    if (st.terminal) {
      return st.deciding == null ? null : whole(value, st.deciding.action());
    }
    if (value.isObject()) {
      ObjectNode out = null;
      for (Map.Entry<String, JsonNode> f : value.properties()) {
        JsonNode v = apply(f.getValue(), st.next(f.getKey()));
        if (v != null) {
          if (out == null) {
            out = NODES.objectNode();
          }
          out.set(f.getKey(), v);
        }
      }
      if (out == null && value.isEmpty() && st.deciding != null) {
        return whole(value, st.deciding.action());
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = null;
      for (JsonNode el : value) {
        JsonNode v = apply(el, st);
        if (v != null) {
          if (out == null) {
            out = NODES.arrayNode(value.size());
          }
          out.add(v);
        }
      }
      return out;
    }
    return st.deciding == null ? null : whole(value, st.deciding.action());
  }

  /** Applies one action to a whole subtree. */
  private JsonNode whole(JsonNode value, Action action) {
    return switch (action) {
      case Action.Keep k -> value.deepCopy();
      case Action.Drop d -> null;
      case Action.Pseudonymize p -> pseudonymizeAll(value);
    };
  }

  private JsonNode pseudonymizeAll(JsonNode value) {
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> f : value.properties()) {
        JsonNode v = pseudonymizeAll(f.getValue());
        if (v != null) {
          out.set(f.getKey(), v);
        }
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode(value.size());
      for (JsonNode el : value) {
        JsonNode v = pseudonymizeAll(el);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    if (value.isNull()) {
      return value;
    }
    return NODES.textNode(pseudonymizer.pseudonym(value.asText()));
  }

  /** The rule deciding a concrete dotted path, or null when default deny applies. */
  public Rule decidingRule(String dottedPath) {
    State st = root;
    for (String name : dottedPath.split("\\.")) {
      st = st.next(name);
    }
    return st.deciding;
  }

  /** Warnings a person should see at start-up, e.g. identity fields forwarded raw. */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (String id : IDENTITY_FIELDS) {
      Rule r = decidingRule(id);
      if (r != null && r.action() instanceof Action.Keep) {
        out.add(
            r.location()
                + ": destination '"
                + destination
                + "' receives identity field '"
                + id
                + "' raw (rule '"
                + r.pattern()
                + ": keep'); pseudonymize it unless this vendor must see the real id");
      }
    }
    return out;
  }

  /** One state of the compiled automaton. */
  static final class State {
    private final Rule deciding;
    private final boolean terminal;
    private Map<String, State> byLiteral;
    private State other;

    State(Rule deciding, boolean terminal) {
      this.deciding = deciding;
      this.terminal = terminal;
    }

    void link(Map<String, State> byLiteral, State other) {
      this.byLiteral = byLiteral;
      this.other = other;
    }

    Rule decidingRule() {
      return deciding;
    }

    State next(String name) {
      State s = byLiteral.get(name);
      return s != null ? s : other;
    }
  }
}
