package dev.sluice.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.LeafFinding;
import dev.sluice.core.detect.Redaction;
import dev.sluice.core.detect.Span;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.generalize.Sha256Normalizer;
import dev.sluice.core.keys.Pseudonymizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A destination's compiled contract: given a canonical event and what detection found in it, the
 * minimised event that destination may receive, or null when {@code onPii: drop-event} holds the
 * event back. Anything the rules do not name is dropped.
 *
 * <p>The envelope is always present because no vendor can accept an event without it: {@code
 * type}, {@code timestamp}, {@code event} (the name of a track, redacted like any kept text) and
 * {@code messageId}, which is replaced by the destination's idempotency id so vendors cannot join
 * on it.
 *
 * <p>{@code onPii} applies to personal data found in kept values: every span a value detector
 * found, and the category a field's name implies, except identifiers ({@code online_id}, {@code
 * device_id}, {@code user_agent}), which a contract addresses by name (pseudonymize, generalize).
 */
public final class Contract {
  /** Identity fields; keeping them raw is allowed but warned about. */
  public static final List<String> IDENTITY_FIELDS =
      List.of("userId", "anonymousId", "groupId", "previousId");

  /** Envelope fields written by the contract itself, not by rules. */
  public static final List<String> ENVELOPE = List.of("type", "messageId", "timestamp", "event");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Category> NO_CATEGORIES = Set.of();

  private final String destination;
  private final List<Rule> rules;
  private final State root;
  private final Pseudonymizer pseudonymizer;
  private final OnPii onPii;
  private final int stateCount;

  Contract(
      String destination,
      List<Rule> rules,
      State root,
      Pseudonymizer pseudonymizer,
      OnPii onPii,
      int stateCount) {
    this.destination = destination;
    this.rules = rules;
    this.root = root;
    this.pseudonymizer = pseudonymizer;
    this.onPii = onPii;
    this.stateCount = stateCount;
  }

  public String destination() {
    return destination;
  }

  public List<Rule> rules() {
    return rules;
  }

  public OnPii onPii() {
    return onPii;
  }

  /** Size of the compiled automaton, shown by {@code sluice check}. */
  public int stateCount() {
    return stateCount;
  }

  /** {@link #apply(Event, EventFindings, FlowObserver)} without detection results or accounting. */
  public ObjectNode apply(Event event) {
    return apply(event, EventFindings.NONE, FlowObserver.NONE);
  }

  /**
   * The minimised event for this destination, or null when onPii drops the whole event. Never
   * returns the input tree or shares mutable nodes with it.
   */
  public ObjectNode apply(Event event, EventFindings findings, FlowObserver observer) {
    Walk w = new Walk(findings, observer);
    try {
      ObjectNode out = w.event(event);
      if (w.observing) {
        observer.eventSent(w.subject(event.json()));
      }
      return out;
    } catch (DropEvent e) {
      observer.eventDropped(e.categories);
      return null;
    }
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

  /** Thrown inside a walk to abandon the event; cheap (no stack trace). */
  private static final class DropEvent extends RuntimeException {
    final Set<Category> categories;

    DropEvent(Set<Category> categories) {
      super(null, null, false, false);
      this.categories = categories;
    }
  }

  /** One application of the contract to one event. */
  private final class Walk {
    final EventFindings findings;
    final FlowObserver observer;
    final boolean observing;
    /** Current path, extended and cut back in place. */
    final StringBuilder path = new StringBuilder(64);
    /** Pseudonyms written for top-level userId / anonymousId, reused for accounting. */
    String userPseudonym;
    String anonymousPseudonym;

    Walk(EventFindings findings, FlowObserver observer) {
      this.findings = findings;
      this.observer = observer;
      this.observing = observer != FlowObserver.NONE;
    }

    ObjectNode event(Event event) {
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
          path.append("event");
          JsonNode v = kept(name, Action.KEEP);
          path.setLength(0);
          if (v != null) {
            out.set("event", v);
          }
        }
      }
      for (Map.Entry<String, JsonNode> f : in.properties()) {
        String key = f.getKey();
        if (isEnvelope(key)) {
          continue;
        }
        path.setLength(0);
        path.append(key);
        JsonNode v = value(f.getValue(), root.next(key));
        if (v != null) {
          out.set(key, v);
        }
      }
      return out;
    }

