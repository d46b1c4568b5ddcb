package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ledger.HyperLogLog;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.ledger.SubjectSketch;
import dev.sluice.core.policy.Outcome;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger store: what is flushed is added up, survives reopening, and a bad file never stops it. */
class LedgerStoreTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:34:56Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  static LedgerEntry entry(String destination, String path, Outcome outcome, long events, long values, Instant first, Instant last) {
    return new LedgerEntry("web", destination, path, "none", outcome, events, values, first, last);
  }

  static SubjectSketch sketch(String destination, LocalDate day, int from, int to) {
    HyperLogLog h = new HyperLogLog();
    for (int i = from; i < to; i++) {
      h.add("ps1_1_subject" + i);
    }
    return new SubjectSketch(destination, day, h.registers());
  }

  @Test
  void flushesAddUpAndSurviveReopening() throws Exception {
    LocalDate day = LocalDate.of(2026, 11, 25);
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      assertThat(store.movedAside()).isNull();
      assertThat(store.load()).isEmpty();
      store.flush(
          new LedgerSnapshot(
              List.of(
                  entry("mixpanel", "properties.plan", Outcome.SENT, 2, 2, T0, T0.plusSeconds(10)),
                  entry("mixpanel", "userId", Outcome.PSEUDONYMIZED, 2, 2, T0, T0.plusSeconds(10)),
                  entry("ga4", "properties.plan", Outcome.BLOCKED_BY_CONTRACT, 1, 1, T0, T0)),
              List.of(sketch("mixpanel", day, 0, 600))));
      store.flush(
          new LedgerSnapshot(
              List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 3, 5, T0.minusSeconds(5), T0.plusSeconds(20))),
              List.of(sketch("mixpanel", day, 400, 1000), sketch("mixpanel", day.plusDays(1), 900, 1200))));
    }
    assertThat(Files.getPosixFilePermissions(dir.resolve("ledger.db"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      List<LedgerEntry> all = store.load();
      assertThat(all).hasSize(3).isSortedAccordingTo(LedgerEntry.ORDER);
      LedgerEntry plan = all.stream().filter(e -> e.destination().equals("mixpanel") && e.path().equals("properties.plan")).findFirst().orElseThrow();
      assertThat(plan.events()).isEqualTo(5);
      assertThat(plan.values()).isEqualTo(7);
      assertThat(plan.firstSeen()).isEqualTo(T0.minusSeconds(5));
      assertThat(plan.lastSeen()).isEqualTo(T0.plusSeconds(20));

      assertThat(store.entries("ga4", null)).extracting(LedgerEntry::outcome).containsExactly(Outcome.BLOCKED_BY_CONTRACT);
      assertThat(store.entries(null, T0.plusSeconds(15))).extracting(LedgerEntry::path).containsExactly("properties.plan");
      assertThat(store.entries("nobody", null)).isEmpty();

      // Day sketches merge per register: the union, not the sum.
      assertThat(store.subjects("mixpanel", day, day)).isBetween(990L, 1010L);
      assertThat(store.subjects("mixpanel", day, day.plusDays(1))).isBetween(1190L, 1210L);
      assertThat(store.subjects("mixpanel", day.plusDays(1), day.plusDays(1))).isBetween(297L, 303L);
      assertThat(store.subjects("ga4", day, day)).isZero();
    }
  }

  @Test
  void aWindowCountsOnlyWhatFlowedInItsDays() throws Exception {
    Instant dayOne = Instant.parse("2026-11-20T09:00:00Z");
    Instant dayTwo = Instant.parse("2026-11-24T09:00:00Z");
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 100, 100, dayOne, dayOne)), List.of()));
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 7, 9, dayTwo, dayTwo)), List.of()));
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "userId", Outcome.PSEUDONYMIZED, 3, 3, dayOne, dayOne)), List.of()));

      assertThat(store.entries("mixpanel", null)).extracting(LedgerEntry::events).containsExactly(107L, 3L);
      List<LedgerEntry> window = store.entries("mixpanel", Instant.parse("2026-11-23T00:00:00Z"));
      assertThat(window).hasSize(1);
      assertThat(window.get(0).events()).isEqualTo(7);
      assertThat(window.get(0).values()).isEqualTo(9);
      assertThat(window.get(0).firstSeen()).isEqualTo(dayTwo);
      // Counted to the UTC day; a row not seen since the window's start is left out.
      assertThat(store.entries(null, dayTwo.minusSeconds(3600))).extracting(LedgerEntry::events).containsExactly(7L);
      assertThat(store.entries(null, dayTwo.plusSeconds(1))).isEmpty();
    }
  }

  @Test
  void usesWriteAheadLogging() throws Exception {
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.file());
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
  }

  /**
   * A crash in the middle of a flush leaves a torn last frame in the write-ahead log: SQLite's
   * frame checksums stop recovery there, so every earlier flush is kept and the torn one (never
   * reported as written) is dropped, without moving the file aside. The in-memory counts of that
   * flush die with the process anyway; this proves the file is never worse than its last flush.
   */
  @Test
  void aTornWriteAheadLogTailKeepsEveryEarlierFlush() throws Exception {
    Path crashed = Files.createDirectory(dir.resolve("crashed"));
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 2, 2, T0, T0)), List.of()));
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 3, 3, T0, T0)), List.of()));
      // The image a SIGKILL leaves: the database and its log as they are while the store is open.
      Path wal = dir.resolve("ledger.db-wal");
      assertThat(wal).exists();
      Files.copy(dir.resolve("ledger.db"), crashed.resolve("ledger.db"));
      byte[] log = Files.readAllBytes(wal);
      assertThat(log.length).isGreaterThan(4096);
      Files.write(crashed.resolve("ledger.db-wal"), java.util.Arrays.copyOf(log, log.length - 100));
    }
    try (SqliteLedgerStore store = SqliteLedgerStore.open(crashed, CLOCK)) {
      assertThat(store.movedAside()).isNull();
      assertThat(store.load()).singleElement().satisfies(e -> assertThat(e.events()).isEqualTo(2));
      store.flush(new LedgerSnapshot(List.of(entry("mixpanel", "properties.plan", Outcome.SENT, 1, 1, T0, T0)), List.of()));
      assertThat(store.load()).singleElement().satisfies(e -> assertThat(e.events()).isEqualTo(3));
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsMovedAsideAndAFreshLedgerWorks() throws Exception {
    Files.writeString(dir.resolve("ledger.db"), "this is not a database, it is a sentence repeated. ".repeat(200));
    assertFreshLedgerAfterMovingAside("this is not a database");
  }

  @Test
  void aDatabaseWithDamagedPagesIsMovedAside() throws Exception {
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      List<LedgerEntry> many = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        many.add(entry("vendor", "properties.field_name_number_" + (char) ('a' + i % 26) + "_" + Integer.toString(i, 36), Outcome.SENT, 1, 1, T0, T0));
      }
      store.flush(new LedgerSnapshot(many, List.of()));
    }
    Path db = dir.resolve("ledger.db");
    long size = Files.size(db);
    assertThat(size).isGreaterThan(8 * 4096);
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      byte[] junk = new byte[4096 * 3];
      java.util.Arrays.fill(junk, (byte) 0x5A);
      f.seek(4096 * 2); // keep the header page: SQLite opens the file and must find the damage itself
      f.write(junk);
    }
    assertFreshLedgerAfterMovingAside(null);
  }

  @Test
  void aDatabaseWithAnotherSchemaIsMovedAside() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE something_else (x INTEGER)");
      st.execute("INSERT INTO something_else VALUES (42)");
    }
    assertFreshLedgerAfterMovingAside(null);
  }

  private void assertFreshLedgerAfterMovingAside(String originalText) throws Exception {
    try (SqliteLedgerStore store = SqliteLedgerStore.open(dir, CLOCK)) {
      Path aside = store.movedAside();
      assertThat(aside).isNotNull();
      assertThat(aside.getFileName().toString()).isEqualTo("ledger.db.corrupt-20261125T123456Z");
      assertThat(aside).exists();
      if (originalText != null) {
        assertThat(Files.readString(aside, StandardCharsets.UTF_8)).startsWith(originalText);
      }
      assertThat(store.load()).isEmpty();
      store.flush(new LedgerSnapshot(List.of(entry("vendor", "properties.plan", Outcome.SENT, 1, 1, T0, T0)), List.of()));
      assertThat(store.load()).hasSize(1);
    }
    try (SqliteLedgerStore again = SqliteLedgerStore.open(dir, CLOCK)) {
      assertThat(again.movedAside()).as("the fresh file is healthy").isNull();
      assertThat(again.load()).hasSize(1);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("corrupt"))).allMatch(n -> n.startsWith("ledger.db.corrupt-20261125T123456Z"));
    }
  }
}
