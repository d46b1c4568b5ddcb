package dev.sluice.server.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a reliability test measured, so docs/reliability.md never carries a hand-typed
 * number: each test writes {@code target/reliability/<name>.json} and, when run with {@code
 * -Dsluice.figures.docs=true}, rewrites the table between {@code <!-- figures:<name> -->} and
 * {@code <!-- /figures:<name> -->} in docs/reliability.md. Off by default, so that the test
 * command never edits tracked files.
 */
public final class Figures {
  private static final Path DOC = Path.of("..", "docs", "reliability.md");
  private static final Path OUT = Path.of("target", "reliability");

  private final String name;
  private final Map<String, Object> values = new LinkedHashMap<>();

  private Figures(String name) {
    this.name = name;
  }

  public static Figures of(String name) {
    return new Figures(name);
  }

  /** Adds one figure; the label is the row name in the docs table. */
  public Figures put(String label, Object value) {
    values.put(label, value);
    return this;
  }

  /** Writes the JSON file and, when asked, refreshes the docs table (left alone without its markers). */
  public void publish() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    json.put("test", name);
    json.put("measuredAt", when);
    ObjectNode figures = json.putObject("figures");
    values.forEach((k, v) -> figures.set(k, Json.MAPPER.valueToTree(v)));
    try {
      Files.createDirectories(OUT);
      Files.write(OUT.resolve(name + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
      if (Boolean.getBoolean("sluice.figures.docs")) {
        refreshDoc(when);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void refreshDoc(String when) throws IOException {
    synchronized (Figures.class) {
      if (!Files.exists(DOC)) {
        return;
      }
      String doc = Files.readString(DOC, StandardCharsets.UTF_8);
      String open = "<!-- figures:" + name + " -->";
      String close = "<!-- /figures:" + name + " -->";
      int a = doc.indexOf(open);
      int b = doc.indexOf(close);
      if (a < 0 || b < a) {
        return;
      }
      StringBuilder table = new StringBuilder("\n| figure | value |\n|---|---|\n");
      values.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
      table.append("\n_measured ").append(when).append(" by the test; source: `sluice-server/target/reliability/")
          .append(name).append(".json`_\n");
      String updated = doc.substring(0, a + open.length()) + table + doc.substring(b);
      if (!updated.equals(doc)) {
        Files.writeString(DOC, updated, StandardCharsets.UTF_8);
      }
    }
  }
}
