package dev.sluice.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanCommandTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return M.readTree(out);
    }

    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Runs {@code sluice ARGS} through {@link Main#run}, capturing stdout and stderr. */
  private Run sluice(Object... args) {
    dev.sluice.cli.CliRun r = dev.sluice.cli.CliRun.sluice(args);
    return new Run(r.code(), r.out(), r.err());
  }

  private static List<JsonNode> findings(JsonNode report) {
    return StreamSupport.stream(report.get("findings").spliterator(), false).toList();
  }

  private static JsonNode finding(JsonNode report, String host, String path, String category) {
    return findings(report).stream()
        .filter(f -> f.get("host").asText().equals(host) && f.get("path").asText().equals(path)
            && f.get("category").asText().equals(category))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + category + " at " + host + " " + path + " in " + report.toPrettyString()));
  }

  @Test
  void jsonlEventsAreReportedPerPathAndCategoryWithMaskedExamples() throws Exception {
    Path events = ScanFixtures.jsonl(dir, "events.jsonl");

    Run run = sluice("scan", "--format", "json", events);

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode r = run.json();
    assertThat(finding(r, "-", "properties.email", "email").get("example").asText()).isEqualTo("m***@***.org");
    assertThat(finding(r, "-", "context.page.url", "email").get("example").asText()).isEqualTo("j***@***.net");
    assertThat(finding(r, "-", "properties.note", "phone").get("example").asText()).isEqualTo("+44 *** *** **58");
    assertThat(finding(r, "-", "properties.note", "card").get("example").asText()).isEqualTo("**** **** **** 1111");
    assertThat(finding(r, "-", "properties.comment", "jwt").get("example").asText()).isEqualTo("[jwt]");
    // a key that is itself an e-mail address is redacted in the path
    assertThat(finding(r, "-", "traits.[email]", "phone").get("count").asInt()).isEqualTo(1);
    // where: the JSONL line of the event
    JsonNode loc = finding(r, "-", "properties.comment", "jwt").get("locations").get(0);
    assertThat(loc.get("file").asText()).isEqualTo(events.toString());
    assertThat(loc.get("line").asInt()).isEqualTo(2);
    // analytics ids that are not personal data stay out
    assertThat(findings(r)).noneMatch(f -> f.get("path").asText().startsWith("properties.order_id")
        || f.get("path").asText().equals("properties.total"));
  }

  @Test
  void theTableIsAlignedAndSortedByCount() throws Exception {
    Path a = ScanFixtures.jsonl(dir, "a.jsonl");
    Path b = ScanFixtures.jsonl(dir, "b.jsonl");

    Run run = sluice("scan", a, b);

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    String header = lines.get(0);
    assertThat(header).startsWith("HOST").contains("PATH", "CATEGORY", "COUNT", "EXAMPLE", "FIRST SEEN");
    int categoryColumn = header.indexOf("CATEGORY");
    List<String> rows = lines.subList(1, lines.indexOf(""));
    assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.charAt(categoryColumn - 1)).isEqualTo(' '));
    assertThat(rows).anySatisfy(row -> assertThat(row).matches(
        "-\\s+properties\\.email\\s+email\\s+2\\s+m\\*\\*\\*@\\*\\*\\*\\.org\\s+.*a\\.jsonl:1 \\(\\+1 file\\)"));
    List<Integer> counts = new ArrayList<>();
    for (String row : rows) {
      counts.add(Integer.parseInt(row.substring(header.indexOf("COUNT"), header.indexOf("EXAMPLE")).strip()));
    }
    assertThat(counts).isSortedAccordingTo((x, y) -> y - x);
    assertThat(lines.get(lines.size() - 1)).startsWith("12 findings in 6 groups (2 files: 6 events)");
  }

  @Test
  void harThirdPartyRequestsAreReportedByHostAndFirstPartyOnesAreNot() throws Exception {
    Path har = ScanFixtures.har(dir);

    Run run = sluice("scan", "--format", "json", har);

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode r = run.json();
    assertThat(finding(r, "collect.tracker.example", "url.query.email", "email").get("example").asText())
        .isEqualTo("l***@***.com");
    assertThat(finding(r, "collect.tracker.example", "header.referer.query.token", "secret").get("example").asText())
        .isEqualTo("[secret]");
    assertThat(finding(r, "collect.tracker.example", "header.cookie.session_token", "secret")).isNotNull();
    assertThat(finding(r, "api.segment.example", "body.batch.traits.iban", "iban").get("example").asText())
        .isEqualTo("DE** **** **** **** **30 00");
    // api.shop.example is the page's own site (www.shop.example): not reported
    assertThat(findings(r)).noneMatch(f -> f.get("host").asText().endsWith("shop.example"));
    // the User-Agent every browser sends is not a finding
    assertThat(findings(r)).noneMatch(f -> f.get("path").asText().startsWith("header.user-agent"));
    // the location is the line the HAR entry starts on
    JsonNode loc = finding(r, "collect.tracker.example", "url.query.email", "email").get("locations").get(0);
    assertThat(loc.get("line").asInt()).isEqualTo(ScanFixtures.entryLine(har, 2));
    JsonNode file = r.get("files").get(0);
    assertThat(file.get("kind").asText()).isEqualTo("har");
    assertThat(file.get("records").asInt()).isEqualTo(2);
    assertThat(file.get("skippedFirstParty").asInt()).isEqualTo(1);
  }

  @Test
  void allHostsIncludesFirstPartyRequests() throws Exception {
    Path har = ScanFixtures.har(dir);

    Run run = sluice("scan", "--all-hosts", "--format", "json", har);

    assertThat(run.code()).isZero();
    assertThat(finding(run.json(), "api.shop.example", "url.query.email", "email").get("example").asText())
        .isEqualTo("f***@***.com");
  }

  @Test
  void aBrokenLineIsReportedWithItsNumberAndEverythingElseIsStillScanned() throws Exception {
    Path broken = ScanFixtures.brokenJsonl(dir);
    Path good = ScanFixtures.jsonl(dir, "good.jsonl");

    Run run = sluice("scan", "--format", "json", broken, good);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("sluice scan: " + broken + ":2: invalid JSON at column 42: syntax error");
    JsonNode r = run.json();
    // line 1 and 3 of the broken file, and the other file, were scanned
    JsonNode email = finding(r, "-", "properties.email", "email");
    assertThat(email.get("count").asInt()).isEqualTo(2);
    assertThat(finding(r, "-", "properties.comment", "jwt").get("locations").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(r.get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(r.get("files").get(0).get("ok").asBoolean()).isFalse();
    assertThat(r.get("files").get(1).get("ok").asBoolean()).isTrue();
  }

  @Test
  void filesThatAreNotEventsOrHarsOrMissingGetOneClearLineEach() throws Exception {
    Path pkg = ScanFixtures.write(dir.resolve("package.json"), "{\"name\": \"web\", \"version\": \"1.0.0\"}\n");
    Path fakeHar = ScanFixtures.write(dir.resolve("fake.har"), "{\"log\": {\"version\": \"1.2\"}}\n");
    Path notJson = ScanFixtures.write(dir.resolve("notes.json"), "{\n  \"a\": 1,\n  oops\n}\n");
    Path missing = dir.resolve("missing.jsonl");
    Path good = ScanFixtures.jsonl(dir, "good.jsonl");

    Run run = sluice("scan", pkg, fakeHar, notJson, missing, good);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(
        "sluice scan: " + pkg + ": neither events nor a HAR: a JSON object without log.entries (HAR) or event"
            + " fields (type, event, userId, anonymousId, properties, traits, ...)",
        "sluice scan: " + fakeHar + ": not a HAR: log.entries is missing or not an array",
        "sluice scan: " + notJson + ":3: invalid JSON at column 3: syntax error",
        "sluice scan: " + missing + ": no such file");
    assertThat(run.out()).contains("properties.email").contains("4 files with errors");
  }

  @Test
  void jsonArraysReportTheLineEachEventStartsOn() throws Exception {
    Path array = ScanFixtures.array(dir);

    Run run = sluice("scan", "--format", "json", array);

    assertThat(run.code()).isZero();
    int line = finding(run.json(), "-", "properties.comment", "jwt").get("locations").get(0).get("line").asInt();
    List<String> text = java.nio.file.Files.readAllLines(array);
    assertThat(text.get(line - 1)).contains("{");
    assertThat(text.get(line)).contains("\"type\" : \"track\"");
    assertThat(text.get(line + 1)).contains("\"event\" : \"Debug\"");
  }

  @Test
  void failOnExitsWithThreeWhenTheCategoryIsFound() throws Exception {
    Path events = ScanFixtures.jsonl(dir, "events.jsonl");

    Run gate = sluice("scan", "--fail-on", "email,secret", events);
    Run clean = sluice("scan", "--fail-on", "iban,ssn", events);

    assertThat(gate.code()).isEqualTo(3);
    assertThat(gate.err()).contains("--fail-on: found email (2)");
    assertThat(clean.code()).isZero();
  }

  @Test
  void theGateTakesPrecedenceOverFileErrors() throws Exception {
    Run run = sluice("scan", "--fail-on", "email", ScanFixtures.brokenJsonl(dir), dir.resolve("missing.har"));

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("missing.har: no such file").contains("--fail-on: found email");
  }

  @Test
  void usageErrorsExitWithOne() throws Exception {
    Path events = ScanFixtures.jsonl(dir, "events.jsonl");

    Run badCategory = sluice("scan", "--fail-on", "emails", events);
    Run badFormat = sluice("scan", "--format", "xml", events);
    Run noFile = sluice("scan");

    assertThat(badCategory.code()).isEqualTo(1);
    assertThat(badCategory.err()).contains("unknown category 'emails': use one of email, phone,");
    assertThat(badFormat.code()).isEqualTo(1);
    assertThat(badFormat.err()).contains("unknown format 'xml'");
    assertThat(noFile.code()).isEqualTo(1);
  }

  @Test
  void sarifIsValidSarif210() throws Exception {
    Path events = ScanFixtures.jsonl(dir, "events.jsonl");
    Path har = ScanFixtures.har(dir);

    Run run = sluice("scan", "--format", "sarif", events, har, dir.resolve("missing.jsonl"));

    assertThat(run.code()).isEqualTo(1);
    JsonNode sarif = run.json();
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
    assertThat(sarif.get("runs")).hasSize(1);
    JsonNode run0 = sarif.get("runs").get(0);
    JsonNode driver = run0.get("tool").get("driver");
    assertThat(driver.get("name").asText()).isEqualTo("sluice");
    List<String> ruleIds = StreamSupport.stream(driver.get("rules").spliterator(), false).map(n -> n.get("id").asText()).toList();
    assertThat(ruleIds).contains("email", "phone", "card", "iban", "ssn", "jwt", "secret");
    assertThat(driver.get("rules")).allSatisfy(rule -> assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank());

    JsonNode results = run0.get("results");
    assertThat(results).isNotEmpty().allSatisfy(res -> {
      assertThat(ruleIds).contains(res.get("ruleId").asText());
      assertThat(ruleIds.get(res.get("ruleIndex").asInt())).isEqualTo(res.get("ruleId").asText());
      assertThat(res.get("level").asText()).isIn("warning", "error");
      assertThat(res.get("message").get("text").asText()).isNotBlank();
      JsonNode physical = res.get("locations").get(0).get("physicalLocation");
      assertThat(physical.get("artifactLocation").get("uri").asText()).isNotBlank();
      assertThat(physical.get("region").get("startLine").asInt()).isPositive();
    });
    JsonNode card = result(results, "card");
    assertThat(card.get("level").asText()).isEqualTo("error");
    assertThat(card.get("message").get("text").asText()).contains("**** **** **** 1111");
    assertThat(card.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(1);
    assertThat(result(results, "email").get("level").asText()).isEqualTo("warning");
    JsonNode iban = result(results, "iban");
    assertThat(iban.get("level").asText()).isEqualTo("error");
    assertThat(iban.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt())
        .isEqualTo(ScanFixtures.entryLine(har, 3));
    JsonNode invocation = run0.get("invocations").get(0);
    assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
    assertThat(invocation.get("toolExecutionNotifications").get(0).get("message").get("text").asText())
        .endsWith("missing.jsonl: no such file");
  }

  private static JsonNode result(JsonNode results, String ruleId) {
    return StreamSupport.stream(results.spliterator(), false)
        .filter(r -> r.get("ruleId").asText().equals(ruleId))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "--format {0}")
  @ValueSource(strings = {"table", "json", "sarif"})
  void noOutputEverContainsAPlantedValue(String format) throws Exception {
    Path events = ScanFixtures.jsonl(dir, "events.jsonl");
    Path broken = ScanFixtures.brokenJsonl(dir);
    Path har = ScanFixtures.har(dir);

    Run run = sluice("scan", "--all-hosts", "--format", format, "--fail-on", "email", events, broken, har);

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.out()).contains("***");
    String all = run.out() + run.err();
    for (String raw : ScanFixtures.PLANTED) {
      assertThat(all).as("output must not contain %s", raw).doesNotContainIgnoringCase(raw);
    }
  }
}
