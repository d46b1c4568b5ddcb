package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The write-ahead record of one vendor's incident, {@code <data>/incidents/<vendor>.json}. It is
 * written (fsync, atomic rename) before any step, so a crash leaves a record saying what was meant;
 * the next {@code incident open}, {@code close} or server start finishes it. While a record in
 * status {@code OPENING} or {@code OPEN} exists, the vendor's destinations are held.
 *
 * @param epochsBefore per destination, the pseudonym epoch in use when the incident was opened
 * @param discarded queue items discarded, or -1 when not (yet) done
 * @param openedBy who opened it ({@code admin token <name>}, {@code cli <os user>}), for the audit log
 * @param closedBy who is closing it, once closing was asked for; else null
 */
record IncidentState(
    String id,
    String vendor,
    List<String> destinations,
    String reason,
    Instant openedAt,
    Instant awareAt,
    boolean discardQueue,
    Status status,
    SortedMap<String, Integer> epochsBefore,
    long discarded,
    String openedBy,
    String closedBy) {
  static final String FORMAT = "sluice-incident/1";

  enum Status {
    /** Written ahead; steps may be missing. Delivery is held. */
    OPENING,
    /** Every step of opening done. Delivery is held. */
    OPEN,
    /** Written ahead of closing; the next run resumes delivery and archives the record. */
    CLOSING;

    boolean holds() {
      return this != CLOSING;
    }
  }

  IncidentState {
    destinations = List.copyOf(destinations);
    epochsBefore = new TreeMap<>(epochsBefore);
  }

  IncidentState with(Status s) {
    return new IncidentState(
        id, vendor, destinations, reason, openedAt, awareAt, discardQueue, s, epochsBefore, discarded, openedBy, closedBy);
  }

  IncidentState closing(String by) {
    return new IncidentState(
        id, vendor, destinations, reason, openedAt, awareAt, discardQueue, Status.CLOSING, epochsBefore, discarded, openedBy, by);
  }

  IncidentState withDiscarded(long n) {
    return new IncidentState(
        id, vendor, destinations, reason, openedAt, awareAt, discardQueue, status, epochsBefore, n, openedBy, closedBy);
  }

  byte[] toJson() throws IOException {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("format", FORMAT);
    o.put("id", id);
    o.put("vendor", vendor);
    destinations.forEach(o.putArray("destinations")::add);
    o.put("reason", reason);
    o.put("openedAt", openedAt.toString());
    o.put("awareAt", awareAt.toString());
    o.put("discardQueue", discardQueue);
    o.put("status", status.name());
    ObjectNode e = o.putObject("epochsBefore");
    epochsBefore.forEach(e::put);
    o.put("discarded", discarded);
    o.put("openedBy", openedBy);
    if (closedBy != null) {
      o.put("closedBy", closedBy);
    }
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
  }

  /** Records written before actors were recorded have none. */
  private static String textOrNull(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static IncidentState fromJson(byte[] bytes, String file) throws IOException {
    JsonNode o;
    try {
      o = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IOException(file + " is not a readable incident record: " + e.getMessage(), e);
    }
    if (o == null || !FORMAT.equals(o.path("format").asText())) {
      throw new IOException(file + " is not a " + FORMAT + " incident record");
    }
    try {
      List<String> dests = new ArrayList<>();
      o.path("destinations").forEach(n -> dests.add(n.asText()));
      SortedMap<String, Integer> epochs = new TreeMap<>();
      for (Map.Entry<String, JsonNode> x : o.path("epochsBefore").properties()) {
        epochs.put(x.getKey(), x.getValue().asInt());
      }
      return new IncidentState(
          o.path("id").asText(), o.path("vendor").asText(), dests, o.path("reason").asText(),
          Instant.parse(o.path("openedAt").asText()), Instant.parse(o.path("awareAt").asText()),
          o.path("discardQueue").asBoolean(), Status.valueOf(o.path("status").asText()), epochs,
          o.path("discarded").asLong(), textOrNull(o, "openedBy"), textOrNull(o, "closedBy"));
    } catch (RuntimeException e) {
      throw new IOException(file + " is not a consistent incident record: " + e.getMessage(), e);
    }
  }
}
