package dev.sluice.core.bom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.bom.Bom.CategoryFlow;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Bom.FieldFlow;
import dev.sluice.core.bom.Bom.RawFlow;
import dev.sluice.core.bom.Bom.SourceFlow;
import dev.sluice.core.bom.Bom.UnseenRule;
import dev.sluice.core.event.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BOM's JSON form ({@code sluice-bom/1}, docs/bom.md): what {@code GET /admin/bom} answers and
 * {@code sluice bom --format json} prints, and what {@code sluice bom --diff} reads back. Written
 * field by field so the shape is the documented one, not whatever the records look like.
 */
public final class BomJson {
  private BomJson() {}

  public static ObjectNode write(Bom bom) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("schema", Bom.SCHEMA);
    root.put("generatedAt", bom.generatedAt().toString());
    ObjectNode window = root.putObject("window");
    time(window, "since", bom.since());
    time(window, "until", bom.until());
    ArrayNode raw = root.putArray("rawFlows");
    for (RawFlow r : bom.rawFlows()) {
      ObjectNode n = raw.addObject();
      n.put("destination", r.destination());
      n.put("category", r.category());
      n.put("group", r.group());
      strings(n.putArray("paths"), r.paths());
      n.put("values", r.values());
    }
    ArrayNode destinations = root.putArray("destinations");
    for (DestinationFlows d : bom.destinations()) {
      destinations.add(destination(d));
    }
    return root;
  }

  private static ObjectNode destination(DestinationFlows d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("name", d.name());
    n.put("declared", d.declared());
    n.put("type", d.type());
    n.put("endpoint", d.endpoint());
    n.put("eventsSent", d.eventsSent());
    ObjectNode dropped = n.putObject("eventsDropped");
    new TreeMap<>(d.eventsDropped()).forEach(dropped::put);
    if (d.subjects() == null) {
      n.putNull("subjects");
    } else {
      n.put("subjects", d.subjects());
    }
    time(n, "firstSeen", d.firstSeen());
    time(n, "lastSeen", d.lastSeen());
    strings(n.putArray("rawCategories"), d.rawCategories());
    strings(n.putArray("deliveredCategories"), d.deliveredCategories());
    ArrayNode sources = n.putArray("sources");
    for (SourceFlow s : d.sources()) {
      sources.addObject().put("source", s.source()).put("events", s.events());
    }
    ArrayNode categories = n.putArray("categories");
    for (CategoryFlow c : d.categories()) {
      ObjectNode o = categories.addObject();
      o.put("category", c.category());
      o.put("group", c.group());
      strings(o.putArray("protections"), c.protections().stream().map(Protection::code).toList());
      o.put("values", c.values());
      o.put("deliveredValues", c.deliveredValues());
      strings(o.putArray("paths"), c.paths());
      o.put("delivered", c.delivered());
      o.put("raw", c.raw());
    }
    ArrayNode fields = n.putArray("fields");
    for (FieldFlow f : d.fields()) {
      ObjectNode o = fields.addObject();
      o.put("path", f.path());
      o.put("category", f.category());
      o.put("protection", f.protection().code());
      o.put("generalizer", f.generalizer());
      o.put("rule", f.rule());
      o.put("events", f.events());
      o.put("values", f.values());
      time(o, "firstSeen", f.firstSeen());
      time(o, "lastSeen", f.lastSeen());
      strings(o.putArray("sources"), f.sources());
    }
    ArrayNode unseen = n.putArray("unseenRules");
    for (UnseenRule u : d.unseenRules()) {
      unseen.addObject().put("pattern", u.pattern()).put("action", u.action()).put("location", u.location());
    }
    return n;
  }

  private static void time(ObjectNode n, String field, Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.toString());
    }
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  /**
   * Reads a BOM written by {@link #write}. Throws IllegalArgumentException naming the first thing
   * that is not as documented (e.g. {@code destinations[2].fields[0].protection: expected one of
   * raw, ...}), so a wrong file gets a clear message rather than a partial diff.
   */
  public static Bom read(JsonNode root) {
    Reader r = new Reader();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a Sluice BOM: expected a JSON object");
    }
    String schema = root.path("schema").asText(null);
    if (!Bom.SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "not a Sluice BOM: schema is " + (schema == null ? "missing" : "'" + schema + "'") + ", expected '" + Bom.SCHEMA + "'");
    }
    Instant generatedAt = r.instant(root, "generatedAt", "generatedAt", true);
    JsonNode window = r.object(root, "window", "window");
    Instant since = r.instant(window, "since", "window.since", false);
    Instant until = r.instant(window, "until", "window.until", true);
    List<DestinationFlows> destinations = r.list(root, "destinations", "destinations", r::destination);
    List<RawFlow> raw =
        r.list(
            root,
            "rawFlows",
            "rawFlows",
            (n, at) ->
                new RawFlow(
                    r.text(n, "destination", at),
                    r.text(n, "category", at),
                    r.optionalText(n, "group"),
                    r.strings(n, "paths", at),
                    r.number(n, "values", at)));
    return new Bom(generatedAt, since, until, destinations, raw);
  }

  /** Field readers that name the JSON path of what is wrong. */
  private static final class Reader {
    interface Item<T> {
      T read(JsonNode node, String at);
    }

    DestinationFlows destination(JsonNode n, String at) {
      Map<String, Long> dropped = new TreeMap<>();
      JsonNode d = object(n, "eventsDropped", at);
      for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().canConvertToLong()) {
          throw bad(at + ".eventsDropped." + e.getKey(), "expected a number");
        }
        dropped.put(e.getKey(), e.getValue().longValue());
      }
      JsonNode subjects = n.get("subjects");
      if (subjects != null && !subjects.isNull() && !subjects.canConvertToLong()) {
        throw bad(at + ".subjects", "expected a number or null");
      }
      return new DestinationFlows(
          text(n, "name", at),
          bool(n, "declared", at),
          optionalText(n, "type"),
          optionalText(n, "endpoint"),
          number(n, "eventsSent", at),
          dropped,
          subjects == null || subjects.isNull() ? null : subjects.longValue(),
          instant(n, "firstSeen", at + ".firstSeen", false),
          instant(n, "lastSeen", at + ".lastSeen", false),
          list(n, "sources", at, (s, sat) -> new SourceFlow(text(s, "source", sat), number(s, "events", sat))),
          list(
              n,
              "categories",
              at,
              (c, cat) ->
                  new CategoryFlow(
                      text(c, "category", cat),
                      optionalText(c, "group"),
                      strings(c, "protections", cat).stream().map(p -> protection(p, cat + ".protections")).toList(),
                      number(c, "values", cat),
                      number(c, "deliveredValues", cat),
                      strings(c, "paths", cat),
                      bool(c, "delivered", cat),
                      bool(c, "raw", cat))),
          list(
              n,
              "fields",
              at,
              (f, fat) ->
                  new FieldFlow(
                      text(f, "path", fat),
                      text(f, "category", fat),
                      protection(text(f, "protection", fat), fat + ".protection"),
                      optionalText(f, "generalizer"),
                      optionalText(f, "rule"),
                      number(f, "events", fat),
                      number(f, "values", fat),
                      instant(f, "firstSeen", fat + ".firstSeen", true),
                      instant(f, "lastSeen", fat + ".lastSeen", true),
                      strings(f, "sources", fat))),
          list(
              n,
              "unseenRules",
              at,
              (u, uat) -> new UnseenRule(text(u, "pattern", uat), text(u, "action", uat), optionalText(u, "location"))));
    }

    Protection protection(String code, String at) {
      Protection p = Protection.byCode(code);
      if (p == null) {
        List<String> known = new ArrayList<>();
        for (Protection q : Protection.values()) {
          known.add(q.code());
        }
        throw bad(at, "'" + code + "' is not one of " + String.join(", ", known));
      }
      return p;
    }

    <T> List<T> list(JsonNode n, String field, String at, Item<T> item) {
      String where = at.equals(field) ? field : at + "." + field;
      JsonNode a = n.get(field);
      if (a == null || !a.isArray()) {
        throw bad(where, "expected an array");
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        JsonNode e = a.get(i);
        String eat = where + "[" + i + "]";
        if (!e.isObject()) {
          throw bad(eat, "expected an object");
        }
        out.add(item.read(e, eat));
      }
      return out;
    }

    List<String> strings(JsonNode n, String field, String at) {
      JsonNode a = n.get(field);
      if (a == null || !a.isArray()) {
        throw bad(at + "." + field, "expected an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : a) {
        if (!e.isTextual()) {
          throw bad(at + "." + field, "expected an array of strings");
        }
        out.add(e.textValue());
      }
      return out;
    }

    JsonNode object(JsonNode n, String field, String at) {
      JsonNode o = n.get(field);
      if (o == null || !o.isObject()) {
        throw bad(at.endsWith(field) ? at : at + "." + field, "expected an object");
      }
      return o;
    }

    String text(JsonNode n, String field, String at) {
      JsonNode t = n.get(field);
      if (t == null || !t.isTextual()) {
        throw bad(at + "." + field, "expected a string");
      }
      return t.textValue();
    }

    String optionalText(JsonNode n, String field) {
      JsonNode t = n.get(field);
      return t == null || !t.isTextual() ? null : t.textValue();
    }

    long number(JsonNode n, String field, String at) {
      JsonNode t = n.get(field);
      if (t == null || !t.canConvertToLong() || !t.isIntegralNumber()) {
        throw bad(at + "." + field, "expected a whole number");
      }
      return t.longValue();
    }

    boolean bool(JsonNode n, String field, String at) {
      JsonNode t = n.get(field);
      if (t == null || !t.isBoolean()) {
        throw bad(at + "." + field, "expected true or false");
      }
      return t.booleanValue();
    }

    Instant instant(JsonNode n, String field, String at, boolean required) {
      JsonNode t = n.get(field);
      if (t == null || t.isNull()) {
        if (required) {
          throw bad(at, "missing");
        }
        return null;
      }
      try {
        return Instant.parse(t.asText());
      } catch (DateTimeParseException e) {
        throw bad(at, "expected an ISO-8601 instant such as 2026-11-25T12:00:00Z");
      }
    }

    static IllegalArgumentException bad(String at, String what) {
      return new IllegalArgumentException("not a Sluice BOM: " + at + ": " + what);
    }
  }
}
