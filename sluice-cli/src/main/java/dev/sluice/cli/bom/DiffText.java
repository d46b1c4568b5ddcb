package dev.sluice.cli.bom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.bom.BomDiff;
import dev.sluice.core.bom.BomDiff.Change;
import dev.sluice.core.event.Json;
import java.io.PrintWriter;

/** {@code sluice bom --diff} output: one line per change, what started flowing first. */
final class DiffText {
  private DiffText() {}

  static void table(BomDiff diff, PrintWriter out) {
    if (diff.isEmpty()) {
      out.println("no change: the same categories and fields flow to the same destinations");
      return;
    }
    for (Change c : diff.changes()) {
      out.println((c.kind().started() ? "+ " : "- ") + describe(c));
    }
  }

  static void markdown(BomDiff diff, PrintWriter out) {
    out.println("## Data flow changes");
    out.println();
    if (diff.isEmpty()) {
      out.println("No change: the same categories and fields flow to the same destinations.");
      return;
    }
    for (Change c : diff.changes()) {
      out.println("- " + (c.kind().started() ? "**started**: " : "stopped: ") + describe(c));
    }
  }

  static void json(BomDiff diff, PrintWriter out) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode a = root.putArray("changes");
    for (Change c : diff.changes()) {
      ObjectNode n = a.addObject();
      n.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("started", c.kind().started());
      n.put("destination", c.destination());
      n.put("category", c.category());
      n.put("path", c.path());
      n.put("protection", c.protection() == null ? null : c.protection().code());
    }
    out.println(root.toPrettyString());
  }

  static String describe(Change c) {
    return switch (c.kind()) {
      case NEW_RAW_CATEGORY -> c.destination() + " now receives " + c.category() + " RAW";
      case NEW_CATEGORY -> c.destination() + " now receives " + c.category();
      case NEW_DESTINATION -> c.destination() + " now receives data";
      case NEW_FIELD, STOPPED_FIELD ->
          c.destination() + " " + c.kind().label() + " " + c.path() + " (" + c.category() + ", " + c.protection().code() + ")";
      case STOPPED_RAW_CATEGORY -> c.destination() + " no longer receives " + c.category() + " raw (still protected)";
      case STOPPED_CATEGORY -> c.destination() + " no longer receives " + c.category();
      case STOPPED_DESTINATION -> c.destination() + " no longer receives data";
    };
  }
}
