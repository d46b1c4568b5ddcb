package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.event.EventType;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CorpusTest {
  static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
  final SegmentDecoder decoder = new SegmentDecoder(SegmentLimits.DEFAULT, () -> "generated");

  @Test
  void sameSeedSameBytes() {
    Corpus a = Corpus.generate(7, 200);
    Corpus b = Corpus.generate(7, 200);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.single(i)).isEqualTo(b.single(i));
    }
    assertThat(a.batch(1)).isEqualTo(b.batch(1));
    assertThat(Corpus.generate(8, 200).single(0)).isNotEqualTo(a.single(0));
  }

  @Test
  void everyEventIsAcceptedSingleAndBatched() {
    Corpus c = Corpus.standard();
    for (int i = 0; i < c.size(); i++) {
      Decoded d = decoder.decode(c.type(i), c.single(i), RECEIVED, "198.51.100.1");
      assertThat(d.accepted()).hasSize(1);
      assertThat(d.accepted().get(0).type()).isEqualTo(c.type(i));
      assertThat(d.writeKey()).isEqualTo(Corpus.WRITE_KEY);
    }
    for (int b = 0; b < c.batchCount(); b++) {
      Decoded d = decoder.decode(null, c.batch(b), RECEIVED, "198.51.100.1");
      assertThat(d.rejected()).isEmpty();
      assertThat(d.accepted()).hasSize(Corpus.BATCH_SIZE);
      for (int k = 0; k < Corpus.BATCH_SIZE; k++) {
        assertThat(d.accepted().get(k).type()).isEqualTo(c.type(b * Corpus.BATCH_SIZE + k));
      }
    }
  }

  @Test
  void realisticShape() {
    Corpus c = Corpus.standard();
    assertThat(c.meanSingleBytes()).isBetween(800.0, 1500.0);
    int track = 0;
    for (int i = 0; i < c.size(); i++) {
      assertThat(c.single(i).length).isBetween(250, 3200);
      if (c.type(i) == EventType.TRACK) {
        track++;
      }
    }
    assertThat(track).isBetween(c.size() * 55 / 100, c.size() * 65 / 100);
  }
}
