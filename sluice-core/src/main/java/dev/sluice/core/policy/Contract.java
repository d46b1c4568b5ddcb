package dev.sluice.core.policy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.LeafFinding;
import dev.sluice.core.detect.Redaction;
import dev.sluice.core.detect.Span;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.Sha256Normalizer;
import dev.sluice.core.keys.Pseudonymizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A destination's compiled contract: given a canonical event and what detection found in it, the
 * minimised event that destination may receive, or null when {@code onPii: drop-event} holds the
 * event back. Anything the rules do not name is dropped.
 *
 * <p>The envelope is always present because no vendor can accept an event without it: {@code
 * type}, {@code timestamp}, {@code event} (the name of a track, redacted like any kept text, and
 * under {@code onPii: drop-field} redacted rather than dropped, since it is required) and
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

  /** The automaton's start state (package-private: tests replay the walk against it). */
  State root() {
    return root;
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
    TreeOut out = new TreeOut();
    return walk(event, findings, observer, out) ? out.root : null;
  }

  /**
   * The minimised event written as compact UTF-8 JSON, byte for byte what serialising {@link
   * #apply(Event, EventFindings, FlowObserver)} with {@link Json#MAPPER} gives, or null when onPii
   * drops the event. The walk writes straight to a generator and opens an object or array only
   * once something in it survives, so no output tree is built: the item of every vendor whose item
   * is the minimised event itself ({@link dev.sluice.core.deliver.Encoder#itemIsMinimisedEvent}).
   */
  public byte[] applyAsJson(Event event, EventFindings findings, FlowObserver observer) {
    BufferRecycler recycler = Json.MAPPER.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler);
        JsonGenerator g = Json.MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
      if (!walk(event, findings, observer, new JsonOut(g))) {
        return null;
      }
      g.close();
      byte[] item = bytes.toByteArray();
      bytes.release();
      return item;
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    } finally {
      recycler.releaseToPool();
    }
  }

  private boolean walk(Event event, EventFindings findings, FlowObserver observer, Out out) {
    Walk w = new Walk(findings, observer, out);
    try {
      w.event(event);
      if (w.observing) {
        observer.eventSent(w.subject(event.json()));
      }
      return true;
    } catch (DropEvent e) {
      observer.eventDropped(e.categories);
      return false;
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

  /**
   * Where a walk writes the minimised event: a tree ({@link TreeOut}) or JSON text ({@link
   * JsonOut}). {@code name} is the field name inside an object and null inside an array or for
   * the root.
   */
  private interface Out {
    void startObject(String name) throws IOException;

    void startArray(String name) throws IOException;

    void endObject() throws IOException;

    void endArray() throws IOException;

    void value(String name, JsonNode value) throws IOException;

    void text(String name, String text) throws IOException;
  }

  /** Builds the minimised event as an {@link ObjectNode}. */
  private static final class TreeOut implements Out {
    ObjectNode root;
    private ContainerNode<?>[] stack = new ContainerNode<?>[8];
    private int depth;

    @Override
    public void startObject(String name) {
      push(name, NODES.objectNode());
    }

    @Override
    public void startArray(String name) {
      push(name, NODES.arrayNode());
    }

    @Override
    public void endObject() {
      depth--;
    }

    @Override
    public void endArray() {
      depth--;
    }

    @Override
    public void value(String name, JsonNode value) {
      if (stack[depth - 1] instanceof ObjectNode o) {
        o.set(name, value);
      } else {
        ((ArrayNode) stack[depth - 1]).add(value);
      }
    }

    @Override
    public void text(String name, String text) {
      value(name, NODES.textNode(text));
    }

    private void push(String name, ContainerNode<?> node) {
      if (depth == 0) {
        root = (ObjectNode) node;
      } else {
        value(name, node);
      }
      if (depth == stack.length) {
        stack = Arrays.copyOf(stack, depth * 2);
      }
      stack[depth++] = node;
    }
  }

  /**
   * Writes the minimised event to a generator. Values are written by the nodes themselves, as
   * {@code ObjectMapper.writeValueAsBytes} of the tree would. The provider is only read (node
   * serialisation looks up no serializers), so one instance serves every thread.
   */
  private record JsonOut(JsonGenerator g) implements Out {
    private static final SerializerProvider PROVIDER = Json.MAPPER.getSerializerProviderInstance();

    @Override
    public void startObject(String name) throws IOException {
      if (name != null) {
        g.writeFieldName(name);
      }
      g.writeStartObject();
    }

    @Override
    public void startArray(String name) throws IOException {
      if (name != null) {
        g.writeFieldName(name);
      }
      g.writeStartArray();
    }

    @Override
    public void endObject() throws IOException {
      g.writeEndObject();
    }

    @Override
    public void endArray() throws IOException {
      g.writeEndArray();
    }

    @Override
    public void value(String name, JsonNode value) throws IOException {
      if (name != null) {
        g.writeFieldName(name);
      }
      if (value.isTextual()) {
        g.writeString(value.textValue());
      } else {
        ((JsonSerializable) value).serialize(g, PROVIDER);
      }
    }

    @Override
    public void text(String name, String text) throws IOException {
      if (name != null) {
        g.writeFieldName(name);
      }
      g.writeString(text);
    }
  }

  /**
   * One application of the contract to one event. An object or array the rules walk into is
   * opened lazily: it is remembered as pending and written (with its pending ancestors) only when
   * the first value inside it survives, so a subtree whose fields are all dropped leaves no trace.
   */
  private final class Walk {
    final EventFindings findings;
    final FlowObserver observer;
    final boolean observing;
    final Out out;
    /** Current path, extended and cut back in place. */
    final StringBuilder path = new StringBuilder(64);
    /** Containers opened but not written yet, outermost first; always the innermost open ones. */
    String[] pendingNames = new String[8];
    boolean[] pendingArrays = new boolean[8];
    int pending;
    /** Pseudonyms written for top-level userId / anonymousId, reused for accounting. */
    String userPseudonym;
    String anonymousPseudonym;

    Walk(EventFindings findings, FlowObserver observer, Out out) {
      this.findings = findings;
      this.observer = observer;
      this.observing = observer != FlowObserver.NONE;
      this.out = out;
    }

    void event(Event event) {
      try {
        ObjectNode in = event.json();
        out.startObject(null);
        out.text("type", event.type().wireName());
        out.text("messageId", pseudonymizer.idempotencyId(event.messageId()).toString());
        JsonNode ts = in.get("timestamp");
        if (ts != null && ts.isTextual()) {
          out.value("timestamp", ts);
        }
        if (event.type() == EventType.TRACK) {
          JsonNode name = in.get("event");
          if (name != null && name.isTextual()) {
            path.append("event");
            // No vendor takes a track without its name, so drop-field redacts the name instead.
            JsonNode v = kept(name, onPii == OnPii.DROP_FIELD ? Action.REDACT : Action.KEEP);
            path.setLength(0);
            if (v != null) {
              out.value("event", v);
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
          value(key, f.getValue(), root.next(key));
        }
        out.endObject();
      } catch (IOException e) {
        throw new UncheckedIOException("writing JSON to memory cannot fail", e);
      }
    }

    /** Writes what to forward for {@code value} at {@code st} (path already set), if anything. */
    void value(String name, JsonNode value, State st) throws IOException {
      if (st.terminal) {
        if (st.deciding == null) {
          blocked(value);
        } else {
          whole(name, value, st.deciding.action());
        }
        return;
      }
      if (value.isObject()) {
        open(name, false);
        int len = path.length();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          path.append('.').append(f.getKey());
          value(f.getKey(), f.getValue(), st.next(f.getKey()));
          path.setLength(len);
        }
        if (!close(false) && value.isEmpty() && st.deciding != null) {
          whole(name, value, st.deciding.action());
        }
        return;
      }
      if (value.isArray()) {
        open(name, true);
        for (JsonNode el : value) {
          value(null, el, st);
        }
        close(true);
        return;
      }
      if (st.deciding == null) {
        blocked(value);
      } else {
        leaf(name, value, st.deciding.action());
      }
    }

    /** Applies one action to a whole subtree, leaf by leaf; containers are always written. */
    void whole(String name, JsonNode value, Action action) throws IOException {
      if (action instanceof Action.Drop) {
        blocked(value);
        return;
      }
      if (value.isObject()) {
        flush();
        out.startObject(name);
        int len = path.length();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
          path.append('.').append(f.getKey());
          whole(f.getKey(), f.getValue(), action);
          path.setLength(len);
        }
        out.endObject();
        return;
      }
      if (value.isArray()) {
        flush();
        out.startArray(name);
        for (JsonNode el : value) {
          whole(null, el, action);
        }
        out.endArray();
        return;
      }
      leaf(name, value, action);
    }

    void leaf(String name, JsonNode value, Action action) throws IOException {
      if (value.isNull()) {
        emit(name, value);
        return;
      }
      switch (action) {
        case Action.Drop d -> blocked(value);
        case Action.Keep k -> emit(name, kept(value, k));
        case Action.Redact r -> emit(name, kept(value, r));
        case Action.Pseudonymize p -> {
          report(value, Outcome.PSEUDONYMIZED);
          String ps = pseudonymizer.pseudonym(value.asText());
          if (observing) {
            rememberSubject(ps);
          }
          flush();
          out.text(name, ps);
        }
        case Action.Sha256 h -> {
          report(value, Outcome.HASHED);
          flush();
          out.text(name, Sha256Normalizer.hash(value.asText()));
        }
        case Action.Generalize g -> {
          JsonNode coarse = g.generalizer().apply(value);
          report(value, coarse == null ? Outcome.BLOCKED_BY_CONTRACT : Outcome.GENERALIZED);
          emit(name, coarse);
        }
      }
    }

    /** Writes a surviving value (nothing for null), opening its pending containers first. */
    void emit(String name, JsonNode value) throws IOException {
      if (value != null) {
        flush();
        out.value(name, value);
      }
    }

    void open(String name, boolean array) {
      if (pending == pendingNames.length) {
        pendingNames = Arrays.copyOf(pendingNames, pending * 2);
        pendingArrays = Arrays.copyOf(pendingArrays, pending * 2);
      }
      pendingNames[pending] = name;
      pendingArrays[pending++] = array;
    }

    /** Closes the innermost open container; false when nothing in it survived (never written). */
    boolean close(boolean array) throws IOException {
      if (pending > 0) {
        pending--;
        return false;
      }
      if (array) {
        out.endArray();
      } else {
        out.endObject();
      }
      return true;
    }

    void flush() throws IOException {
      for (int i = 0; i < pending; i++) {
        if (pendingArrays[i]) {
          out.startArray(pendingNames[i]);
        } else {
          out.startObject(pendingNames[i]);
        }
      }
      pending = 0;
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

    void blocked(JsonNode value) {
      if (observing) {
        reportBlocked(value);
      }
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

    boolean terminal() {
      return terminal;
    }

    State next(String name) {
      State s = byLiteral.get(name);
      return s != null ? s : other;
    }
  }
}
