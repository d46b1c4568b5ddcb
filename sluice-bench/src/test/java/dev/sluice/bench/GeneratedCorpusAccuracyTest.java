package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.bench.accuracy.Counts;
import dev.sluice.bench.accuracy.Distractor;
import dev.sluice.bench.accuracy.GeneratedEvaluation;
import dev.sluice.bench.accuracy.Kind;
import dev.sluice.bench.accuracy.LabelledCorpus;
import dev.sluice.bench.accuracy.Placement;
import dev.sluice.bench.accuracy.Tally;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Json;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated labelled corpus as a build gate: the floors below are what detection reaches today
 * (see docs/accuracy.md), a little under the measured values, so a detector change that loses
 * recall or adds false positives fails the build. Raise them when detection improves.
 */
class GeneratedCorpusAccuracyTest {
  private static LabelledCorpus corpus;
  private static Tally tally;

  @BeforeAll
  static void evaluate() {
    corpus = LabelledCorpus.standard();
    tally = GeneratedEvaluation.run(corpus, new EventScanner(new TextScanner()));
    System.out.print(AccuracyReport.summary(tally));
  }

  @Test
  void corpusIsLargeDeterministicAndAcceptedByTheReceiver() {
    assertThat(corpus.events()).hasSizeGreaterThanOrEqualTo(2_000);
    LabelledCorpus again = LabelledCorpus.generate(LabelledCorpus.DEFAULT_SEED, 50);
    for (int i = 0; i < 50; i++) {
      assertThat(Json.bytes(again.events().get(i).event().json()))
          .isEqualTo(Json.bytes(corpus.events().get(i).event().json()));
    }
    SegmentDecoder decoder = new SegmentDecoder(SegmentLimits.DEFAULT, () -> "generated");
    for (LabelledCorpus.LabelledEvent e : corpus.events()) {
      Decoded d = decoder.decode(e.event().type(), Json.bytes(e.event().json()), Instant.parse("2026-11-25T12:00:00Z"),
          "198.51.100.1");
      assertThat(d.accepted()).as("event %s", e.event().messageId()).hasSize(1);
    }
    int planted = tally.kinds.values().stream().mapToInt(k -> k.planted).sum();
    assertThat(planted).isGreaterThan(3_000);
    for (Kind k : Kind.values()) {
      assertThat(tally.kinds.get(k).planted).as(k.label()).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void structuredCategoriesRecall() {
    Map<Kind, Double> floors = Map.of(
        Kind.EMAIL, 0.995,
        Kind.PHONE, 0.99,
        Kind.CARD, 0.995,
        Kind.IBAN, 0.995,
        Kind.SSN, 0.995,
        Kind.JWT, 0.995,
        Kind.SECRET, 0.995,
        Kind.MAC, 0.99,
        Kind.GEO, 0.99);
    floors.forEach((k, floor) -> assertThat(tally.recall(k)).as(k.label()).isGreaterThanOrEqualTo(floor));
    assertThat(tally.recall(Kind.IPV4, Kind.IPV6)).as("IP").isGreaterThanOrEqualTo(0.995);
  }

  @Test
  void personNames() {
    assertThat(tally.recall(Kind.NAME, Placement.FREE_TEXT)).as("names in free text").isGreaterThanOrEqualTo(0.87);
    assertThat(tally.recall(Kind.NAME)).as("names anywhere").isGreaterThanOrEqualTo(0.89);
  }

  @Test
  void precision() {
    assertThat(tally.overall().precision()).isGreaterThanOrEqualTo(0.995);
    for (Map.Entry<Category, Counts> e : tally.byCategory().entrySet()) {
      if (e.getValue().tp + e.getValue().fp > 0) {
        assertThat(e.getValue().precision()).as(e.getKey().code()).isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  @Test
  void analyticsValuesAreNeverFlagged() {
    for (Distractor d : Distractor.values()) {
      Tally.DistractorStats s = tally.distractors.get(d);
      assertThat(s.planted).as(d.label()).isGreaterThan(400);
      assertThat(s.flagged).as(d.label() + ": " + s.examples).isZero();
    }
    assertThat(tally.cleanLeavesFlagged).as("leaves without personal data that got a span").isZero();
  }
}
