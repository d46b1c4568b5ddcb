package dev.sluice.cli.scan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.Category;
import dev.sluice.core.event.Json;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code --format sarif}: SARIF 2.1.0, one run of the tool "sluice". Each category is a rule (id
 * = its code); each finding group gets one result per file it was seen in, at the first line it
 * was seen on there (the JSONL line, the line an array element or a HAR entry starts on). Credentials,
 * financial data and government ids are {@code error}, the rest {@code warning}. Files that could
 * not be scanned are tool execution notifications, and make the invocation unsuccessful.
 */
final class SarifFormat {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifFormat() {}

  static String level(Category c) {
    return switch (c.group()) {
      case "credential", "financial", "government_id" -> "error";
      default -> "warning";
    };
  }

  static String description(Category c) {
    return switch (c) {
      case EMAIL -> "E-mail address";
      case PHONE -> "Phone number";
      case PERSON_NAME -> "Person name";
      case STREET_ADDRESS -> "Street address or postal code";
      case PRECISE_LOCATION -> "Precise geolocation (latitude and longitude)";
      case IP_ADDRESS -> "IP address";
      case MAC_ADDRESS -> "MAC address";
      case PAYMENT_CARD -> "Payment card number";
      case IBAN -> "Bank account number (IBAN)";
      case US_SSN -> "US Social Security number";
      case DATE_OF_BIRTH -> "Date of birth";
      case JWT -> "JSON Web Token (a bearer credential)";
      case SECRET -> "Secret: password, API key or access token";
      case ONLINE_ID -> "Online identifier (user, session or click id)";
      case DEVICE_ID -> "Device or advertising identifier";
      case USER_AGENT -> "User agent string";
    };
  }

  static void write(ScanReport report, PrintWriter out) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "sluice");
    String version = SarifFormat.class.getPackage().getImplementationVersion();
    driver.put("semanticVersion", version == null ? "0.0.0-dev" : version);
    ArrayNode rules = driver.putArray("rules");
    for (Category c : Category.values()) {
      ObjectNode r = rules.addObject();
      r.put("id", c.code());
      r.putObject("shortDescription").put("text", description(c));
      r.putObject("fullDescription").put("text",
          description(c) + " (taxonomy group " + c.group() + ") in data sent, or about to be sent, to analytics vendors.");
      r.putObject("defaultConfiguration").put("level", level(c));
      r.putObject("properties").putArray("tags").add("privacy").add(c.group());
    }
    ArrayNode results = run.putArray("results");
    for (ScanReport.Row row : report.rows()) {
      Category c = row.key.category();
      for (Map.Entry<String, ScanReport.FileHits> e : row.files.entrySet()) {
        ObjectNode r = results.addObject();
        r.put("ruleId", c.code());
        r.put("ruleIndex", c.ordinal());
        r.put("level", level(c));
        r.putObject("message").put("text", message(row, e.getValue().count));
        location(r.putArray("locations").addObject(), e.getKey(), e.getValue().firstLine);
        r.putObject("partialFingerprints")
            .put("sluiceFinding/v1", sha256(c.code() + "|" + row.key.host() + "|" + row.key.path() + "|" + e.getKey()));
        r.putObject("properties")
            .put("host", row.key.host())
            .put("path", row.key.path())
            .put("count", e.getValue().count)
            .put("example", row.example);
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", !report.anyFileFailed());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (Problem p : report.problems()) {
      notification(notifications.addObject(), "error", p);
    }
    for (Problem p : report.notes()) {
      notification(notifications.addObject(), "note", p);
    }
    out.println(root.toPrettyString());
  }

  private static String message(ScanReport.Row row, int count) {
    String where = row.key.host().equals(ScanReport.NO_HOST)
        ? " at " + row.key.path()
        : " sent to " + row.key.host() + " at " + row.key.path();
    return description(row.key.category()) + where + ": " + count
        + (count == 1 ? " occurrence" : " occurrences") + " in this file, e.g. " + row.example;
  }

  private static void notification(ObjectNode n, String level, Problem p) {
    n.put("level", level);
    n.putObject("message").put("text", p.toString());
    location(n.putArray("locations").addObject(), p.file(), p.line());
  }

  private static void location(ObjectNode into, String file, int line) {
    ObjectNode physical = into.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri(file));
    if (line > 0) {
      physical.putObject("region").put("startLine", line);
    }
  }

  /** A relative path stays relative (code scanning resolves it against the repository root). */
  static String uri(String file) {
    Path p = Path.of(file);
    if (p.isAbsolute()) {
      return p.toUri().toString();
    }
    String slashes = file.replace('\\', '/');
    try {
      return new URI(null, null, slashes, null).toASCIIString();
    } catch (URISyntaxException e) {
      return slashes;
    }
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
