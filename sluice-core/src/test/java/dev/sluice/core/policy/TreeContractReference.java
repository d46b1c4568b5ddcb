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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract walk as it was before the contract learnt to write JSON itself: it builds the
 * minimised tree node by node, each container only once a value in it survives. Kept verbatim
 * (over the same compiled automaton) as the reference the streaming walk is compared against.
 */
final class TreeContractReference {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Category> NO_CATEGORIES = Set.of();

  private final Contract contract;
  private final Pseudonymizer pseudonymizer;

  TreeContractReference(Contract contract, Pseudonymizer pseudonymizer) {
    this.contract = contract;
    this.pseudonymizer = pseudonymizer;
  }

  ObjectNode apply(Event event, EventFindings findings, FlowObserver observer) {
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

  private static final class DropEvent extends RuntimeException {
    final Set<Category> categories;

    DropEvent(Set<Category> categories) {
      super(null, null, false, false);
      this.categories = categories;
    }
  }

  private final class Walk {
    final EventFindings findings;
    final FlowObserver observer;
    final boolean observing;
    final StringBuilder path = new StringBuilder(64);
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
          JsonNode v = kept(name, contract.onPii() == OnPii.DROP_FIELD ? Action.REDACT : Action.KEEP);
          path.setLength(0);
          if (v != null) {
            out.set("event", v);
          }
        }
      }
      for (Map.Entry<String, JsonNode> f : in.properties()) {
        String key = f.getKey();
        if (Contract.ENVELOPE.contains(key)) {
          continue;
        }
        path.setLength(0);
        path.append(key);
        JsonNode v = value(f.getValue(), contract.root().next(key));
        if (v != null) {
          out.set(key, v);
        }
      }
      return out;
    }

    JsonNode value(JsonNode value, Contract.State st) {
      Rule deciding = st.decidingRule();
      if (st.terminal()) {
        return deciding == null ? blocked(value) : whole(value, deciding.action());
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
        if (out == null && value.isEmpty() && deciding != null) {
          return whole(value, deciding.action());
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
      return deciding == null ? blocked(value) : leaf(value, deciding.action());
    }

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

    JsonNode kept(JsonNode value, Action action) {
      LeafFinding lf = findings.of(value);
      if (lf == null) {
        report(NO_CATEGORIES, Outcome.SENT);
        return value;
      }
      Category c = lf.byName();
      Category byName =
          c != null && c != Category.ONLINE_ID && c != Category.DEVICE_ID && c != Category.USER_AGENT
              ? c
              : null;
      if (byName == null && lf.spans().isEmpty()) {
        report(lf.categories(), Outcome.SENT);
        return value;
      }
      OnPii mode = action instanceof Action.Redact ? OnPii.REDACT : contract.onPii();
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

  private static String idText(JsonNode id) {
    if (id == null || !id.isValueNode() || id.isNull()) {
      return null;
    }
    String text = id.asText();
    return text.isEmpty() ? null : text;
  }
}
