package dev.sluice.cli.bom;

import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Bom.FieldFlow;
import dev.sluice.core.bom.Bom.RawFlow;
import dev.sluice.core.bom.Bom.SourceFlow;
import dev.sluice.core.bom.Bom.UnseenRule;
import dev.sluice.core.bom.Protection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.StringJoiner;

/**
 * The BOM for people: an aligned text table for the terminal ({@code --format table}) or Markdown
 * for a pull request or a wiki ({@code --format markdown}). Raw personal data comes first.
 */
public final class BomText {
  private final boolean markdown;
  private final PrintWriter out;

  private BomText(boolean markdown, PrintWriter out) {
    this.markdown = markdown;
    this.out = out;
  }

  public static void table(Bom bom, PrintWriter out) {
    new BomText(false, out).write(bom);
  }

  static void markdown(Bom bom, PrintWriter out) {
    new BomText(true, out).write(bom);
  }

  private void write(Bom bom) {
    String window = (bom.since() == null ? "everything recorded" : bom.since() + " to " + bom.until());
    heading(1, "Data bill of materials");
    line("Window: " + window + ". Generated " + bom.generatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ".");
    line("Counts are ledger totals of the rows seen in the window; subjects are estimates (±1%).");
    blank();

    heading(2, "Personal data sent raw");
    if (bom.rawFlows().isEmpty()) {
      line("None: every data category that reached a vendor was pseudonymised, hashed, generalised or redacted.");
    } else {
      List<String[]> rows = new ArrayList<>();
      for (RawFlow r : bom.rawFlows()) {
        rows.add(new String[] {r.destination(), r.category(), String.join(", ", r.paths()), Long.toString(r.values())});
      }
      grid(new String[] {"destination", "category", "paths", "values"}, rows);
    }
    blank();

    for (DestinationFlows d : bom.destinations()) {
      destination(d);
    }
  }

  private void destination(DestinationFlows d) {
    StringBuilder title = new StringBuilder(d.name());
    if (d.type() != null) {
      title.append(" (").append(d.type()).append(d.endpoint() == null ? "" : ", " + d.endpoint()).append(')');
    }
    if (!d.declared()) {
      title.append(" (no longer in the config)");
    }
    heading(2, title.toString());
    StringJoiner sources = new StringJoiner(", ");
    for (SourceFlow s : d.sources()) {
      sources.add(s.source() + " (" + s.events() + ")");
    }
    line(d.eventsSent() + " events sent, "
        + (d.subjects() == null ? "no subject estimate" : "~" + d.subjects() + " distinct subjects")
        + (d.sources().isEmpty() ? "" : ", from " + sources)
        + (d.eventsDropped().isEmpty() ? "" : "; events held back by onPii: " + d.eventsDropped()));
    line("Categories received: " + (d.deliveredCategories().isEmpty() ? "none" : String.join(", ", d.deliveredCategories()))
        + (d.rawCategories().isEmpty() ? "" : "; RAW: " + String.join(", ", d.rawCategories())));
    blank();
    // Blocked and dropped fields are summed up in one line: they did not leave, and listing them
    // would bury what did (the JSON form lists every one).
    List<String[]> rows = new ArrayList<>();
    Map<String, Integer> withheld = new TreeMap<>();
    int blockedFields = 0;
    for (FieldFlow f : d.fields()) {
      if (f.protection() == Protection.BLOCKED || f.protection() == Protection.DROPPED_FOR_PII) {
        blockedFields++;
        if (!f.category().equals("none")) {
          withheld.merge(f.category(), 1, Integer::sum);
        }
        continue;
      }
      String protection = f.protection().code() + (f.generalizer() == null ? "" : " (" + f.generalizer() + ")");
      boolean alarm = f.protection() == Protection.RAW && !f.category().equals("none");
      rows.add(
          new String[] {
            (alarm ? "! " : "") + f.path(), f.category(), protection, Long.toString(f.values()), f.lastSeen().toString()
          });
    }
    if (rows.isEmpty()) {
      line("No field reached it in the window.");
    } else {
      grid(new String[] {"path", "category", "protection", "values", "last seen"}, rows);
    }
    if (blockedFields > 0) {
      blank();
      StringJoiner cats = new StringJoiner(", ");
      withheld.forEach((c, n) -> cats.add(c + " (" + n + ")"));
      line("Blocked or dropped: " + blockedFields + " field" + (blockedFields == 1 ? "" : "s")
          + (withheld.isEmpty() ? "" : " (with personal data: " + cats + ")") + "; --format json lists them.");
    }
    if (!d.unseenRules().isEmpty()) {
      blank();
      line("Allowed by the contract but not seen in the window:");
      for (UnseenRule u : d.unseenRules()) {
        line((markdown ? "- `" : "  ") + u.pattern() + (markdown ? "`" : "") + " (" + u.action() + ", " + u.location() + ")");
      }
    }
    blank();
  }

  private void heading(int level, String text) {
    if (markdown) {
      out.println("#".repeat(level) + " " + text);
      out.println();
    } else {
      out.println(level == 1 ? text.toUpperCase(java.util.Locale.ROOT) : "== " + text);
    }
  }

  private void line(String s) {
    out.println(s);
  }

  private void blank() {
    out.println();
  }

  /** A table: pipes in Markdown, aligned columns in text. */
  private void grid(String[] header, List<String[]> rows) {
    if (markdown) {
      out.println("| " + String.join(" | ", header) + " |");
      out.println("|" + "---|".repeat(header.length));
      for (String[] r : rows) {
        StringJoiner j = new StringJoiner(" | ", "| ", " |");
        for (String c : r) {
          j.add(c.replace("|", "\\|"));
        }
        out.println(j);
      }
      return;
    }
    int[] w = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      w[i] = header[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    row(header, w);
    for (String[] r : rows) {
      row(r, w);
    }
  }

  private void row(String[] cells, int[] w) {
    StringBuilder b = new StringBuilder("  ");
    for (int i = 0; i < cells.length; i++) {
      b.append(cells[i]);
      if (i < cells.length - 1) {
        b.append(" ".repeat(w[i] - cells[i].length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }
}
