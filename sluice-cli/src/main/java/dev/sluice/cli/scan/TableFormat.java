package dev.sluice.cli.scan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The default output: an aligned table, most frequent first, and a one-line summary. */
final class TableFormat {
  private TableFormat() {}

  static void write(ScanReport report, PrintWriter out) {
    List<ScanReport.Row> rows = report.rows();
    if (!rows.isEmpty()) {
      List<String[]> cells = new ArrayList<>();
      cells.add(new String[] {"HOST", "PATH", "CATEGORY", "COUNT", "EXAMPLE", "FIRST SEEN"});
      for (ScanReport.Row r : rows) {
        Map.Entry<String, ScanReport.FileHits> first = r.files.entrySet().iterator().next();
        String seen = first.getKey() + ":" + first.getValue().firstLine
            + (r.files.size() > 1 ? " (+" + (r.files.size() - 1) + plural(r.files.size() - 1, " file") + ")" : "");
        cells.add(new String[] {r.key.host(), r.key.path(), r.key.category().code(), Integer.toString(r.count), r.example, seen});
      }
      int[] width = new int[cells.get(0).length];
      for (String[] row : cells) {
        for (int c = 0; c < row.length; c++) {
          width[c] = Math.max(width[c], row[c].length());
        }
      }
      for (String[] row : cells) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
          boolean number = c == 3;
          String cell = row[c];
          String pad = " ".repeat(width[c] - cell.length());
          line.append(number ? pad + cell : cell + (c == row.length - 1 ? "" : pad));
          if (c < row.length - 1) {
            line.append("  ");
          }
        }
        out.println(line);
      }
      out.println();
    }
    out.println(summary(report));
  }

  static String summary(ScanReport report) {
    int events = 0;
    int requests = 0;
    int skipped = 0;
    boolean har = false;
    for (ScanReport.FileSummary f : report.files()) {
      if (f.kind.equals("har")) {
        har = true;
        requests += f.records;
        skipped += f.skippedFirstParty;
      } else {
        events += f.records;
      }
    }
    int files = report.files().size();
    StringBuilder s = new StringBuilder();
    s.append(report.findings() == 0
        ? "no personal data found"
        : report.findings() + plural(report.findings(), " finding") + " in " + report.rows().size()
            + plural(report.rows().size(), " group"));
    s.append(" (").append(files).append(plural(files, " file")).append(": ");
    s.append(events).append(plural(events, " event"));
    if (har) {
      s.append(", ").append(requests).append(plural(requests, " third-party request"));
      if (skipped > 0) {
        s.append(", ").append(skipped).append(" first-party skipped (see --all-hosts)");
      }
    }
    long failed = report.files().stream().filter(f -> f.failed).count();
    if (failed > 0) {
      s.append("; ").append(failed).append(plural((int) failed, " file")).append(" with errors");
    }
    return s.append(')').toString();
  }

  private static String plural(int n, String word) {
    return n == 1 ? word : word + "s";
  }
}