    /** The value to forward for {@code value} at {@code st} (path already set), or null. */
    JsonNode value(JsonNode value, State st) {
      if (st.terminal) {
        return st.deciding == null ? blocked(value) : whole(value, st.deciding.action());
      }
      if (value.isObject()) {
        ObjectNode out = null;
        int len = path.length();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          path.append('.').append(f.getKey());
          JsonNode v = value(f.getValue(), st.next(f.getKey()));
          path.setLength(len);
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
          JsonNode v = value(el, st);
          if (v != null) {
            if (out == null) {
              out = NODES.arrayNode(value.size());
            }
            out.add(v);
          }
        }
        return out;
      }
      return st.deciding == null ? blocked(value) : leaf(value, st.deciding.action());
    }

    /** Applies one action to a whole subtree, leaf by leaf. */
    JsonNode whole(JsonNode value, Action action) {
      if (action instanceof Action.Drop) {
        return blocked(value);
      }
      if (value.isObject()) {
        ObjectNode out = NODES.objectNode();
        int len = path.length();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          path.append('.').append(f.getKey());
          JsonNode v = whole(f.getValue(), action);
          path.setLength(len);
          if (v != null) {
            out.set(f.getKey(), v);
          }
        }
        return out;
      }
      if (value.isArray()) {
        ArrayNode out = NODES.arrayNode(value.size());
        for (JsonNode el : value) {
          JsonNode v = whole(el, action);
          if (v != null) {
            out.add(v);
          }
        }
        return out;
      }
      return leaf(value, action);
    }

    JsonNode leaf(JsonNode value, Action action) {
      if (value.isNull()) {
        return value;
      }
      return switch (action) {
        case Action.Drop d -> blocked(value);
        case Action.Keep k -> kept(value, k);
        case Action.Redact r -> kept(value, r);
        case Action.Pseudonymize p -> {
          report(value, Outcome.PSEUDONYMIZED);
          String ps = pseudonymizer.pseudonym(value.asText());
          if (observing) {
            rememberSubject(ps);
          }
          yield NODES.textNode(ps);
        }
        case Action.Sha256 h -> {
          report(value, Outcome.HASHED);
          yield NODES.textNode(Sha256Normalizer.hash(value.asText()));
        }
        case Action.Generalize g -> {
          JsonNode coarse = g.generalizer().apply(value);
          report(value, coarse == null ? Outcome.BLOCKED_BY_CONTRACT : Outcome.GENERALIZED);
          yield coarse;
        }
      };
    }

    /**
     * A value kept by the contract ({@code keep} or {@code redact}): personal data found in it is
     * handled by onPii, or always redacted for {@code redact}.
     */
    JsonNode kept(JsonNode value, Action action) {
      LeafFinding lf = findings.of(value);
      if (lf == null) {
        report(NO_CATEGORIES, Outcome.SENT);
        return value;
      }
      Category byName = triggersByName(lf.byName()) ? lf.byName() : null;
      if (byName == null && lf.spans().isEmpty()) {
        report(lf.categories(), Outcome.SENT);
        return value;
      }
      OnPii mode = action instanceof Action.Redact ? OnPii.REDACT : onPii;
      switch (mode) {
        case DROP_EVENT -> throw new DropEvent(lf.categories());
        case DROP_FIELD -> {
          report(lf.categories(), Outcome.DROPPED_FOR_PII);
          return null;
        }
        case REDACT -> {
          report(lf.categories(), Outcome.REDACTED);
          List<Span> spans = lf.spans();
          if (value.isTextual() && !spans.isEmpty()) {
            return NODES.textNode(Redaction.redact(value.textValue(), spans));
          }
          return NODES.textNode(byName != null ? byName.placeholder() : spans.get(0).category().placeholder());
        }
      }
      throw new AssertionError(mode);
    }

    void rememberSubject(String pseudonym) {
      if (path.length() == 6 && "userId".contentEquals(path)) {
        userPseudonym = pseudonym;
      } else if (path.length() == 11 && "anonymousId".contentEquals(path)) {
        anonymousPseudonym = pseudonym;
      }
    }

    /**
     * The destination's pseudonym of userId, else anonymousId: the one this walk wrote when the
     * contract pseudonymises the field (free), else computed here, so a vendor that gets ids raw
     * or not at all is counted too. Only called when observing.
     */
    String subject(ObjectNode in) {
      if (userPseudonym != null) {
        return userPseudonym;
      }
      String user = idText(in.get("userId"));
      if (user != null) {
        return pseudonymizer.pseudonym(user);
      }
      if (anonymousPseudonym != null) {
        return anonymousPseudonym;
      }
      String anonymous = idText(in.get("anonymousId"));
      return anonymous == null ? null : pseudonymizer.pseudonym(anonymous);
    }

    JsonNode blocked(JsonNode value) {
      if (observing) {
        reportBlocked(value);
      }
      return null;
    }

    /** Reports every leaf of a dropped subtree; only runs when someone is counting. */
    void reportBlocked(JsonNode value) {
      if (value.isObject()) {
        int len = path.length();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          path.append('.').append(f.getKey());
          reportBlocked(f.getValue());
          path.setLength(len);
        }
      } else if (value.isArray()) {
        for (JsonNode el : value) {
          reportBlocked(el);
        }
      } else if (!value.isNull()) {
        report(value, Outcome.BLOCKED_BY_CONTRACT);
      }
    }

    void report(JsonNode value, Outcome outcome) {
      if (observing) {
        LeafFinding lf = findings.of(value);
        observer.field(path, lf == null ? NO_CATEGORIES : lf.categories(), outcome);
      }
    }

    void report(Set<Category> categories, Outcome outcome) {
      if (observing) {
        observer.field(path, categories, outcome);
      }
    }
  }

  /** Identifier categories are the contract's business by name; the others trigger onPii. */
  private static boolean triggersByName(Category c) {
    return c != null
        && c != Category.ONLINE_ID
        && c != Category.DEVICE_ID
        && c != Category.USER_AGENT;
  }

  private static String idText(JsonNode id) {
    if (id == null || !id.isValueNode() || id.isNull()) {
      return null;
    }
    String text = id.asText();
    return text.isEmpty() ? null : text;
  }

  private static boolean isEnvelope(String key) {
    return switch (key) {
      case "type", "messageId", "timestamp", "event" -> true;
      default -> false;
    };
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
