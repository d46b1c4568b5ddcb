package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.bench.accuracy.Counts;
import dev.sluice.bench.accuracy.DataSets;
import dev.sluice.bench.accuracy.PresidioEvaluation;
import dev.sluice.bench.accuracy.VectorEvaluation;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.TextScanner;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Floors on the shared development data sets (Presidio sentences, validator vectors, secretlint
 * fixtures). Skipped, not failed, where {@code ../shared/data} is not present beside the repository.
 */
class PresidioAccuracyTest {
  private static DataSets data;
  private static TextScanner scanner;

  @BeforeAll
  static void locate() {
    data = new DataSets(Repo.root().resolve("../shared/data").normalize());
    scanner = new TextScanner();
  }

  private static void needData() {
    assumeTrue(Files.isDirectory(data.dir()), "shared data sets not present at " + data.dir());
    data.check();
  }

  @Test
  void presidio() {
    needData();
    PresidioEvaluation.Result r = PresidioEvaluation.run(data.json(DataSets.PRESIDIO), scanner);
    for (Category c : List.of(Category.EMAIL, Category.US_SSN, Category.IP_ADDRESS, Category.IBAN)) {
      assertThat(r.counts.get(c).recall()).as(c.code()).isGreaterThanOrEqualTo(0.97);
    }
    for (Category c : List.of(Category.EMAIL, Category.US_SSN, Category.IP_ADDRESS, Category.IBAN,
        Category.PAYMENT_CARD, Category.PHONE)) {
      assertThat(r.counts.get(c).precision()).as(c.code() + " precision").isGreaterThanOrEqualTo(0.95);
    }
    int[] cards = r.valid.get(Category.PAYMENT_CARD);
    assertThat((double) cards[1] / cards[0]).as("valid cards").isGreaterThanOrEqualTo(0.96);
    int[] phones = r.valid.get(Category.PHONE);
    assertThat((double) phones[1] / phones[0]).as("valid phones").isGreaterThanOrEqualTo(0.95);
    // Faker's numbers often fail libphonenumber (US area codes starting with 9, wrong lengths)
    assertThat(r.counts.get(Category.PHONE).recall()).as("all phones").isGreaterThanOrEqualTo(0.80);
    // many of Presidio's names (Finnish, Hungarian, Icelandic, ...) are in no list: context rules
    // (repeated mentions, lists, speakers, quotations) find part of them
    assertThat(r.counts.get(Category.PERSON_NAME).recall()).as("names").isGreaterThanOrEqualTo(0.84);
    assertThat(r.counts.get(Category.PERSON_NAME).precision()).as("names").isGreaterThanOrEqualTo(0.98);
    // whole addresses: a piece of a labelled address would count as a false positive
    assertThat(r.counts.get(Category.STREET_ADDRESS).recall()).as("addresses").isGreaterThanOrEqualTo(0.83);
    assertThat(r.counts.get(Category.STREET_ADDRESS).precision()).as("addresses").isGreaterThanOrEqualTo(0.95);
    assertThat(r.precisionWithout(Category.STREET_ADDRESS)).isGreaterThanOrEqualTo(0.98);
    assertThat(r.overall().precision()).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void validatorVectorsAndSecrets() {
    needData();
    for (VectorEvaluation.VectorResult v : VectorEvaluation.validators(data, scanner)) {
      Counts c = v.counts;
      double floor = v.category == Category.IP_ADDRESS ? 0.90 : 1.0; // loopback/unspecified are not flagged
      assertThat(c.recall()).as(v.file).isGreaterThanOrEqualTo(floor);
      if (v.category == Category.PAYMENT_CARD) {
        assertThat(c.fp).as(v.file + " invalid flagged").isZero();
      }
    }
    VectorEvaluation.SecretResult s = VectorEvaluation.secrets(data, scanner);
    assertThat(s.counts.recall()).isEqualTo(1.0);
    assertThat(s.counts.fp).as("flagged negative lines: %s", s.flagged).isZero();
  }
}
