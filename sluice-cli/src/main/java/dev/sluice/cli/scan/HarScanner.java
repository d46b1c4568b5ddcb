package dev.sluice.cli.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.detect.FieldNames;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Json;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scans the requests of a HAR (HTTP Archive 1.2, as browsers export it) that go to third-party
 * hosts: the URL (split into path, query parameters and fragment), the Referer and Cookie headers
 * and other non-standard headers, and the body (JSON walked key by key, form bodies parameter by
 * parameter, other text as free text). Findings are grouped by the request's host.
 *
 * <p>The page's own host is the host of the entry's page ({@code log.pages[].title} when it is a
 * URL, as Chrome writes it), else the most common Referer host of the file. A request is
 * first-party when its host is on the same site ({@link UrlParts#sameSite}); first-party requests
 * are skipped unless {@code --all-hosts}.
 */
final class HarScanner {
  /** Headers every browser request carries or that repeat the URL: not scanned. */
  private static final Set<String> STANDARD_HEADERS =
      Set.of("accept", "accept-encoding", "accept-language", "cache-control", "connection",
          "content-length", "content-type", "dnt", "host", "origin", "pragma", "priority", "range",
          "te", "upgrade-insecure-requests", "user-agent", "if-none-match", "if-modified-since",
          "if-match", "if-range", "if-unmodified-since", "keep-alive", "purpose", "sec-purpose");

  private final TextScanner text;
  private final ScanReport report;
  private final boolean allHosts;

  HarScanner(TextScanner text, ScanReport report, boolean allHosts) {
    this.text = text;
    this.report = report;
    this.allHosts = allHosts;
  }

  void scan(JsonNode root, String source, ScanReport.FileSummary summary, FileScanner.Records records)
      throws BadInput {
    JsonNode entries = root.path("log").path("entries");
    if (!root.isObject() || !root.path("log").isObject()) {
      throw new BadInput("not a HAR: no \"log\" object");
    }
    if (!entries.isArray()) {
      throw new BadInput("not a HAR: log.entries is missing or not an array");
    }
    List<Integer> lines = JsonSource.elementLines(source, "log", "entries");
    Map<String, String> pageHosts = pageHosts(root.path("log").path("pages"));
    String refererHost = mostCommonRefererHost(entries);
    boolean unknownNoted = false;
    for (int i = 0; i < entries.size(); i++) {
      int line = i < lines.size() ? lines.get(i) : 1;
      JsonNode request = entries.get(i).path("request");
      JsonNode url = request.path("url");
      if (!url.isTextual()) {
        records.problem(line, "not a HAR entry: entry " + (i + 1) + " has no request.url");
        continue;
      }
      String host = UrlParts.host(url.textValue());
      if (host == null) {
        continue; // data:, blob:, about: — nothing leaves the browser
      }
      String own = pageHosts.get(entries.get(i).path("pageref").asText(""));
      if (own == null) {
        own = pageHosts.size() == 1 ? pageHosts.values().iterator().next() : refererHost;
      }
      if (own == null && !allHosts && !unknownNoted) {
        records.note(0, "cannot tell the page's own host (no page title URL, no Referer): scanning every request");
        unknownNoted = true;
      }
      if (!allHosts && own != null && UrlParts.sameSite(host, own)) {
        summary.skippedFirstParty++;
        continue;
      }
      summary.records++;
      request(host, request, records.file, line);
    }
  }

  /** Page id to the host of its title, for titles that are URLs. */
  private static Map<String, String> pageHosts(JsonNode pages) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode p : pages) {
      String host = UrlParts.host(p.path("title").asText(null));
      if (host != null) {
        out.put(p.path("id").asText(""), host);
      }
    }
    return out;
  }

  private static String mostCommonRefererHost(JsonNode entries) {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode e : entries) {
      for (JsonNode h : e.path("request").path("headers")) {
        if (h.path("name").asText("").equalsIgnoreCase("referer")) {
          String host = UrlParts.host(h.path("value").asText(null));
          if (host != null) {
            counts.merge(host, 1, Integer::sum);
          }
        }
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue()
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())) // ties: the first name
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private void request(String host, JsonNode request, String file, int line) {
    JsonNode headers = request.path("headers");
    ScanHints hints = hints(headers);
    url(host, "url", request.path("url").textValue(), hints, file, line);
    boolean cookieHeader = false;
    for (JsonNode h : headers) {
      String name = h.path("name").asText("").toLowerCase(Locale.ROOT);
      String value = h.path("value").asText("");
      if (name.isEmpty() || name.startsWith(":") || STANDARD_HEADERS.contains(name) || name.startsWith("sec-")) {
        continue;
      }
      switch (name) {
        case "referer" -> url(host, "header.referer", value, hints, file, line);
        case "cookie" -> {
          cookieHeader = true;
          cookies(host, value, hints, file, line);
        }
        default -> value(host, "header." + report.safeKey(name), name, value, hints, file, line);
      }
    }
    if (!cookieHeader) {
      for (JsonNode c : request.path("cookies")) {
        String name = c.path("name").asText("");
        value(host, "header.cookie." + report.safeKey(name), name, c.path("value").asText(""), hints, file, line);
      }
    }
    body(host, request.path("postData"), hints, file, line);
  }

  /** Phone numbers without {@code +} are read in the region of the browser's first language. */
  private static ScanHints hints(JsonNode headers) {
    for (JsonNode h : headers) {
      if (h.path("name").asText("").equalsIgnoreCase("accept-language")) {
        String first = h.path("value").asText("").split("[,;]", 2)[0].strip();
        return ScanHints.fromContext(first, null);
      }
    }
    return ScanHints.NONE;
  }

  /** A URL, split by the scanner; each finding is reported at the part it sits in. */
  private void url(String host, String prefix, String url, ScanHints hints, String file, int line) {
    for (Span s : text.scan(url, hints)) {
      String part = prefix + "." + safePart(UrlParts.locate(url, s.start()));
      report.add(host, part, s.category(), url.substring(s.start(), s.end()), file, line);
    }
  }

  /** {@code query.<name>}: the parameter name made safe to print. */
  private String safePart(String part) {
    int dot = part.indexOf('.');
    return dot < 0 ? part : part.substring(0, dot + 1) + report.safeKey(part.substring(dot + 1));
  }

  private void cookies(String host, String header, ScanHints hints, String file, int line) {
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        String name = pair.substring(0, eq).strip();
        value(host, "header.cookie." + report.safeKey(name), name, pair.substring(eq + 1).strip(), hints, file, line);
      }
    }
  }

  /** A named value: the name's category (FieldNames) and the value's spans (TextScanner). */
  private void value(String host, String path, String name, String value, ScanHints hints, String file, int line) {
    if (value.isEmpty()) {
      return;
    }
    report.addValue(host, path, FieldNames.classify(name), value, text.scan(value, hints), file, line);
  }

  private void body(String host, JsonNode postData, ScanHints hints, String file, int line) {
    String body = postData.path("text").asText("");
    String mime = postData.path("mimeType").asText("").toLowerCase(Locale.ROOT);
    if (body.isEmpty() && postData.path("params").isArray() && !postData.path("params").isEmpty()) {
      StringBuilder form = new StringBuilder();
      for (JsonNode p : postData.path("params")) {
        form.append(form.isEmpty() ? "" : "&").append(p.path("name").asText("")).append('=').append(p.path("value").asText(""));
      }
      body = form.toString();
      mime = "application/x-www-form-urlencoded";
    }
    if (body.isBlank()) {
      return;
    }
    String trimmed = body.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        json(host, "body", null, Json.MAPPER.readTree(trimmed), hints, file, line);
        return;
      } catch (JsonProcessingException e) {
        // not JSON after all (sendBeacon bodies are often text/plain): scanned as text below
      }
    }
    if (mime.contains("x-www-form-urlencoded")) {
      String query = "?" + body; // scanned as a URL query: each parameter on its own, names classified
      for (Span s : text.scan(query, hints)) {
        String part = safePart(UrlParts.locate(query, s.start()));
        String path = part.startsWith("query.") ? "body." + part.substring(6) : "body";
        report.add(host, path, s.category(), query.substring(s.start(), s.end()), file, line);
      }
      return;
    }
    value(host, "body", "", body, hints, file, line);
  }

  /** A JSON body, leaf by leaf: key names classified, string values scanned; arrays collapsed. */
  private void json(String host, String path, String name, JsonNode node, ScanHints hints, String file, int line) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        json(host, path + "." + report.safeKey(f.getKey()), f.getKey(), f.getValue(), hints, file, line);
      }
    } else if (node.isArray()) {
      for (JsonNode el : node) {
        json(host, path, name, el, hints, file, line);
      }
    } else if (!node.isNull()) {
      List<Span> spans = node.isTextual() ? text.scan(node.textValue(), hints) : List.of();
      report.addValue(host, path, name == null ? null : FieldNames.classify(name), node.asText(), spans, file, line);
    }
  }
}
