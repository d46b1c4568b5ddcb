package dev.sluice.cli.bom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.CategoryConverter;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomDiff;
import dev.sluice.core.bom.BomJson;
import dev.sluice.core.bom.Since;
import dev.sluice.core.detect.Category;
import dev.sluice.core.event.Json;
import dev.sluice.server.admin.LedgerBom;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.ledger.SqliteLedgerStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bom}: the data bill of materials, from a running server's admin API or offline from
 * the data directory, as a table, JSON, Markdown or CycloneDX; {@code --diff OLD NEW} compares two
 * JSON BOMs and {@code --fail-on-new} makes that a CI gate. Exit codes: 0 ok, 1 error, 3 gate.
 */
@Command(
    name = "bom",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = BomCommand.EXIT_ERROR,
    description =
        "Print the data bill of materials: per destination, the fields and data categories it"
            + " received, how each was protected, counts and distinct subjects, and where the"
            + " contract and the traffic disagree.",
    footer = {
      "%nRead from a running server (--server URL, token from --token-env, default"
          + " SLUICE_ADMIN_TOKEN) or offline (--config sluice.yaml reads <dataDir>/ledger.db).",
      "Compare two BOMs written with --format json: sluice bom --diff OLD.json NEW.json [--fail-on-new email,phone]",
      "%nExit codes: 0 ok; 1 an error (unreadable file, unreachable server, refused token, bad option);"
          + " 3 --fail-on-new: one of the categories newly reaches a destination, or newly reaches it raw.",
      "%nMore: docs/bom.md."
    })
public final class BomCommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_ERROR = 1;
  static final int EXIT_GATE = 3;
  static final String DEFAULT_TOKEN_ENV = "SLUICE_ADMIN_TOKEN";

  enum Format {
    TABLE,
    JSON,
    MARKDOWN,
    CYCLONEDX
  }

  static final class Source {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Read offline: sluice.yaml and its data directory's ledger.")
    Path config;

    @Option(names = "--server", paramLabel = "URL", description = "Read a running server's admin API, e.g. http://127.0.0.1:8081.")
    String server;

    @Option(names = "--diff", arity = "2", paramLabel = "FILE", description = "Compare two BOMs written with --format json: OLD NEW.")
    List<Path> diff;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--token-env", paramLabel = "VAR", description = "With --server: the environment variable holding the admin token (default ${DEFAULT-VALUE}).", defaultValue = DEFAULT_TOKEN_ENV)
  String tokenEnv;

  @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a file holding the admin token (instead of --token-env).")
  Path tokenFile;

  @Option(names = "--since", paramLabel = "WHEN", description = "Start of the window: 24h, 7d, 2026-11-25 or 2026-11-25T10:00:00Z (default: everything).")
  String since;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
      description = "table (default), json, markdown or cyclonedx (CycloneDX 1.6 JSON). With --diff: table, json or markdown.")
  Format format;

  @Option(names = "--fail-on-new", split = ",", paramLabel = "CATEGORY", converter = CategoryConverter.class,
      description = "With --diff: exit 3 when one of these categories newly reaches a destination (or newly raw), e.g. email,phone.")
  List<Category> failOnNew = new ArrayList<>();

  @Spec CommandSpec spec;

  /** The environment the token is read from; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (source.diff != null) {
      return diff(out, err);
    }
    if (!failOnNew.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--fail-on-new needs --diff OLD.json NEW.json");
    }
    Bom bom = source.server != null ? fromServer() : fromDataDirectory();
    switch (format) {
      case TABLE -> BomText.table(bom, out);
      case MARKDOWN -> BomText.markdown(bom, out);
      case JSON -> out.println(BomJson.write(bom).toPrettyString());
      case CYCLONEDX -> BomCycloneDx.write(bom, out);
    }
    out.flush();
    return EXIT_OK;
  }

  private Bom fromServer() throws IOException {
    String token;
    if (tokenFile != null) {
      token = readToken(tokenFile);
    } else {
      token = env.get(tokenEnv);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            "no admin token: set " + tokenEnv + " (or pass --token-env VAR or --token-file FILE)");
      }
      token = token.strip();
    }
    JsonNode json = new AdminClient(source.server, token).bom(since == null ? null : since.strip());
    return BomJson.read(json);
  }

  private static String readToken(Path file) throws IOException {
    try {
      String t = Files.readString(file).strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + file + " is empty");
      }
      return t;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--token-file " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException("--token-file " + file + " cannot be read: permission denied");
    }
  }

  private Bom fromDataDirectory() throws IOException {
    SluiceConfig config = ConfigLoader.load(source.config, System.getenv());
    Instant now = Clock.systemUTC().instant();
    Instant from = Since.parse(since, now);
    try (SqliteLedgerStore store = SqliteLedgerStore.openForReading(config.storage().dataDir())) {
      return LedgerBom.read(store, LedgerBom.declared(config, Map.of()), from, now);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private int diff(PrintWriter out, PrintWriter err) throws IOException {
    if (format == Format.CYCLONEDX) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--diff prints table, json or markdown, not cyclonedx");
    }
    Bom older = readBom(source.diff.get(0));
    Bom newer = readBom(source.diff.get(1));
    BomDiff diff = BomDiff.between(older, newer);
    switch (format) {
      case JSON -> DiffText.json(diff, out);
      case MARKDOWN -> DiffText.markdown(diff, out);
      default -> DiffText.table(diff, out);
    }
    out.flush();
    List<BomDiff.Change> gate = diff.newlyFlowing(failOnNew.stream().map(Category::code).toList());
    if (gate.isEmpty()) {
      return EXIT_OK;
    }
    StringJoiner what = new StringJoiner("; ");
    gate.forEach(c -> what.add(DiffText.describe(c)));
    err.println("sluice bom: --fail-on-new: " + what);
    err.flush();
    return EXIT_GATE;
  }

  private static Bom readBom(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": cannot be read (permission denied)");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not JSON; --diff reads BOMs written with sluice bom --format json");
    }
    if (json != null && json.has("bomFormat")) {
      throw new IllegalArgumentException(
          file + ": a CycloneDX document; --diff reads BOMs written with sluice bom --format json");
    }
    try {
      return BomJson.read(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("unknown format '" + value + "': use table, json, markdown or cyclonedx");
      }
    }
  }
}
