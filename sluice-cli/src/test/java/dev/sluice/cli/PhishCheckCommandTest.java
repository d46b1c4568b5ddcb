package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice phish-check} flags look-alike vendor domains and quoted vendor-held data. */
class PhishCheckCommandTest {
  @TempDir Path dir;

  @Test
  void flagsLookAlikesAndQuotedPseudonymsWithExitCode3() throws Exception {
    Path cfg = RiskCommandTest.config(dir, "vendors: [ { name: acme, domains: [ acme-analytics.com ] } ]");
    Path mail = dir.resolve("mail.eml");
    Files.writeString(mail, """
        From: Security <security@acme-analytlcs.com>
        Subject: Your workspace was accessed

        We saw unusual activity for user ps1_2_AbCdEfGhIjKlMnOpQrStUv.
        Confirm at https://xn--cme-analytics-v1k.com/login or read https://acme-analytics.com/status
        """);
    CliRun r = CliRun.sluice("phish-check", "-c", cfg, mail);
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.out())
        .contains("look-alike domain acme-analytlcs.com imitates acme-analytics.com (vendor acme)")
        .contains("look-alike domain xn--cme-analytics-v1k.com imitates acme-analytics.com")
        .contains("quotes Sluice pseudonym ps1_2_AbCdEfGhIjKlMnOpQrStUv (epoch 2)")
        .doesNotContain("look-alike domain acme-analytics.com");

    CliRun clean = CliRun.sluice("phish-check", "-c", cfg, "Monthly report at https://acme-analytics.com/r");
    assertThat(clean.code()).isZero();
    assertThat(clean.out()).contains("nothing found");
  }
}
