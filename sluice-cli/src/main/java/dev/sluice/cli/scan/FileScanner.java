package dev.sluice.cli.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.LeafFinding;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one file, decides what it holds and scans it: JSONL (one event per line), a JSON array of
 * events, a Segment batch ({@code {"batch": [...]}}), a single event, or a HAR. A file that
 * cannot be read or understood is reported as a {@link Problem} naming the file (and line); a bad
 * record inside a file is reported and skipped, and the rest of the file is still scanned.
 */
final class FileScanner {
  /** Keys that make a JSON object an analytics event (Segment, Mixpanel, Amplitude, PostHog, GA4). */
  static final Set<String> EVENT_KEYS =
      Set.of("type", "event", "event_type", "messageId", "userId", "user_id", "anonymousId",
          "distinct_id", "device_id", "client_id", "properties", "traits", "context",
          "event_properties", "user_properties");

  private static final String EVENT_KEYS_HINT = "type, event, userId, anonymousId, properties, traits, ...";

  /** Record-level problems reported per file before the rest are only counted. */
  private static final int MAX_PROBLEMS_PER_FILE = 5;

  private final EventScanner events;
  private final HarScanner har;
  private final ScanReport report;

  FileScanner(TextScanner text, ScanReport report, boolean allHosts) {
    this.events = new EventScanner(text);
    this.har = new HarScanner(text, report, allHosts);
    this.report = report;
  }

  /** Scans {@code path}; its findings and problems go to the report. */
  void scan(Path path) {
    String file = path.toString();
    ScanReport.FileSummary summary = report.startFile(file);
    Records records = new Records(file, summary);
    try {
      dispatch(path, read(path), summary, records);
    } catch (BadInput e) {
      summary.failed = true;
      report.problem(new Problem(file, e.line, e.getMessage()));
    }
    records.finish();
  }

