package dev.sluice.server.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.BadInputException;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.store.FileOutbox;
import dev.sluice.server.store.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incident mode on a stopped data directory: a crash after any step of {@code open} or {@code
 * close} (simulated by throwing from the step's checkpoint) and a re-run end in exactly the state
 * of an uninterrupted run: one rotation, one audit record, reports written, vendor held.
 */
class IncidentsCrashTest {
  @TempDir Path dir;
  private SluiceConfig config;
  private MasterKey master;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  /** Stands for the process dying at a step. */
  static final class Crash extends RuntimeException {
    Crash(String step) {
      super("crash after " + step);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(dir.resolve("hook.secret"), "whsec_0123456789abcdef");
    Files.writeString(dir.resolve("sluice.yaml"), """
        storage: { dataDir: ./data }
        sources:
          - name: app
            writeKeys: [ wk_app ]
        vendors:
          - name: acme
            breachNotificationHours: 48
        destinations:
          - name: hook
            type: webhook
            vendor: acme
            options: { url: "https://example.org/in", secret: { file: hook.secret } }
            contract: { userId: pseudonymize }
          - name: other
            type: webhook
            options: { url: "https://example.org/in2", secret: { file: hook.secret } }
            contract: { userId: pseudonymize }
        """);
    config = ConfigLoader.load(dir.resolve("sluice.yaml"), Map.of());
    master = MasterKey.generate();
    Files.createDirectories(dir.resolve("data"));
  }

  /** One offline session on the data directory, as {@code sluice incident} runs it. */
  private <T> T session(Consumer<String> checkpoint, Session<T> body) throws Exception {
    Path data = dir.resolve("data");
    KeyStore keys = KeyStore.open(data, master);
    try (FileOutbox outbox = FileOutbox.open(data.resolve("outbox"), keys.outboxAead(), 1 << 20)) {
      Incidents incidents = new Incidents(data, config, keys, outbox, () -> null, null,
          Incidents.DeliveryControl.OFFLINE, clock, checkpoint);
      return body.run(incidents, keys, outbox);
    }
  }

  interface Session<T> {
    T run(Incidents incidents, KeyStore keys, FileOutbox outbox) throws Exception;
  }

  private static Consumer<String> crashAt(String step) {
    return s -> {
      if (s.equals(step)) {
        throw new Crash(s);
      }
    };
  }

  private java.util.Set<String> held() throws Exception {
    return session(s -> {}, (inc, keys, outbox) -> inc.held());
  }

  private List<String> audit() throws Exception {
    Path f = dir.resolve("data/audit.log");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  private void queue(FileOutbox outbox, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      outbox.append(List.of(new OutboxEntry("hook", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"written-ahead", "held", "discarded", "rotated", "reported", "audited"})
  void aCrashDuringOpenIsFinishedByRunningItAgain(String step) throws Exception {
    session(s -> {}, (inc, keys, outbox) -> {
      keys.pseudonymizer("hook");
      queue(outbox, 3);
      return null;
    });
    assertThatThrownBy(() -> session(crashAt(step),
        (inc, keys, outbox) -> inc.open("acme", "leaked API token", true, null, "cli alice")))
        .isInstanceOf(Crash.class);
    // The record was written ahead: the vendor is held from here on, whatever else is missing.
    assertThat(held()).containsExactly("hook");

    Incidents.Result r = session(s -> {}, (inc, keys, outbox) -> inc.open("acme", "leaked API token", true, null, "test"));
    assertThat(r.status()).isEqualTo("open");
    assertThat(r.report().epochs().get("hook")).isEqualTo(new dev.sluice.core.risk.ImpactReport.Epochs(1, 2));
    session(s -> {}, (inc, keys, outbox) -> {
      assertThat(keys.epochs("hook")).containsExactly(1, 2);
      assertThat(keys.epochs("other")).isEmpty();
      assertThat(outbox.depth("hook")).isZero();
      return null;
    });
    assertThat(audit()).hasSize(1);
    assertThat(audit().get(0)).contains("\"action\":\"incident.open\"", "\"discarded\":3", "\"from\":1,\"to\":2");
    // The re-run finishes what was asked first, and the audit log names who asked it.
    assertThat(audit().get(0)).contains("\"by\":\"cli alice\"");
    assertThat(r.reportMarkdown()).exists();
    assertThat(Files.readString(r.reportJson())).contains("\"notificationDeadline\" : \"2026-11-28T12:00:00Z\"");

    // Open again: refused, and nothing changes.
    assertThatThrownBy(() -> session(s -> {}, (inc, keys, outbox) -> inc.open("acme", "again", false, null, "test")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("already under incident");
    assertThat(audit()).hasSize(1);
  }

  @Test
  void aServerStartFinishesAnInterruptedOpening() throws Exception {
    assertThatThrownBy(() -> session(crashAt("held"),
        (inc, keys, outbox) -> inc.open("acme", "phishing of an admin", false, null, "test")))
        .isInstanceOf(Crash.class);
    assertThat(this.<java.util.Set<String>>session(s -> {}, (inc, keys, outbox) -> inc.recover())).containsExactly("hook");
    session(s -> {}, (inc, keys, outbox) -> {
      assertThat(keys.epochs("hook")).containsExactly(1, 2);
      assertThat(inc.current("acme").orElseThrow().status()).isEqualTo("open");
      return null;
    });
    assertThat(audit()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"closing-written", "resumed", "close-audited"})
  void aCrashDuringCloseIsFinishedByRunningItAgain(String step) throws Exception {
    session(s -> {}, (inc, keys, outbox) -> inc.open("hook", "test", false, null, "test")); // by destination name
    assertThatThrownBy(() -> session(crashAt(step), (inc, keys, outbox) -> inc.close("acme", "admin token carol")))
        .isInstanceOf(Crash.class);
    Incidents.Result r = session(s -> {}, (inc, keys, outbox) -> inc.close("acme", "test"));
    assertThat(r.status()).isEqualTo("closed");
    assertThat(held()).isEmpty();
    assertThat(audit()).hasSize(2);
    assertThat(audit().get(1)).contains("\"action\":\"incident.close\"", "\"hook\":2", "\"by\":\"admin token carol\"");
    assertThat(dir.resolve("data/incidents/closed/" + r.id() + ".json")).exists();
    assertThatThrownBy(() -> session(s -> {}, (inc, keys, outbox) -> inc.close("acme", "test")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("not under incident");
  }

  @Test
  void badRequestsChangeNothing() throws Exception {
    assertThatThrownBy(() -> session(s -> {}, (inc, keys, outbox) -> inc.open("acmee", "x", false, null, "test")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("unknown vendor 'acmee'");
    assertThatThrownBy(() -> session(s -> {}, (inc, keys, outbox) -> inc.open("acme", " ", false, null, "test")))
        .isInstanceOf(BadInputException.class).hasMessageContaining("needs a reason");
    assertThat(audit()).isEmpty();
    try (var files = Files.list(dir.resolve("data/incidents"))) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(this.<java.util.SortedSet<Integer>>session(s -> {}, (inc, keys, outbox) -> keys.epochs("hook"))).isEmpty();
  }
}
