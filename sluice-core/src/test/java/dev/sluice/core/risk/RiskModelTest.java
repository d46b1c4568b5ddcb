package dev.sluice.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The risk model on a fixed registry and ledger: the rendered reports equal the golden files in
 * src/test/resources/risk (run with {@code -Dsluice.golden.update=true} to rewrite them after an
 * intended model change, then review the diff), and changing one input changes one explanation.
 */
class RiskModelTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
  private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  private static LedgerEntry row(String dest, String path, String category, Outcome o, long values) {
    return new LedgerEntry("web", dest, path, category, o, values, values, T, T);
  }

  private static final Vendor MIXPANEL = new Vendor(
      "mixpanel", "Mixpanel, Inc.", List.of("mixpanel.com"), List.of("US"), List.of("Google Cloud"),
      List.of(new Vendor.Certification("ISO 27001", LocalDate.of(2026, 3, 1)),
          new Vendor.Certification("SOC 2 Type II", LocalDate.of(2027, 6, 30))),
      LocalDate.of(2024, 5, 10), 72, Vendor.Mfa.SMS, 1825,
      new Vendor.AccessReview(LocalDate.of(2026, 1, 15), Vendor.ReviewOutcome.FINDINGS),
      List.of("https://mixpanel.com/legal/security"));

  private static final Vendor WAREHOUSE = new Vendor(
      "warehouse", "Example Warehouse GmbH", List.of("warehouse.example"), List.of("EU"), List.of(),
      List.of(new Vendor.Certification("ISO 27001", LocalDate.of(2027, 9, 1))),
      LocalDate.of(2025, 2, 1), 24, Vendor.Mfa.PHISHING_RESISTANT, 90,
      new Vendor.AccessReview(LocalDate.of(2026, 9, 1), Vendor.ReviewOutcome.PASSED),
      List.of("https://warehouse.example/trust"));

  private static List<LedgerEntry> ledger() {
    return List.of(
        row("mixpanel", FlowLedger.EVENT_PATH, "none", Outcome.SENT, 5000),
        row("mixpanel", "properties.email", "email", Outcome.SENT, 1200),
        row("mixpanel", "traits.email", "email", Outcome.HASHED, 300),
        row("mixpanel", "userId", "online_id", Outcome.PSEUDONYMIZED, 5000),
        row("mixpanel", "context.ip", "ip", Outcome.GENERALIZED, 5000),
        row("mixpanel", "properties.phone", "phone", Outcome.BLOCKED_BY_CONTRACT, 40),
        row("warehouse", FlowLedger.EVENT_PATH, "none", Outcome.SENT, 8000),
        row("warehouse", "userId", "online_id", Outcome.PSEUDONYMIZED, 8000),
        row("warehouse", "properties.plan", "none", Outcome.SENT, 8000),
        row("warehouse", "context.userAgent", "user_agent", Outcome.GENERALIZED, 8000));
  }

  private static RiskReport report(Vendor mixpanel, List<LedgerEntry> ledger) {
    List<VendorRisk> all = new ArrayList<>();
    all.add(RiskModel.score(mixpanel, true, List.of("mixpanel"),
        Exposure.of(ledger.stream().filter(e -> e.destination().equals("mixpanel")).toList(), 4200), TODAY));
    all.add(RiskModel.score(WAREHOUSE, true, List.of("warehouse"),
        Exposure.of(ledger.stream().filter(e -> e.destination().equals("warehouse")).toList(), 150_000), TODAY));
    all.add(RiskModel.score(Vendor.unknown("webhook"), false, List.of("webhook"), Exposure.NONE, TODAY));
    return new RiskReport(TODAY, null, all);
  }

  @ParameterizedTest
  @ValueSource(strings = {"table.txt", "report.md", "report.json"})
  void reportsMatchTheGoldenFiles(String name) throws IOException {
    RiskReport r = report(MIXPANEL, ledger());
    String actual = switch (name) {
      case "table.txt" -> r.table();
      case "report.md" -> r.markdown();
      default -> r.json();
    };
    Path golden = Path.of("src/test/resources/risk", name);
    if (Boolean.getBoolean("sluice.golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  @Test
  void theRiskiestVendorComesFirst() {
    RiskReport r = report(MIXPANEL, ledger());
    assertThat(r.vendors()).extracting(VendorRisk::vendor).containsExactly("mixpanel", "webhook", "warehouse");
    assertThat(r.vendors().get(0).score()).isGreaterThan(r.vendors().get(1).score());
  }

  @Test
  void stoppingRawEmailsRemovesThatLineAndItsPoints() {
    VendorRisk before = report(MIXPANEL, ledger()).vendors().get(0);
    List<LedgerEntry> changed = new ArrayList<>(ledger());
    changed.set(1, row("mixpanel", "properties.email", "email", Outcome.BLOCKED_BY_CONTRACT, 1200));
    VendorRisk after = report(MIXPANEL, changed).vendors().stream()
        .filter(v -> v.vendor().equals("mixpanel")).findFirst().orElseThrow();
    assertThat(before.factors()).contains(new Factor(30, "receives email raw (1,200 values in 1 field)"));
    assertThat(after.factors()).doesNotContain(new Factor(30, "receives email raw (1,200 values in 1 field)"));
    assertThat(after.score()).isEqualTo(before.score() - 30);
  }

  @Test
  void movingToPhishingResistantMfaChangesTheMfaLine() {
    Vendor fido = new Vendor(MIXPANEL.name(), MIXPANEL.legalName(), MIXPANEL.domains(), MIXPANEL.regions(),
        MIXPANEL.subProcessors(), MIXPANEL.certifications(), MIXPANEL.dpaSigned(), MIXPANEL.breachNotificationHours(),
        Vendor.Mfa.PHISHING_RESISTANT, MIXPANEL.retentionDays(), MIXPANEL.accessReview(), MIXPANEL.evidence());
    VendorRisk before = RiskModel.score(MIXPANEL, true, List.of("mixpanel"), Exposure.NONE, TODAY);
    VendorRisk after = RiskModel.score(fido, true, List.of("mixpanel"), Exposure.NONE, TODAY);
    assertThat(before.factors()).contains(new Factor(15, "SMS-based MFA (phishable, SIM-swappable)"));
    assertThat(after.factors()).contains(new Factor(-10, "phishing-resistant MFA"))
        .doesNotContain(new Factor(15, "SMS-based MFA (phishable, SIM-swappable)"));
    assertThat(after.score()).isEqualTo(before.score() - 25);
  }

  @Test
  void aCertificationExpiresWithTheClock() {
    VendorRisk early = RiskModel.score(WAREHOUSE, true, List.of("w"), Exposure.NONE, LocalDate.of(2027, 1, 1));
    VendorRisk late = RiskModel.score(WAREHOUSE, true, List.of("w"), Exposure.NONE, LocalDate.of(2027, 9, 2));
    assertThat(early.factors()).contains(new Factor(-5, "certification ISO 27001 valid until 2027-09-01"));
    assertThat(late.factors()).contains(new Factor(10, "certification ISO 27001 expired 2027-09-01"));
  }

  @Test
  void unknownEvidenceIsARiskNotAPass() {
    VendorRisk unknown = RiskModel.score(Vendor.unknown("x"), false, List.of("x"), Exposure.NONE, TODAY);
    VendorRisk good = RiskModel.score(WAREHOUSE, true, List.of("x"), Exposure.NONE, TODAY);
    assertThat(unknown.trust()).isGreaterThan(50);
    assertThat(good.trust()).isLessThan(0);
    assertThat(unknown.factors()).extracting(Factor::reason)
        .contains("no signed DPA on file", "MFA policy unknown", "breach-notification window unknown");
  }
}
