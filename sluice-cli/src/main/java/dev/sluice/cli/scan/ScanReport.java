package dev.sluice.cli.scan;

import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.Masks;
import dev.sluice.core.detect.Redaction;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Findings aggregated per (destination host, path, category): a count, one masked example and,
 * per file, the first line and the count there. Values are masked the moment they arrive; the
 * report never holds a raw value. Paths are redacted too (a JSON key can itself be an e-mail
 * address): callers build them from {@link #safeKey}s, and {@link #add} checks the whole path.
 */
final class ScanReport {
  /** The destination column of findings in event files, which name no destination. */
  static final String NO_HOST = "-";

  record Key(String host, String path, Category category) {}

  /** One file's share of a row. */
  static final class FileHits {
    final int firstLine;
    int count;

    FileHits(int firstLine) {
      this.firstLine = firstLine;
    }
  }

  static final class Row {
    final Key key;
    int count;
    String example;
    final Map<String, FileHits> files = new LinkedHashMap<>();

    Row(Key key) {
      this.key = key;
    }
  }

  /** What one file held: its kind, records scanned, whether it failed. */
  static final class FileSummary {
    final String file;
    String kind = "unknown";
    int records;
    int skippedFirstParty;
    boolean failed;

    FileSummary(String file) {
      this.file = file;
    }
  }

  private final TextScanner text;
  private final Map<Key, Row> rows = new HashMap<>();
  private final Map<String, String> safePaths = new HashMap<>();
  private final List<FileSummary> files = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> notes = new ArrayList<>();

  ScanReport(TextScanner text) {
    this.text = text;
  }

  /** Records one occurrence; {@code rawValue} is masked here and not kept. */
  void add(String host, String path, Category category, String rawValue, String file, int line) {
    Key key = new Key(host, safePath(path), category);
    Row row = rows.computeIfAbsent(key, Row::new);
    row.count++;
    if (row.example == null || row.example.equals(category.placeholder())) {
      row.example = Masks.mask(category, rawValue);
    }
    row.files.computeIfAbsent(file, f -> new FileHits(line)).count++;
  }

  /**
   * Records what detection found in one value: the whole value under the category its name
   * implies (its span of that category, when there is one, makes the cleaner example) and each
   * span of another taxonomy group. Spans of the name's own group are the same datum (a JWT under
   * {@code token} is a secret, as docs/taxonomy.md says); other groups are news (an e-mail
   * address used as a {@code userId}).
   */
  void addValue(String host, String path, Category byName, String value, List<Span> spans, String file, int line) {
    if (byName != null) {
      String example = value;
      for (Span s : spans) {
        if (s.category() == byName) {
          example = value.substring(s.start(), s.end());
          break;
        }
      }
      add(host, path, byName, example, file, line);
    }
    for (Span s : spans) {
      if (byName == null || !s.category().group().equals(byName.group())) {
        add(host, path, s.category(), value.substring(s.start(), s.end()), file, line);
      }
    }
  }

  /**
   * A JSON key, header, cookie or parameter name fit to print: personal data in it replaced by
   * placeholders. Paths are built from these; {@link #add} scans the whole path once more.
   */
  String safeKey(String key) {
    return safe(key);
  }

  private String safePath(String path) {
    return safe(path);
  }

  private String safe(String s) {
    return safePaths.computeIfAbsent(s, p -> Redaction.redact(p, text.scan(p, ScanHints.NONE)));
  }

  FileSummary startFile(String file) {
    FileSummary s = new FileSummary(file);
    files.add(s);
    return s;
  }

  void problem(Problem p) {
    problems.add(p);
  }

  void note(Problem p) {
    notes.add(p);
  }

  /** Rows by count (descending), then host, path and category. */
  List<Row> rows() {
    List<Row> out = new ArrayList<>(rows.values());
    out.sort(
        Comparator.comparingInt((Row r) -> -r.count)
            .thenComparing(r -> r.key.host)
            .thenComparing(r -> r.key.path)
            .thenComparing(r -> r.key.category));
    return out;
  }

  List<FileSummary> files() {
    return files;
  }

  List<Problem> problems() {
    return problems;
  }

  List<Problem> notes() {
    return notes;
  }

  boolean anyFileFailed() {
    return files.stream().anyMatch(f -> f.failed);
  }

  int findings() {
    return rows.values().stream().mapToInt(r -> r.count).sum();
  }

  /** Occurrences per category, restricted to {@code categories}; empty when none was found. */
  Map<Category, Integer> countsOf(Set<Category> categories) {
    Map<Category, Integer> out = new EnumMap<>(Category.class);
    for (Row r : rows.values()) {
      if (categories.contains(r.key.category)) {
        out.merge(r.key.category, r.count, Integer::sum);
      }
    }
    return out;
  }
}
