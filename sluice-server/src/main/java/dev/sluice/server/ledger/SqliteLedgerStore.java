package dev.sluice.server.ledger;

import dev.sluice.core.ledger.HyperLogLog;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.ledger.SubjectSketch;
import dev.sluice.core.policy.Outcome;
import dev.sluice.server.store.DurableFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link LedgerStore}: one SQLite database, {@code <data>/ledger.db}, in WAL mode
 * (flushes append to {@code ledger.db-wal}; readers never block the flusher).
 *
 * <p>Schema {@value #SCHEMA}: {@code flows} holds one row per ledger key with its totals and
 * first/last seen (epoch milliseconds); {@code subjects} one row per (destination, UTC day) with
 * the 16 KiB of HyperLogLog registers; {@code meta} names the schema.
 *
 * <p><b>An unreadable file</b> (SQLite reports corruption, or the file is not a database, or its
 * schema is not this one) is moved aside to {@code ledger.db.corrupt-<UTC time>} with its {@code
 * -wal}/{@code -shm} files, logged, and a fresh ledger is started: the ledger's history is worth
 * less than forwarding events. Other failures (permissions, a full disk) are thrown; the file may
 * be fine.
 */
public final class SqliteLedgerStore implements LedgerStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteLedgerStore.class);

  public static final String FILE = "ledger.db";
  static final String SCHEMA = "sluice-ledger/1";
  private static final DateTimeFormatter ASIDE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  private static final String UPSERT_FLOW =
      """
      INSERT INTO flows (source, destination, path, category, outcome, event_count, value_count, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, destination, path, category, outcome) DO UPDATE SET
        event_count = event_count + excluded.event_count,
        value_count = value_count + excluded.value_count,
        first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen)
      """;
  private static final String UPSERT_DAILY =
      """
      INSERT INTO flows_daily (day, source, destination, path, category, outcome, event_count, value_count, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (day, source, destination, path, category, outcome) DO UPDATE SET
        event_count = event_count + excluded.event_count,
        value_count = value_count + excluded.value_count,
        first_seen = min(first_seen, excluded.first_seen),
        last_seen = max(last_seen, excluded.last_seen)
      """;
  private static final String CREATE_DAILY =
      """
      CREATE TABLE IF NOT EXISTS flows_daily (
        day TEXT NOT NULL,
        source TEXT NOT NULL, destination TEXT NOT NULL, path TEXT NOT NULL,
        category TEXT NOT NULL, outcome TEXT NOT NULL,
        event_count INTEGER NOT NULL, value_count INTEGER NOT NULL,
        first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
        PRIMARY KEY (day, source, destination, path, category, outcome)) WITHOUT ROWID""";
  /** Counts inside a window: the day rows from the window's first UTC day on, summed per key. */
  private static final String SELECT_WINDOW =
      """
      SELECT source, destination, path, category, outcome, sum(event_count), sum(value_count), min(first_seen), max(last_seen)
      FROM flows_daily WHERE day >= ?""";
  private static final String SELECT_FLOWS =
      "SELECT source, destination, path, category, outcome, event_count, value_count, first_seen, last_seen FROM flows";

  private final Path file;
  private final Connection db;
  private final Path movedAside;

  private SqliteLedgerStore(Path file, Connection db, Path movedAside) {
    this.file = file;
    this.db = db;
    this.movedAside = movedAside;
  }

  /**
   * Opens (creating) {@code <dataDir>/ledger.db}. An unreadable file is moved aside and a fresh
   * one started; see {@link #movedAside()}.
   *
   * @throws IOException when the database cannot be opened or created for another reason
   */
  public static SqliteLedgerStore open(Path dataDir, Clock clock) throws IOException {
    Path file = dataDir.resolve(FILE);
    try {
      return new SqliteLedgerStore(file, connect(file), null);
    } catch (Unreadable e) {
      Path aside = moveAside(file, clock);
      LOG.warn(
          "ledger: could not read {} ({}); moved it to {} and started a fresh ledger",
          file,
          e.getMessage(),
          aside.getFileName());
      try {
        return new SqliteLedgerStore(file, connect(file), aside);
      } catch (Unreadable again) {
        throw new IOException("a fresh ledger database is unreadable too: " + again.getMessage(), again);
      }
    }
  }

  /**
   * Opens an existing {@code <dataDir>/ledger.db} only to read it ({@code sluice bom} offline),
   * while a server may be writing it: never creates, repairs or moves the file.
   *
   * @throws IOException naming the file when it is missing, unreadable or not a Sluice ledger
   */
  public static SqliteLedgerStore openForReading(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no ledger at " + file + " (has Sluice run with this data directory?)");
    }
    Connection c;
    try {
      org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
      ro.setReadOnly(true);
      ro.setBusyTimeout(5000);
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), ro.toProperties());
    } catch (SQLException e) {
      throw ioFailure("cannot open " + file, e);
    }
    try {
      ensureSchema(c);
      return new SqliteLedgerStore(file, c, null);
    } catch (SQLException e) {
      closeQuietly(c);
      throw ioFailure("cannot read " + file, e);
    } catch (Unreadable e) {
      closeQuietly(c);
      throw new IOException(file + " is not a Sluice ledger: " + e.getMessage(), e);
    }
  }

  /** Where an unreadable ledger file was moved when this store was opened, or null. */
  public Path movedAside() {
    return movedAside;
  }

  public Path file() {
    return file;
  }

  // ------------------------------------------------------------------ opening

  /** The file is corrupt, not a database, or not ours. */
  static final class Unreadable extends Exception {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static Connection connect(Path file) throws IOException, Unreadable {
    createOwnerOnly(file);
    Connection c;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw classify(e, "cannot open " + file);
    }
    try {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 5000");
        try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
          String verdict = rs.next() ? rs.getString(1) : "no answer";
          if (!"ok".equals(verdict)) {
            throw new Unreadable("integrity check failed", null);
          }
        }
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
          rs.next();
        }
        // One fsync per flush, every few seconds: cheap, and a power cut loses no committed flush.
        st.execute("PRAGMA synchronous = FULL");
      }
      ensureSchema(c);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw classify(e, "cannot use " + file);
    } catch (Unreadable | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void ensureSchema(Connection c) throws SQLException, Unreadable {
    Set<String> tables = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    if (tables.isEmpty()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
        st.execute(
            """
            CREATE TABLE flows (
              source TEXT NOT NULL, destination TEXT NOT NULL, path TEXT NOT NULL,
              category TEXT NOT NULL, outcome TEXT NOT NULL,
              event_count INTEGER NOT NULL, value_count INTEGER NOT NULL,
              first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
              PRIMARY KEY (source, destination, path, category, outcome)) WITHOUT ROWID""");
        st.execute(
            """
            CREATE TABLE subjects (
              destination TEXT NOT NULL, day TEXT NOT NULL, registers BLOB NOT NULL,
              PRIMARY KEY (destination, day)) WITHOUT ROWID""");
        st.execute(CREATE_DAILY);
        st.execute("INSERT INTO meta (key, value) VALUES ('schema', '" + SCHEMA + "')");
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      return;
    }
    String schema = null;
    if (tables.contains("meta")) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
        schema = rs.next() ? rs.getString(1) : null;
      }
    }
    if (!SCHEMA.equals(schema) || !tables.contains("flows") || !tables.contains("subjects")) {
      throw new Unreadable("unknown schema " + (schema == null ? "(none)" : "'" + schema + "'"), null);
    }
    if (!tables.contains("flows_daily")) {
      // A file from before per-day rows: windows count from this start on; totals are unchanged.
      try (Statement st = c.createStatement()) {
        st.execute(CREATE_DAILY);
      }
    }
  }

  private static IOException ioFailure(String what, SQLException e) {
    return new IOException(what + ": " + e.getMessage(), e);
  }

  private static Unreadable unreadable(SQLException e) {
    return new Unreadable(e.getMessage(), e);
  }

  /** Throws {@link Unreadable} for corruption; returns an IOException for anything else. */
  private static IOException classify(SQLException e, String what) throws Unreadable {
    int code = e.getErrorCode() & 0xff;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
      throw unreadable(e);
    }
    return ioFailure(what, e);
  }

  private static void createOwnerOnly(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // created meanwhile: fine
    }
    DurableFiles.fsyncDirectory(file.toAbsolutePath().getParent());
  }

  private static Path moveAside(Path file, Clock clock) throws IOException {
    String base = file.getFileName() + ".corrupt-" + ASIDE_TIME.format(clock.instant());
    Path aside = file.resolveSibling(base);
    for (int n = 2; Files.exists(aside); n++) {
      aside = file.resolveSibling(base + "-" + n);
    }
    Files.move(file, aside);
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path side = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(side)) {
        Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
      }
    }
    DurableFiles.fsyncDirectory(file.toAbsolutePath().getParent());
    return aside;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("ledger: closing a connection failed", e);
    }
  }

  // ------------------------------------------------------------------ LedgerStore

  @Override
  public synchronized List<LedgerEntry> load() throws IOException {
    return entries(null, null);
  }

  @Override
  public synchronized void flush(LedgerSnapshot delta) throws IOException {
    if (delta.isEmpty()) {
      return;
    }
    try {
      db.setAutoCommit(false);
      try {
        try (PreparedStatement up = db.prepareStatement(UPSERT_FLOW)) {
          for (LedgerEntry e : delta.entries()) {
            up.setString(1, e.source());
            up.setString(2, e.destination());
            up.setString(3, e.path());
            up.setString(4, e.category());
            up.setString(5, e.outcome().name());
            up.setLong(6, e.events());
            up.setLong(7, e.values());
            up.setLong(8, e.firstSeen().toEpochMilli());
            up.setLong(9, e.lastSeen().toEpochMilli());
            up.addBatch();
          }
          up.executeBatch();
        }
        // The same delta under its UTC day: a flush covers seconds, so its counts belong to the
        // day its last event was seen in (at midnight, at most one flush interval lands late).
        try (PreparedStatement up = db.prepareStatement(UPSERT_DAILY)) {
          for (LedgerEntry e : delta.entries()) {
            up.setString(1, LocalDate.ofInstant(e.lastSeen(), ZoneOffset.UTC).toString());
            up.setString(2, e.source());
            up.setString(3, e.destination());
            up.setString(4, e.path());
            up.setString(5, e.category());
            up.setString(6, e.outcome().name());
            up.setLong(7, e.events());
            up.setLong(8, e.values());
            up.setLong(9, e.firstSeen().toEpochMilli());
            up.setLong(10, e.lastSeen().toEpochMilli());
            up.addBatch();
          }
          up.executeBatch();
        }
        for (SubjectSketch s : delta.subjects()) {
          HyperLogLog merged = HyperLogLog.of(s.registers());
          byte[] stored = storedRegisters(s.destination(), s.day().toString());
          if (stored != null) {
            merged.merge(stored);
          }
          try (PreparedStatement put =
              db.prepareStatement("INSERT OR REPLACE INTO subjects (destination, day, registers) VALUES (?, ?, ?)")) {
            put.setString(1, s.destination());
            put.setString(2, s.day().toString());
            put.setBytes(3, merged.registers());
            put.executeUpdate();
          }
        }
        db.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw ioFailure("ledger flush failed", e);
    }
  }

  private byte[] storedRegisters(String destination, String day) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT registers FROM subjects WHERE destination = ? AND day = ?")) {
      q.setString(1, destination);
      q.setString(2, day);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        byte[] r = rs.getBytes(1);
        return r != null && r.length == HyperLogLog.REGISTERS ? r : null;
      }
    }
  }

  @Override
  public synchronized List<LedgerEntry> entries(String destination, Instant since) throws IOException {
    StringBuilder sql = new StringBuilder(since == null ? SELECT_FLOWS : SELECT_WINDOW);
    List<Object> args = new ArrayList<>();
    if (since != null) {
      args.add(LocalDate.ofInstant(since, ZoneOffset.UTC).toString());
    }
    if (destination != null) {
      sql.append(since == null ? " WHERE" : " AND").append(" destination = ?");
      args.add(destination);
    }
    if (since != null) {
      sql.append(" GROUP BY source, destination, path, category, outcome HAVING max(last_seen) >= ?");
      args.add(since.toEpochMilli());
    }
    List<LedgerEntry> out = new ArrayList<>();
    try (PreparedStatement q = db.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        q.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Outcome outcome = outcome(rs.getString(5));
          if (outcome == null) {
            continue; // written by a newer version; kept in the file
          }
          out.add(
              new LedgerEntry(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  outcome,
                  rs.getLong(6),
                  rs.getLong(7),
                  Instant.ofEpochMilli(rs.getLong(8)),
                  Instant.ofEpochMilli(rs.getLong(9))));
        }
      }
    } catch (SQLException e) {
      throw ioFailure("reading the ledger failed", e);
    }
    out.sort(LedgerEntry.ORDER);
    return out;
  }

  private static Outcome outcome(String name) {
    try {
      return Outcome.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public synchronized long subjects(String destination, LocalDate fromDay, LocalDate toDay) throws IOException {
    HyperLogLog union = new HyperLogLog();
    try (PreparedStatement q =
        db.prepareStatement("SELECT registers FROM subjects WHERE destination = ? AND day >= ? AND day <= ?")) {
      q.setString(1, destination);
      q.setString(2, fromDay.toString());
      q.setString(3, toDay.toString());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          byte[] r = rs.getBytes(1);
          if (r != null && r.length == HyperLogLog.REGISTERS) {
            union.merge(r);
          }
        }
      }
    } catch (SQLException e) {
      throw ioFailure("reading the ledger failed", e);
    }
    return union.estimate();
  }

  @Override
  public synchronized List<SubjectSketch> sketches(LocalDate fromDay, LocalDate toDay) throws IOException {
    List<SubjectSketch> out = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement("SELECT destination, day, registers FROM subjects WHERE day >= ? AND day <= ? ORDER BY destination, day")) {
      q.setString(1, fromDay == null ? "0000-00-00" : fromDay.toString());
      q.setString(2, toDay == null ? "9999-99-99" : toDay.toString());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          byte[] r = rs.getBytes(3);
          LocalDate day = day(rs.getString(2));
          if (r != null && r.length == HyperLogLog.REGISTERS && day != null) {
            out.add(new SubjectSketch(rs.getString(1), day, r));
          }
        }
      }
    } catch (SQLException e) {
      throw ioFailure("reading the ledger failed", e);
    }
    return out;
  }

  private static LocalDate day(String s) {
    try {
      return LocalDate.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null; // not written by Sluice; skipped like unknown outcomes
    }
  }

  private void rollbackQuietly() {
    try {
      db.rollback();
    } catch (SQLException e) {
      LOG.debug("ledger: rollback failed", e);
    }
  }

  /** Checkpoints the write-ahead log into the database file, then closes it. */
  @Override
  public synchronized void close() throws IOException {
    try {
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        LOG.warn("ledger: checkpoint on close failed ({}); the next start recovers the log", e.getMessage());
      }
      db.close();
    } catch (SQLException e) {
      throw ioFailure("closing the ledger failed", e);
    }
  }
}
