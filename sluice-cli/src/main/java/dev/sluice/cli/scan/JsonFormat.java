package dev.sluice.cli.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code --format json}: the findings (host, path, category, group, count, masked example, and per
 * file the first line and count), the files scanned and the problems met.
 */
final class JsonFormat {
  private JsonFormat() {}

  static void write(ScanReport report, PrintWriter out) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode findings = root.putArray("findings");
    for (ScanReport.Row r : report.rows()) {
      ObjectNode f = findings.addObject();
      f.put("host", r.key.host());
      f.put("path", r.key.path());
      f.put("category", r.key.category().code());
      f.put("group", r.key.category().group());
      f.put("count", r.count);
      f.put("example", r.example);
      ArrayNode locations = f.putArray("locations");
      for (Map.Entry<String, ScanReport.FileHits> e : r.files.entrySet()) {
        locations.addObject().put("file", e.getKey()).put("line", e.getValue().firstLine).put("count", e.getValue().count);
      }
    }
    ArrayNode files = root.putArray("files");
    for (ScanReport.FileSummary s : report.files()) {
      ObjectNode f = files.addObject().put("file", s.file).put("kind", s.kind).put("records", s.records);
      if (s.kind.equals("har")) {
        f.put("skippedFirstParty", s.skippedFirstParty);
      }
      f.put("ok", !s.failed);
    }
    problems(root.putArray("errors"), report.problems());
    problems(root.putArray("notes"), report.notes());
    out.println(root.toPrettyString());
  }

  private static void problems(ArrayNode into, List<Problem> problems) {
    for (Problem p : problems) {
      ObjectNode e = into.addObject().put("file", p.file());
      if (p.line() > 0) {
        e.put("line", p.line());
      }
      e.put("message", p.message());
    }
  }
}
