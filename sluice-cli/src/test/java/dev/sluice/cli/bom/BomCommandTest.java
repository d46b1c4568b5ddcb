package dev.sluice.cli.bom;

import dev.sluice.cli.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomJson;
import dev.sluice.core.event.Json;
import dev.sluice.server.TestGateway;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice bom} against a real gateway, online and offline, in every format, and its diff gate. */
class BomCommandTest {
  static final String TOKEN = "adm_cli_test_5e1d0c9b8a7f6e5d";
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: keep
      properties.plan: keep
      properties.coupon: keep
      traits.email: sha256
      context.ip: { generalize: ip-prefix }
      """;
  static final String ADMIN =
      """
      admin:
        tokens:
          - { name: cli, token: { file: ./admin.token }, scopes: [ read ] }
      """;
  /** Before: only pseudonymised user ids and a plan. */
  static final String PLAIN = "{\"userId\":\"u-%d\",\"event\":\"E\",\"properties\":{\"plan\":\"pro\"}}";
  /** After: a raw anonymous id and a hashed email start flowing. */
  static final String WIDER =
      "{\"userId\":\"u-%d\",\"anonymousId\":\"anon-%d\",\"event\":\"E\",\"properties\":{\"plan\":\"pro\"},"
          + "\"traits\":{\"email\":\"jane.roe@example.com\"},\"context\":{\"ip\":\"203.0.113.9\"}}";

  @TempDir Path dir;
  TestGateway gw;
  Path tokenFile;

  static CliRun sluice(Object... args) {
    return CliRun.sluice(args);
  }

  @BeforeEach
  void start() throws Exception {
    Path gwDir = Files.createDirectories(dir.resolve("gw"));
    Files.writeString(gwDir.resolve("admin.token"), TOKEN);
    gw = TestGateway.start(gwDir, CONTRACT.indent(4), ADMIN);
    tokenFile = gwDir.resolve("admin.token");
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  String server() {
    return "http://127.0.0.1:" + gw.server().adminPort();
  }

  void send(String template, int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      assertThat(gw.post("/v1/track", template.formatted(i, i)).statusCode()).isEqualTo(200);
    }
    gw.awaitReceived(to);
  }

  @Test
  void theTableListsRawDataFirstThenEachDestinationsFields() throws Exception {
    send(WIDER, 1, 3);
    CliRun r = sluice("bom", "--server", server(), "--token-file", tokenFile, "--since", "24h");

    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out).startsWith("DATA BILL OF MATERIALS");
    assertThat(out.indexOf("== Personal data sent raw")).isLessThan(out.indexOf("== hook (webhook"));
    assertThat(out).containsPattern("hook\\s+online_id\\s+anonymousId\\s+3");
    assertThat(out).containsPattern("! anonymousId\\s+online_id\\s+raw\\s+3");
    assertThat(out).containsPattern("context\\.ip\\s+ip\\s+generalized \\(ip-prefix\\)\\s+3");
    assertThat(out).contains("3 events sent, ~3 distinct subjects, from web (3)");
    assertThat(out).contains("Allowed by the contract but not seen in the window:").contains("properties.coupon (keep,");
    assertThat(out).containsPattern("traits\\.email\\s+email\\s+hashed\\s+3");
    assertThat(out + r.err()).doesNotContain(TOKEN, "anon-1", "203.0.113.9", "jane.roe");
  }

  @Test
  void offlineJsonFromTheDataDirectoryMatchesTheServersBom() throws Exception {
    send(WIDER, 1, 2);
    assertThat(gw.server().ledgerFlusher().flushNow()).isTrue();
    CliRun offline = sluice("bom", "--config", gw.dir.resolve("sluice.yaml"), "--format", "json");
    CliRun online = sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "json");

    assertThat(offline.code()).as(offline.err()).isZero();
    Bom a = BomJson.read(offline.json());
    Bom b = BomJson.read(online.json());
    assertThat(a.destination("hook").fields()).isEqualTo(b.destination("hook").fields());
    assertThat(a.destination("hook").subjects()).isEqualTo(2L);
    assertThat(a.rawFlows()).isEqualTo(b.rawFlows());
  }

  @Test
  void markdownHasHeadingsAndTables() throws Exception {
    send(WIDER, 1, 1);
    CliRun r = sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "markdown");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("# Data bill of materials");
    assertThat(r.out()).contains("## Personal data sent raw\n\n| destination | category | paths | values |\n|---|---|---|---|\n| hook | online_id | anonymousId | 1 |");
    assertThat(r.out()).contains("| ! anonymousId | online_id | raw | 1 |");
    assertThat(r.out()).contains("- `properties.coupon` (keep,");
  }

  @Test
  void cycloneDxIsValidAgainstTheOfficial16SchemaWithAServicePerDestination() throws Exception {
    send(WIDER, 1, 2);
    CliRun r = sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "cyclonedx");
    assertThat(r.code()).as(r.err()).isZero();

    List<ParseException> problems = new JsonParser().validate(r.out().getBytes(StandardCharsets.UTF_8), Version.VERSION_16);
    assertThat(problems).isEmpty();
    JsonNode cdx = r.json();
    assertThat(cdx.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(cdx.get("specVersion").asText()).isEqualTo("1.6");
    JsonNode hook = cdx.at("/services/0");
    assertThat(hook.get("name").asText()).isEqualTo("hook");
    assertThat(hook.get("endpoints").get(0).asText()).isEqualTo(gw.vendor.baseUrl() + "/hook");
    assertThat(hook.get("trustZone").asText()).isEqualTo("internal"); // the fake vendor is on loopback
    List<String> outbound =
        StreamSupport.stream(hook.get("data").spliterator(), false)
            .peek(d -> assertThat(d.get("flow").asText()).isEqualTo("outbound"))
            .map(d -> d.get("classification").asText())
            .toList();
    assertThat(outbound).containsExactly("email", "ip", "online_id");
    assertThat(hook.get("properties")).anySatisfy(p -> {
      assertThat(p.get("name").asText()).isEqualTo("sluice:raw");
      assertThat(p.get("value").asText()).isEqualTo("online_id");
    });
  }

  @Test
  void theDiffShowsWhatStartedFlowingAndFailOnNewGatesIt() throws Exception {
    send(PLAIN, 1, 2);
    Path old = dir.resolve("old.json");
    Files.writeString(old, sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "json").out());
    send(WIDER, 3, 4);
    Path now = dir.resolve("new.json");
    Files.writeString(now, sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "json").out());

    CliRun diff = sluice("bom", "--diff", old, now);
    assertThat(diff.code()).as(diff.err()).isZero();
    List<String> lines = diff.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("+ hook now receives online_id RAW");
    assertThat(lines.get(1)).isEqualTo("+ hook now receives email");
    assertThat(lines).contains("+ hook new field anonymousId (online_id, raw)", "+ hook new field traits.email (email, hashed)");

    CliRun gate = sluice("bom", "--diff", old, now, "--fail-on-new", "phone,email");
    assertThat(gate.code()).isEqualTo(3);
    assertThat(gate.err()).contains("sluice bom: --fail-on-new: hook now receives email");

    assertThat(sluice("bom", "--diff", old, now, "--fail-on-new", "ip,phone").code()).isZero(); // ip flowed before
    assertThat(sluice("bom", "--diff", now, now, "--fail-on-new", "ip").out()).startsWith("no change");

    CliRun json = sluice("bom", "--diff", old, now, "--format", "json");
    assertThat(json.json().at("/changes/0/kind").asText()).isEqualTo("new_raw_category");
    assertThat(sluice("bom", "--diff", old, now, "--format", "markdown").out())
        .contains("- **started**: hook now receives online_id RAW");
  }

  @Test
  void badFilesFormatsAndOptionsGetOneClearLine() throws Exception {
    Path notJson = Files.writeString(dir.resolve("notes.txt"), "hello");
    Path cdx = dir.resolve("cdx.json");
    Files.writeString(cdx, sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "cyclonedx").out());
    Path wrongSchema = Files.writeString(dir.resolve("other.json"), "{\"schema\":\"sluice-bom/9\"}");

    assertError(sluice("bom", "--diff", dir.resolve("missing.json"), notJson), "missing.json: no such file");
    assertError(sluice("bom", "--diff", notJson, notJson), "notes.txt: not JSON; --diff reads BOMs written with sluice bom --format json");
    assertError(sluice("bom", "--diff", cdx, cdx), "cdx.json: a CycloneDX document; --diff reads BOMs");
    assertError(sluice("bom", "--diff", wrongSchema, wrongSchema), "other.json: not a Sluice BOM: schema is 'sluice-bom/9', expected 'sluice-bom/1'");
    assertError(sluice("bom", "--server", server(), "--token-file", tokenFile, "--format", "xml"), "unknown format 'xml': use table, json, markdown or cyclonedx");
    assertError(sluice("bom", "--diff", cdx, cdx, "--fail-on-new", "emails"), "unknown category 'emails'");
    assertError(sluice("bom", "--server", server(), "--token-file", tokenFile, "--fail-on-new", "email"), "--fail-on-new needs --diff");
    assertError(sluice("bom", "--config", gw.dir.resolve("sluice.yaml"), "--since", "last week"), "since 'last week' is not a time");
    assertError(sluice("bom"), "Missing required argument");
  }

  @Test
  void serverProblemsNameTheServerAndNeverTheToken() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.token"), TOKEN + "-wrong");
    CliRun refused = sluice("bom", "--server", server(), "--token-file", wrong);
    assertError(refused, "/admin/bom: the server refused the admin token (invalid_token: the admin token is not valid");
    assertThat(refused.out() + refused.err()).doesNotContain(TOKEN);

    assertError(sluice("bom", "--server", server(), "--token-env", "SLUICE_TEST_UNSET_VARIABLE_42"),
        "no admin token: set SLUICE_TEST_UNSET_VARIABLE_42");
    assertError(sluice("bom", "--server", server(), "--token-file", dir.resolve("nope.token")), "--token-file " + dir.resolve("nope.token") + " does not exist");
    assertError(sluice("bom", "--server", "ftp://example.org", "--token-file", tokenFile), "is not an http(s) URL");
    assertError(sluice("bom", "--server", server(), "--token-file", tokenFile, "--since", "yesterday"), "(bad_since: since 'yesterday' is not a time");

    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertError(sluice("bom", "--server", "http://127.0.0.1:" + closed, "--token-file", tokenFile),
        "cannot reach the Sluice admin API at http://127.0.0.1:" + closed);
  }

  @Test
  void offlineWithoutALedgerSaysWhereItLooked() throws Exception {
    Path cfg = dir.resolve("elsewhere/sluice.yaml");
    Files.createDirectories(cfg.getParent());
    Files.copy(gw.dir.resolve("hook.secret"), cfg.resolveSibling("hook.secret"));
    Files.copy(gw.dir.resolve("master.key"), cfg.resolveSibling("master.key"));
    Files.copy(gw.dir.resolve("admin.token"), cfg.resolveSibling("admin.token"));
    Files.writeString(cfg, Files.readString(gw.dir.resolve("sluice.yaml")));
    assertError(sluice("bom", "--config", cfg), "no ledger at " + cfg.resolveSibling("data").resolve("ledger.db"));
  }

  static void assertError(CliRun r, String message) {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err()).contains(message);
    assertThat(r.err()).doesNotContain("\tat ", "Exception:");
  }
}
