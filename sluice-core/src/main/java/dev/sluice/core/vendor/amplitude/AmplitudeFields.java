package dev.sluice.core.vendor.amplitude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Where Amplitude's top-level event fields live in the canonical event, one table read both ways
 * so the receiver and the encoder cannot drift. Fields with no Segment Spec home go to {@code
 * context.amplitude.<field>}, so nothing is lost and a contract can still name them.
 */
final class AmplitudeFields {
  /** An Amplitude field and its canonical path under {@code context}. */
  record Mapping(String field, String[] contextPath) {}

  static final List<Mapping> CONTEXT =
      List.of(
          m("ip", "ip"),
          m("library", "library", "name"),
          m("os_name", "os", "name"),
          m("os_version", "os", "version"),
          m("device_manufacturer", "device", "manufacturer"),
          m("device_model", "device", "model"),
          m("idfa", "device", "advertisingId"),
          m("app_version", "app", "version"),
          m("language", "locale"),
          m("carrier", "network", "carrier"),
          m("country", "location", "country"),
          m("region", "location", "region"),
          m("city", "location", "city"),
          m("location_lat", "location", "latitude"),
          m("location_lng", "location", "longitude"));

  /** Fields the envelope handles itself; everything else not in {@link #CONTEXT} is kept aside. */
  static final Set<String> ENVELOPE =
      Set.of(
          "event_type", "user_id", "device_id", "time", "insert_id", "event_properties",
          "user_properties", "groups", "group_properties");

  /** The sub-object of {@code context} holding fields with no Segment Spec equivalent. */
  static final String ASIDE = "amplitude";

  private AmplitudeFields() {}

  private static Mapping m(String field, String... contextPath) {
    return new Mapping(field, contextPath);
  }

  /** {@code context.<path>} or null. */
  static JsonNode get(JsonNode context, String[] path) {
    JsonNode n = context;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n;
  }

  static void put(ObjectNode context, String[] path, JsonNode value) {
    ObjectNode n = context;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode c = n.get(path[i]);
      n = c instanceof ObjectNode o ? o : n.putObject(path[i]);
    }
    n.set(path[path.length - 1], value);
  }
}
