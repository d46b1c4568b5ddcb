package dev.sluice.cli.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic fixtures for the scan tests, generated here: events with personal data planted at
 * known paths, and a HAR with first- and third-party requests. {@link #PLANTED} lists every raw
 * value (in each spelling it takes in the files) that no output may ever contain.
 */
final class ScanFixtures {
  static final String EMAIL = "maria.kowalski@example.org";
  static final String URL_EMAIL = "jonas.berg@example.net";
  static final String PHONE = "+44 20 7946 0958";
  static final String CARD = "4111 1111 1111 1111";
  static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ0MTIiLCJpYXQiOjE3MDAwMDAwMDB9.3q2-7Yb4H9cP1xZk0fLwQeRtUvN8sMaJdGhKiOpLmNo";
  static final String KEY_EMAIL = "kim.key@example.com";
  static final String BROKEN_EMAIL = "jane.broken@example.com";

  static final String HAR_EMAIL = "lena.fischer@example.com";
  static final String FIRST_PARTY_EMAIL = "first.party@example.com";
  static final String REFERER_TOKEN = "Q7fK2mZp9LwX4vBt8RcN";
  static final String COOKIE_SECRET = "Zr8Kq2LmX9pVt4Wn7Yc3";
  static final String IBAN = "DE89 3704 0044 0532 0130 00";

  static final List<String> PLANTED =
      List.of(EMAIL, URL_EMAIL, "jonas.berg%40example.net", PHONE, "442079460958", "2079460958", CARD,
          CARD.replace(" ", ""), JWT, JWT.substring(0, 40), KEY_EMAIL, BROKEN_EMAIL, HAR_EMAIL,
          "lena.fischer%40example.com", FIRST_PARTY_EMAIL, "first.party%40example.com", REFERER_TOKEN,
          COOKIE_SECRET, IBAN, IBAN.replace(" ", ""), "maria.kowalski", "lena.fischer", "jonas.berg");

  private static final ObjectMapper M = new ObjectMapper();

  private ScanFixtures() {}

  /** Line 1: e-mail, phone and card; line 2: a JWT in free text; line 3: a key that is an e-mail. */
  static ObjectNode[] events() {
    ObjectNode order = M.createObjectNode();
    order.put("type", "track").put("event", "Order Completed").put("messageId", "m-1");
    ObjectNode props = order.putObject("properties");
    props.put("email", EMAIL);
    props.put("note", "please call me at " + PHONE + ", paid with " + CARD + " today");
    props.put("order_id", "ORD-20250114-000123").put("total", 42.5);
    ObjectNode page = order.putObject("context").putObject("page");
    page.put("url", "https://shop.example/account?email=" + URL_EMAIL.replace("@", "%40") + "&tab=orders");

    ObjectNode debug = M.createObjectNode();
    debug.put("type", "track").put("event", "Debug");
    debug.putObject("properties").put("comment", "the app replayed " + JWT + " twice");

    ObjectNode keyed = M.createObjectNode();
    keyed.put("type", "identify").putObject("traits").put(KEY_EMAIL, PHONE);
    return new ObjectNode[] {order, debug, keyed};
  }

  static Path jsonl(Path dir, String name) throws IOException {
    StringBuilder b = new StringBuilder();
    for (ObjectNode e : events()) {
      b.append(M.writeValueAsString(e)).append('\n');
    }
    return write(dir.resolve(name), b.toString());
  }

  /** Line 1 an event, line 2 broken JSON holding an unquoted e-mail address, line 3 an event. */
  static Path brokenJsonl(Path dir) throws IOException {
    ObjectNode[] ev = events();
    String text = M.writeValueAsString(ev[0]) + "\n"
        + "{\"type\": \"identify\", \"traits\": {\"email\": " + BROKEN_EMAIL + "}}\n"
        + M.writeValueAsString(ev[1]) + "\n";
    return write(dir.resolve("broken.jsonl"), text);
  }

  /** The same events as a pretty-printed JSON array. */
  static Path array(Path dir) throws IOException {
    ArrayNode a = M.createArrayNode();
    for (ObjectNode e : events()) {
      a.add(e);
    }
    return write(dir.resolve("events.json"), M.writerWithDefaultPrettyPrinter().writeValueAsString(a));
  }

  /**
   * A HAR of a page on shop.example: entry 1 a first-party request with an e-mail (not to be
   * reported), entry 2 a tracker request with {@code ?email=}, a Referer carrying a reset token and
   * a session cookie, entry 3 a JSON beacon with an IBAN, entry 4 a data: URL. Each entry's first
   * field is its {@code comment} ("entry-N"), so a test can find the line the entry starts on.
   */
  static Path har(Path dir) throws IOException {
    ObjectNode root = M.createObjectNode();
    ObjectNode log = root.putObject("log");
    log.put("version", "1.2");
    log.putObject("creator").put("name", "WebInspector").put("version", "537.36");
    log.putArray("pages").addObject().put("id", "page_1").put("title", "https://www.shop.example/checkout");
    ArrayNode entries = log.putArray("entries");

    ObjectNode first = entry(entries, 1, "GET", "https://api.shop.example/cart?email=" + FIRST_PARTY_EMAIL.replace("@", "%40"));
    header(first, "Referer", "https://www.shop.example/checkout");

    ObjectNode tracker =
        entry(entries, 2, "GET", "https://collect.tracker.example/v1/p?ev=view&email=" + HAR_EMAIL.replace("@", "%40"));
    header(tracker, "Referer", "https://www.shop.example/reset?token=" + REFERER_TOKEN);
    header(tracker, "Cookie", "_tid=1; session_token=" + COOKIE_SECRET);
    header(tracker, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64)");

    ObjectNode beacon = entry(entries, 3, "POST", "https://api.segment.example/v1/batch");
    header(beacon, "Referer", "https://www.shop.example/checkout");
    ObjectNode body = M.createObjectNode();
    body.putArray("batch").addObject().put("type", "identify").putObject("traits").put("iban", IBAN);
    beacon.putObject("postData").put("mimeType", "text/plain").put("text", M.writeValueAsString(body));

    entry(entries, 4, "GET", "data:image/gif;base64,R0lGODlhAQABAAAAACw=");
    return write(dir.resolve("session.har"), M.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  private static ObjectNode entry(ArrayNode entries, int n, String method, String url) {
    ObjectNode e = entries.addObject();
    e.put("comment", "entry-" + n).put("pageref", "page_1").put("startedDateTime", "2025-01-14T10:00:0" + n + "Z");
    ObjectNode request = e.putObject("request");
    request.put("method", method).put("url", url).put("httpVersion", "HTTP/2");
    request.putArray("headers");
    request.putArray("queryString");
    request.putArray("cookies");
    e.putObject("response").put("status", 204);
    return request;
  }

  private static void header(ObjectNode request, String name, String value) {
    ((ArrayNode) request.get("headers")).addObject().put("name", name).put("value", value);
  }

  /** The 1-based line of {@code "comment" : "entry-N"} minus one: the line its object starts on. */
  static int entryLine(Path har, int n) throws IOException {
    List<String> lines = Files.readAllLines(har);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"entry-" + n + "\"")) {
        return lines.get(i).contains("{") ? i + 1 : i;
      }
    }
    throw new AssertionError("no entry " + n);
  }

  static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