  private static String read(Path path) throws BadInput {
    if (Files.isDirectory(path)) {
      throw new BadInput("is a directory");
    }
    try {
      String s = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (NoSuchFileException e) {
      throw new BadInput("no such file");
    } catch (AccessDeniedException e) {
      throw new BadInput("permission denied");
    } catch (IOException e) {
      throw new BadInput("cannot read: " + e.getClass().getSimpleName());
    }
  }

  private void dispatch(Path path, String text, ScanReport.FileSummary summary, Records records)
      throws BadInput {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean harName = name.endsWith(".har");
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      jsonLines(text, summary, records);
      return;
    }
    if (text.isBlank()) {
      summary.kind = harName ? "har" : "empty";
      return;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      if (!harName && firstLineIsObject(text)) {
        jsonLines(text, summary, records); // JSONL under another extension
        return;
      }
      throw new BadInput(JsonSource.line(e), JsonSource.describe(e));
    }
    if (harName || (root.isObject() && root.has("log"))) {
      summary.kind = "har";
      har.scan(root, text, summary, records);
    } else if (root.isObject() && root.path("batch").isArray()) {
      summary.kind = "json (batch)";
      elements(root.get("batch"), JsonSource.elementLines(text, "batch"), summary, records);
    } else if (root.isArray()) {
      summary.kind = "json (array)";
      elements(root, JsonSource.elementLines(text), summary, records);
    } else if (root.isObject() && isEvent(root)) {
      summary.kind = "json (event)";
      event((ObjectNode) root, JsonSource.firstContentLine(text), summary, records);
    } else {
      throw new BadInput(
          "neither events nor a HAR: "
              + (root.isObject() ? "a JSON object" : "a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT))
              + " without log.entries (HAR) or event fields (" + EVENT_KEYS_HINT + ")");
    }
  }

  private static boolean firstLineIsObject(String text) {
    for (String line : text.lines().toList()) {
      if (!line.isBlank()) {
        try {
          return Json.MAPPER.readTree(line).isObject();
        } catch (JsonProcessingException e) {
          return false;
        }
      }
    }
    return false;
  }

  static boolean isEvent(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    for (String k : EVENT_KEYS) {
      if (node.has(k)) {
        return true;
      }
    }
    return false;
  }

  private void jsonLines(String text, ScanReport.FileSummary summary, Records records) {
    summary.kind = "jsonl";
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        records.problem(i + 1, JsonSource.describe(e));
        continue;
      }
      record(node, i + 1, summary, records);
    }
  }

  private void elements(JsonNode array, List<Integer> lines, ScanReport.FileSummary summary, Records records)
      throws BadInput {
    boolean anyEvent = false;
    for (JsonNode el : array) {
      anyEvent |= isEvent(el);
    }
    if (!anyEvent && !array.isEmpty()) {
      throw new BadInput("neither events nor a HAR: an array without event objects (" + EVENT_KEYS_HINT + ")");
    }
    for (int i = 0; i < array.size(); i++) {
      record(array.get(i), i < lines.size() ? lines.get(i) : 1, summary, records);
    }
  }

  private void record(JsonNode node, int line, ScanReport.FileSummary summary, Records records) {
    if (!node.isObject()) {
      records.problem(line, "not an event: a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
    } else if (!isEvent(node)) {
      records.problem(line, "not an event: an object without event fields (" + EVENT_KEYS_HINT + ")");
    } else {
      event((ObjectNode) node, line, summary, records);
    }
  }

  /** Scans one event with the detect stage and reports each finding at its leaf's path. */
  private void event(ObjectNode json, int line, ScanReport.FileSummary summary, Records records) {
    summary.records++;
    // EventScanner reads only the tree; type and messageId are lifted as the receiver would
    EventType type = EventType.fromWire(json.path("type").asText(null));
    JsonNode id = json.get("messageId");
    Event e = new Event(type == null ? EventType.TRACK : type, id != null && id.isTextual() ? id.asText() : "line-" + line, json);
    EventFindings found = events.scan(e);
    if (found.isEmpty()) {
      return;
    }
    for (Map.Entry<String, JsonNode> f : json.properties()) {
      leaves(f.getKey(), report.safeKey(f.getKey()), f.getValue(), found, records.file, line);
    }
  }

  /**
   * Walks to each leaf and looks its finding up. {@code path} is the leaf path as the detect stage
   * spells it, {@code shown} the same with each key made safe to print. The path check guards
   * against Jackson's shared nodes (small integers, booleans): findings are keyed by node identity.
   */
  private void leaves(String path, String shown, JsonNode node, EventFindings found, String file, int line) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        leaves(path + "." + f.getKey(), shown + "." + report.safeKey(f.getKey()), f.getValue(), found, file, line);
      }
    } else if (node.isArray()) {
      for (JsonNode el : node) {
        leaves(path, shown, el, found, file, line);
      }
    } else {
      LeafFinding lf = found.of(node);
      if (lf != null && lf.path().equals(path)) {
        report.addValue(ScanReport.NO_HOST, shown, lf.byName(), node.asText(), lf.spans(), file, line);
      }
    }
  }

  /** Record-level problems of one file: the first few are reported, the rest counted. */
  final class Records {
    final String file;
    private final ScanReport.FileSummary summary;
    private int count;

    Records(String file, ScanReport.FileSummary summary) {
      this.file = file;
      this.summary = summary;
    }

    void problem(int line, String message) {
      summary.failed = true;
      if (++count <= MAX_PROBLEMS_PER_FILE) {
        report.problem(new Problem(file, line, message));
      }
    }

    void note(int line, String message) {
      report.note(new Problem(file, line, message));
    }

    void finish() {
      if (count > MAX_PROBLEMS_PER_FILE) {
        report.problem(new Problem(file, 0, (count - MAX_PROBLEMS_PER_FILE) + " more bad records not shown"));
      }
    }
  }
}
