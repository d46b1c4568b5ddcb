package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.risk.Exposure;
import dev.sluice.core.risk.ImpactReport;
import dev.sluice.core.risk.KAnonymity;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.store.Batch;
import dev.sluice.server.store.DurableFiles;
import dev.sluice.server.store.Outbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Incident mode for a vendor: {@link #open} cuts it off and {@link #close} lets it back, the same
 * code whether the gateway runs (through the admin API, with a {@link DeliveryControl} over its
 * senders) or not ({@code sluice incident} on the stopped data directory).
 *
 * <p>Opening, in order: (1) the write-ahead {@link IncidentState} is written (fsync, atomic
 * rename): from then on the vendor is held, by the running senders and at every start; (2) its
 * senders are held; (3) with {@code discardQueue}, its queued items are discarded; (4) each of its
 * destinations' pseudonym keys is rotated to the epoch after the one recorded in step 1; (5) the
 * impact report is written; (6) the audit record is appended; (7) the record is marked open. Each
 * step is idempotent against the record (rotation goes to a fixed target epoch, the audit record is
 * looked up by incident id), so a crash anywhere after step 1 is finished by running {@code open}
 * again, {@code close}, or starting the server, which ends in the same state as an uninterrupted
 * run. A crash before step 1 changed nothing. Closing is written ahead the same way.
 */
public final class Incidents {
  /** What the running gateway does when a vendor is held or let go; offline, nothing. */
  public interface DeliveryControl {
    DeliveryControl OFFLINE = new DeliveryControl() {
      @Override
      public void hold(String destination) {}

      @Override
      public void resume(String destination) {}
    };

    /** Returns once nothing is being sent to the destination and nothing will be. */
    void hold(String destination);

    void resume(String destination);
  }

  /** An incident as reported to the operator. */
  public record Result(String id, String vendor, String status, List<String> destinations,
      Path reportMarkdown, Path reportJson, ImpactReport report) {}

  public static final String DIR = "incidents";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final SluiceConfig config;
  private final KeyStore keys;
  private final Outbox outbox;
  private final Supplier<LedgerStore> ledger;
  private final ReceivedSamples samples;
  private final DeliveryControl control;
  private final AuditLog audit;
  private final Clock clock;
  /** Called after each named step; tests throw from it to simulate a crash there. */
  private final Consumer<String> checkpoint;

  /** @param samples the re-identification sample (null: none) */
  public Incidents(Path dataDir, SluiceConfig config, KeyStore keys, Outbox outbox,
      Supplier<LedgerStore> ledger, ReceivedSamples samples, DeliveryControl control, Clock clock) throws IOException {
    this(dataDir, config, keys, outbox, ledger, samples, control, clock, step -> {});
  }

  Incidents(Path dataDir, SluiceConfig config, KeyStore keys, Outbox outbox, Supplier<LedgerStore> ledger,
      ReceivedSamples samples, DeliveryControl control, Clock clock, Consumer<String> checkpoint) throws IOException {
    this.samples = samples;
    this.dir = dataDir.resolve(DIR);
    this.config = config;
    this.keys = keys;
    this.outbox = outbox;
    this.ledger = ledger;
    this.control = control;
    this.audit = new AuditLog(dataDir, clock);
    this.clock = clock;
    this.checkpoint = checkpoint;
    DurableFiles.createDirectories(dir);
    DurableFiles.deleteStaleTemporaries(dir);
  }

  /**
   * Finishes every incident a crash left half-done; returns the destinations to hold. The server
   * calls this before its senders start.
   */
  public synchronized Set<String> recover() throws IOException {
    Set<String> held = new TreeSet<>();
    for (IncidentState s : states()) {
      switch (s.status()) {
        case OPENING -> completeOpen(s);
        case CLOSING -> completeClose(s);
        case OPEN -> s.destinations().forEach(control::hold);
      }
      if (s.status().holds()) {
        held.addAll(s.destinations());
      }
    }
    return held;
  }

  /** Destinations held by an incident (opening or open). */
  public synchronized Set<String> held() throws IOException {
    Set<String> out = new TreeSet<>();
    for (IncidentState s : states()) {
      if (s.status().holds()) {
        out.addAll(s.destinations());
      }
    }
    return out;
  }

  /**
   * Opens an incident for {@code vendorName} (a registry vendor, or a destination). Re-running it
   * on a vendor whose opening was interrupted finishes that opening (with its original reason).
   *
   * @param awareAt when we became aware of the breach (null: now)
   * @param by who asks, for the audit log: {@link #byToken} or {@link #byCli}
   * @throws BadInputException unknown vendor (400), already under incident (409), no reason (400)
   */
  public synchronized Result open(String vendorName, String reason, boolean discardQueue, Instant awareAt, String by)
      throws IOException {
    String vendor = vendor(vendorName);
    Optional<IncidentState> existing = state(vendor);
    if (existing.isPresent()) {
      IncidentState s = existing.get();
      switch (s.status()) {
        case OPEN -> throw new BadInputException(409, "incident_open",
            "vendor '" + vendor + "' is already under incident " + s.id() + " (opened " + s.openedAt() + ")");
        case CLOSING -> throw new BadInputException(409, "incident_closing",
            "incident " + s.id() + " of vendor '" + vendor + "' is being closed; run incident close again first");
        case OPENING -> {
          return completeOpen(s);
        }
      }
    }
    if (reason == null || reason.isBlank()) {
      throw BadInputException.badRequest("missing_reason", "an incident needs a reason (--reason)");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<String> dests = VendorExposures.destinationsByVendor(config).get(vendor);
    TreeMap<String, Integer> before = new TreeMap<>();
    for (String d : dests) {
      keys.pseudonymizer(d); // creates epoch 1 for a destination that never had a key
      before.put(d, keys.epochs(d).last());
    }
    IncidentState s = new IncidentState(vendor + "-" + ID_TIME.format(now), vendor, dests, reason.strip(), now,
        awareAt == null ? now : awareAt, discardQueue, IncidentState.Status.OPENING, before, -1, by, null);
    write(s);
    checkpoint.accept("written-ahead");
    return completeOpen(s);
  }

  /**
   * Closes the vendor's incident: delivery resumes, with pseudonyms of the new epoch for
   * everything minimised since the rotation. Items held in the queue keep the epoch they were
   * minimised with.
   *
   * @param by who asks, for the audit log: {@link #byToken} or {@link #byCli}
   * @throws BadInputException unknown vendor (400), no incident (409)
   */
  public synchronized Result close(String vendorName, String by) throws IOException {
    String vendor = vendor(vendorName);
    IncidentState s = state(vendor).orElseThrow(() -> new BadInputException(409, "no_incident",
        "vendor '" + vendor + "' is not under incident"));
    if (s.status() == IncidentState.Status.OPENING) {
      completeOpen(s);
      s = state(vendor).orElseThrow();
    }
    if (s.status() == IncidentState.Status.OPEN) {
      s = s.closing(by);
      write(s);
      checkpoint.accept("closing-written");
    }
    return completeClose(s);
  }

  /** The audit log's actor for a request through the admin API: the token's configured name. */
  public static String byToken(String tokenName) {
    return "admin token " + tokenName;
  }

  /** The audit log's actor for the CLI working on the data directory: the operating-system user. */
  public static String byCli() {
    return "cli " + System.getProperty("user.name", "unknown");
  }

  /** The vendor's current incident, if any. */
  public synchronized Optional<Result> current(String vendorName) throws IOException {
    String vendor = vendor(vendorName);
    Optional<IncidentState> s = state(vendor);
    return s.map(x -> result(x, null));
  }

  // ---- steps ----------------------------------------------------------------------------

  private Result completeOpen(IncidentState s) throws IOException {
    for (String d : s.destinations()) {
      control.hold(d);
    }
    checkpoint.accept("held");
    if (s.discardQueue() && s.discarded() < 0) {
      long n = 0;
      for (String d : s.destinations()) {
        n += discard(d);
      }
      s = s.withDiscarded(n);
      write(s);
      checkpoint.accept("discarded");
    }
    for (String d : s.destinations()) {
      int target = s.epochsBefore().get(d) + 1;
      while (keys.epochs(d).last() < target) {
        keys.rotate(d);
      }
    }
    checkpoint.accept("rotated");
    ImpactReport report = report(s);
    Path reports = dir.resolve(s.id());
    DurableFiles.createDirectories(reports);
    DurableFiles.writeAtomically(reports.resolve("impact.md"), report.markdown().getBytes(StandardCharsets.UTF_8));
    DurableFiles.writeAtomically(reports.resolve("impact.json"), report.json().getBytes(StandardCharsets.UTF_8));
    checkpoint.accept("reported");
    if (!audit.contains("incident.open", "incident", s.id())) {
      ObjectNode r = auditRecord(s);
      r.put("by", s.openedBy());
      r.put("reason", s.reason());
      r.put("awareAt", s.awareAt().toString());
      r.put("notificationDeadline", report.notificationDeadline().toString());
      ObjectNode epochs = r.putObject("epochs");
      for (String d : s.destinations()) {
        epochs.putObject(d).put("from", s.epochsBefore().get(d)).put("to", s.epochsBefore().get(d) + 1);
      }
      r.put("queue", s.discardQueue() ? "discarded" : "held");
      if (s.discardQueue()) {
        r.put("discarded", s.discarded());
      }
      audit.append("incident.open", r);
    }
    checkpoint.accept("audited");
    s = s.with(IncidentState.Status.OPEN);
    write(s);
    return result(s, report);
  }

  private Result completeClose(IncidentState s) throws IOException {
    for (String d : s.destinations()) {
      control.resume(d);
    }
    checkpoint.accept("resumed");
    if (!audit.contains("incident.close", "incident", s.id())) {
      ObjectNode r = auditRecord(s);
      r.put("by", s.closedBy());
      ObjectNode epochs = r.putObject("epochs");
      for (String d : s.destinations()) {
        epochs.put(d, keys.epochs(d).last());
      }
      audit.append("incident.close", r);
    }
    checkpoint.accept("close-audited");
    Path closed = dir.resolve("closed");
    DurableFiles.createDirectories(closed);
    DurableFiles.writeAtomically(closed.resolve(s.id() + ".json"), s.toJson());
    Files.deleteIfExists(stateFile(s.vendor()));
    DurableFiles.fsyncDirectory(dir);
    return new Result(s.id(), s.vendor(), "closed", s.destinations(), null, null, null);
  }

  private ObjectNode auditRecord(IncidentState s) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("incident", s.id());
    r.put("vendor", s.vendor());
    s.destinations().forEach(r.putArray("destinations")::add);
    return r;
  }

  /** Removes the items queued for the destination now; returns how many. */
  private long discard(String destination) {
    long left = outbox.depth(destination);
    long n = 0;
    while (left > 0) {
      Batch b = outbox.peek(destination, (int) Math.min(1000, left), Integer.MAX_VALUE);
      if (b.items().isEmpty()) {
        break;
      }
      outbox.commit(destination, b);
      left -= b.items().size();
      n += b.items().size();
    }
    return n;
  }

  private ImpactReport report(IncidentState s) throws IOException {
    LedgerStore store = ledger.get();
    LocalDate today = LocalDate.ofInstant(s.openedAt(), ZoneOffset.UTC);
    Exposure exposure = VendorExposures.exposure(store, s.destinations(), null, today);
    Instant start = null;
    if (store != null) {
      for (String d : s.destinations()) {
        for (LedgerEntry e : store.entries(d, null)) {
          if (Exposure.leaves(e.outcome()) && (start == null || e.firstSeen().isBefore(start))) {
            start = e.firstSeen();
          }
        }
      }
    }
    TreeMap<String, ImpactReport.Epochs> epochs = new TreeMap<>();
    long held = 0;
    for (String d : s.destinations()) {
      epochs.put(d, new ImpactReport.Epochs(s.epochsBefore().get(d), keys.epochs(d).last()));
      held += outbox.depth(d);
    }
    Integer promised = config.vendor(s.vendor()).map(v -> v.breachNotificationHours()).orElse(null);
    KAnonymity sample = samples == null ? KAnonymity.EMPTY : KAnonymity.of(samples.read(s.destinations(), null));
    return new ImpactReport(s.id(), s.vendor(), s.reason(), s.destinations(), start, s.openedAt(), s.awareAt(),
        exposure, epochs, promised, held, Math.max(0, s.discarded()), sample);
  }

  private Result result(IncidentState s, ImpactReport report) {
    Path reports = dir.resolve(s.id());
    return new Result(s.id(), s.vendor(), s.status().name().toLowerCase(java.util.Locale.ROOT), s.destinations(),
        reports.resolve("impact.md"), reports.resolve("impact.json"), report);
  }

  // ---- records --------------------------------------------------------------------------

  private String vendor(String name) {
    try {
      return VendorExposures.resolveVendor(config, name);
    } catch (IllegalArgumentException e) {
      throw BadInputException.badRequest("unknown_vendor", e.getMessage());
    }
  }

  private Path stateFile(String vendor) {
    return dir.resolve(vendor + ".json");
  }

  private void write(IncidentState s) throws IOException {
    DurableFiles.writeAtomically(stateFile(s.vendor()), s.toJson());
  }

  private Optional<IncidentState> state(String vendor) throws IOException {
    Path f = stateFile(vendor);
    try {
      return Optional.of(IncidentState.fromJson(Files.readAllBytes(f), f.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private List<IncidentState> states() throws IOException {
    List<IncidentState> out = new ArrayList<>();
    try (var list = Files.list(dir)) {
      for (Path f : list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        out.add(IncidentState.fromJson(Files.readAllBytes(f), f.toString()));
      }
    }
    return out;
  }
}
