package dev.sluice.server.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample is one in N, bounded, encrypted, value-free, and forgotten after its retention. */
class ReceivedSamplesTest {
  @TempDir Path dir;

  private static OutboxEntry item(int i) {
    String json = "{\"type\":\"track\",\"event\":\"Order\",\"userId\":\"ps1_1_AAAAAAAAAAAAAAAAAAAAA" + (i % 10)
        + "\",\"properties\":{\"plan\":\"enterprise-gold-" + (i % 4) + "\"},\"context\":{\"ip\":\"DE\"}}";
    return new OutboxEntry("hook", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void keepsOneInNOfWhatTheVendorGotWithoutValues() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    KeyStore keys = KeyStore.open(dir, MasterKey.generate());
    ReceivedSamples s = new ReceivedSamples(dir, keys.outboxAead(), 10, 30, clock);
    List<OutboxEntry> items = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      items.add(item(i));
    }
    s.offer(items);
    List<java.util.Map<String, String>> read = s.read(List.of("hook"), null);
    assertThat(read).hasSize(40);
    assertThat(read.get(0).keySet()).containsExactly("context.ip", "properties.plan");
    // i = 10, 20, ...: plans 2, 0, 2, 0 ... so two classes of 20.
    dev.sluice.core.risk.KAnonymity k = dev.sluice.core.risk.KAnonymity.of(read);
    assertThat(k.classes()).isEqualTo(2);
    assertThat(k.k()).isEqualTo(20);
    try (Stream<Path> files = Files.walk(dir.resolve("samples"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("enterprise-gold", "ps1_", "plan");
      }
    }
    assertThat(s.read(List.of("hook"), LocalDate.of(2026, 11, 26))).isEmpty();
  }

  @Test
  void retentionForgetsOldDaysAndTheDailyCapHolds() throws Exception {
    KeyStore keys = KeyStore.open(dir, MasterKey.generate());
    Clock day1 = Clock.fixed(Instant.parse("2026-11-01T12:00:00Z"), ZoneOffset.UTC);
    new ReceivedSamples(dir, keys.outboxAead(), 1, 7, day1).offer(List.of(item(1), item(2)));
    Clock day10 = Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC);
    ReceivedSamples later = new ReceivedSamples(dir, keys.outboxAead(), 1, 7, day10);
    assertThat(later.read(List.of("hook"), null)).isEmpty(); // past retention: not read
    later.offer(List.of(item(3)));
    assertThat(Files.exists(dir.resolve("samples/hook/2026-11-01.bin"))).isFalse(); // and deleted
    assertThat(later.read(List.of("hook"), null)).hasSize(1);

    List<OutboxEntry> many = new ArrayList<>();
    for (int i = 0; i < ReceivedSamples.MAX_PER_DAY + 50; i++) {
      many.add(item(i));
    }
    later.offer(many);
    assertThat(later.read(List.of("hook"), null)).hasSize(ReceivedSamples.MAX_PER_DAY);
  }
}
