package dev.sluice.cli.scan;

import dev.sluice.cli.CategoryConverter;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.TextScanner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice scan FILE...}: finds personal data in captured analytics traffic (event files and
 * browser HAR exports) and prints it per destination host, path and category, with a count and a
 * masked example. Never prints a value. Exit codes: 0 ok, 1 usage or input error, 3 {@code
 * --fail-on} gate failed (3 wins over 1: the data found is the finding that matters).
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ScanCommand.EXIT_ERROR,
    description =
        "Find personal data in captured analytics traffic: JSONL events, JSON arrays of events, a"
            + " single event, or HAR files (requests to third-party hosts only). Prints each finding"
            + " per destination host, path and category with a count and a masked example, never a"
            + " value.",
    footer = {
      "%nExit codes: 0 ok; 1 usage error, or a file or record that could not be scanned; 3 a"
          + " --fail-on category was found (3 takes precedence over 1).",
      "%nCategories: email, phone, name, address, geo, ip, mac, card, iban, ssn, dob, jwt, secret,"
          + " online_id, device_id, user_agent (docs/taxonomy.md). More: docs/scan.md."
    })
public final class ScanCommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_ERROR = 1;
  static final int EXIT_GATE = 3;

  enum Format {
    TABLE(TableFormat::write),
    JSON(JsonFormat::write),
    SARIF(SarifFormat::write);

    final BiConsumer<ScanReport, PrintWriter> writer;

    Format(BiConsumer<ScanReport, PrintWriter> writer) {
      this.writer = writer;
    }
  }

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to scan (.jsonl, .json, .har).")
  List<Path> files;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      description = "table (default), json or sarif (SARIF 2.1.0).")
  Format format;

  @Option(
      names = "--fail-on",
      split = ",",
      paramLabel = "CATEGORY",
      converter = CategoryConverter.class,
      description = "Exit with 3 when any of these categories is found, e.g. email,secret,card.")
  List<Category> failOn = new ArrayList<>();

  @Option(names = "--all-hosts", description = "HAR files: scan requests to the page's own site too.")
  boolean allHosts;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TextScanner text = new TextScanner();
    ScanReport report = new ScanReport(text);
    FileScanner scanner = new FileScanner(text, report, allHosts);
    for (Path f : files) {
      scanner.scan(f);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    report.problems().forEach(p -> err.println("sluice scan: " + p));
    report.notes().forEach(p -> err.println("sluice scan: note: " + p));
    format.writer.accept(report, out);
    out.flush();

    Map<Category, Integer> gate = report.countsOf(failOn.isEmpty() ? EnumSet.noneOf(Category.class) : EnumSet.copyOf(failOn));
    int code = report.anyFileFailed() ? EXIT_ERROR : EXIT_OK;
    if (!gate.isEmpty()) {
      StringJoiner found = new StringJoiner(", ");
      gate.forEach((c, n) -> found.add(c.code() + " (" + n + ")"));
      err.println("sluice scan: --fail-on: found " + found);
      code = EXIT_GATE;
    }
    err.flush();
    return code;
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("unknown format '" + value + "': use table, json or sarif");
      }
    }
  }
}
