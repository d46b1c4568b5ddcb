package dev.sluice.server;

import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.generalize.Generalizer;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import dev.sluice.server.admin.AdminApi;
import dev.sluice.server.admin.AdminAuth;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.LazyCountryLookup;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.SourceConfig;
import dev.sluice.server.deliver.Backoff;
import dev.sluice.server.deliver.Sender;
import dev.sluice.server.incident.CanaryInjector;
import dev.sluice.server.incident.CanaryRegistry;
import dev.sluice.server.incident.Erasure;
import dev.sluice.server.incident.ErasureApi;
import dev.sluice.server.incident.ErasureQueue;
import dev.sluice.server.incident.IncidentApi;
import dev.sluice.server.incident.Incidents;
import dev.sluice.server.incident.ReceivedSamples;
import dev.sluice.server.incident.VendorExposures;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import dev.sluice.server.ledger.LedgerFlusher;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.ops.ConnectionLimit;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.receive.ClientAddress;
import dev.sluice.server.receive.HttpErrors;
import dev.sluice.server.receive.Ingest;
import dev.sluice.server.receive.Receiver;
import dev.sluice.server.receive.ReceiverContext;
import dev.sluice.server.receive.Receivers;
import dev.sluice.server.receive.Sources;
import dev.sluice.server.store.DeadLetterStore;
import dev.sluice.server.store.FileDeadLetters;
import dev.sluice.server.store.FileOutbox;
import dev.sluice.server.store.Outbox;
import dev.sluice.server.ui.Dashboard;
import dev.sluice.server.config.ServerSettings;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway, wired from a loaded config in one place: keys, stores, the policy router,
 * one sender per destination, the ingest listener (SDK traffic) and the admin listener (health,
 * metrics, the admin API). {@link #close()} stops taking events first, then lets senders finish their batch.
 */
public final class SluiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceServer.class);

  private final Outbox outbox;
  private final DeadLetterStore deadLetters;
  private final Map<String, Sender> senders;
  private final Map<String, Contract> contracts;
  private final FlowLedger ledger;
  private final LedgerFlusher ledgerFlusher;
  private final Incidents incidents;
  private final CanaryInjector canaries;
  private final ErasureQueue erasures;
  private final Metrics metrics;
  private final Javalin ingestApp;
  private final Javalin adminApp;
  private final AdminApi adminApi;

  private SluiceServer(
      Outbox outbox,
      DeadLetterStore deadLetters,
      Map<String, Sender> senders,
      Map<String, Contract> contracts,
      FlowLedger ledger,
      LedgerFlusher ledgerFlusher,
      Incidents incidents,
      CanaryInjector canaries,
      ErasureQueue erasures,
      Metrics metrics,
      Javalin ingestApp,
      Javalin adminApp,
      AdminApi adminApi) {
    this.incidents = incidents;
    this.canaries = canaries;
    this.erasures = erasures;
    this.outbox = outbox;
    this.deadLetters = deadLetters;
    this.senders = senders;
    this.contracts = contracts;
    this.ledger = ledger;
    this.ledgerFlusher = ledgerFlusher;
    this.metrics = metrics;
    this.ingestApp = ingestApp;
    this.adminApp = adminApp;
    this.adminApi = adminApi;
  }

  /** Opens the data directory and starts both listeners; fails closed on any problem. */
  public static SluiceServer start(SluiceConfig config, MasterKey masterKey, Clock clock)
      throws IOException {
    config.warnings().forEach(w -> LOG.warn("{}", w));
    loadCountryDatabaseIfUsed(config);
    Path dataDir = config.storage().dataDir();
    Files.createDirectories(dataDir);
    KeyStore keys = KeyStore.open(dataDir, masterKey);

    Map<String, Destination> destinations = new LinkedHashMap<>();
    Map<String, Contract> contracts = new LinkedHashMap<>();
    for (DestinationConfig d : config.destinations()) {
      Contract c = d.contract(keys.following(d.name()));
      contracts.put(d.name(), c);
      destinations.put(d.name(), new Destination(d.name(), c, d.encoder()));
    }
    Map<String, List<Destination>> bySource = new HashMap<>();
    List<Sources.Source> sourceList = new ArrayList<>();
    Map<String, Set<String>> writeKeys = new HashMap<>();
    for (SourceConfig s : config.sources()) {
      List<Destination> routed = new ArrayList<>();
      for (String name : s.destinations()) {
        routed.add(destinations.get(name));
      }
      bySource.put(s.name(), routed);
      sourceList.add(new Sources.Source(s.name(), new LinkedHashSet<>(s.allowedOrigins())));
      writeKeys.put(s.name(), s.writeKeys());
    }

    Metrics metrics = new Metrics();
    Outbox outbox = FileOutbox.open(dataDir.resolve("outbox"), keys.outboxAead(), config.storage().outboxMaxBytes());
    DeadLetterStore deadLetters = FileDeadLetters.open(dataDir.resolve("dead-letters"), keys.outboxAead(), clock);
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    Map<String, Sender> senders = new LinkedHashMap<>();
    Map<String, Duration> timeouts = new HashMap<>();
    config.destinations().forEach(d -> timeouts.put(d.name(), d.requestTimeout()));
    for (Destination d : destinations.values()) {
      Sender s =
          new Sender(d.name(), d.encoder(), outbox, deadLetters, http, timeouts.get(d.name()), Sender.counting(metrics, d.name()), clock,
              Backoff.standard());
      senders.put(d.name(), s);
      metrics.encoderAdjustments(d.name(), d.encoder().adjustments());
      metrics.gauge("sluice.outbox.depth", "Events waiting for delivery", d.name(), () -> outbox.depth(d.name()));
      metrics.gauge("sluice.dead.letters", "Events parked as dead letters", d.name(), () -> deadLetters.count(d.name()));
    }
    metrics.gauge("sluice.outbox.bytes", "Bytes held by the outbox", null, outbox::bytes);

    // The flow ledger counts in memory on the hot path; the flusher keeps <data>/ledger.db in step
    // and never stops ingest (an unreadable file is moved aside, failures are counted).
    FlowLedger ledger = new FlowLedger(clock);
    LedgerFlusher ledgerFlusher = LedgerFlusher.start(ledger, dataDir, clock, LedgerFlusher.DEFAULT_INTERVAL);
    // Counters where the value only grows, gauges where it can fall (keys: a corrupt file starts over).
    metrics.monotonic("sluice.ledger.flushes", "Ledger flushes written to the ledger store", ledgerFlusher, LedgerFlusher::flushes);
    metrics.monotonic(
        "sluice.ledger.flush.failures", "Ledger flushes or store openings that failed (counts stay in memory)", ledgerFlusher, LedgerFlusher::failures);
    metrics.monotonic("sluice.ledger.recovered", "Unreadable ledger files moved aside at start", ledgerFlusher, LedgerFlusher::recoveries);
    metrics.gauge("sluice.ledger.keys", "Distinct flow-ledger keys", null, ledger::keys);
    metrics.monotonic("sluice.ledger.overflowed", "Values counted under (other) past the ledger key cap", ledger, FlowLedger::overflowed);

    // Incident reports and the dashboard's blast radius read the store with the latest counts.
    Supplier<LedgerStore> flushedLedger =
        () -> {
          ledgerFlusher.flushNow();
          return ledgerFlusher.store();
        };
    // Incident mode: finish any incident a crash left half-done, and hold every vendor under
    // incident before its sender starts (a restart never lets a held vendor through).
    ReceivedSamples samples =
        new ReceivedSamples(
            dataDir, keys.outboxAead(), config.storage().sampleEvery(), config.storage().sampleRetentionDays(), clock);
    Incidents incidents =
        new Incidents(
            dataDir,
            config,
            keys,
            outbox,
            flushedLedger,
            samples,
            new Incidents.DeliveryControl() {
              @Override
              public void hold(String destination) {
                Sender s = senders.get(destination);
                if (s != null) {
                  s.hold();
                }
              }

              @Override
              public void resume(String destination) {
                Sender s = senders.get(destination);
                if (s != null) {
                  s.resume();
                }
              }
            },
            clock);
    Set<String> held = incidents.recover();
    if (!held.isEmpty()) {
      LOG.warn("incident mode: delivery held for {}", String.join(", ", held));
    }

    Router router = new Router(bySource, new EventScanner(TextScanner.shared()), ledger);
    Ingest ingest = new Ingest(router, outbox, name -> senders.get(name).wake(), metrics, samples::offer);
    List<Receiver> receivers =
        Receivers.all(
            new ReceiverContext(
                config.limits(),
                new Sources(sourceList, writeKeys),
                ingest,
                new ClientAddress(config.server().trustedProxies()::trusts),
                metrics,
                clock,
                () -> UUID.randomUUID().toString()));

    // Canaries take the destination's contract and encoder but not the ledger (CanaryInjector).
    CanaryInjector canaries =
        new CanaryInjector(
            config.destinations(), destinations, outbox, name -> senders.get(name).wake(), metrics,
            new CanaryRegistry(dataDir, clock), clock);

    senders.values().forEach(Sender::start);
    // Erasure requests have their own queue and senders: never held by incident mode (asking a
    // breached vendor to delete is still wanted), never counted as deliveries.
    ErasureQueue erasures = ErasureQueue.open(dataDir, config, keys.outboxAead(), new AuditLog(dataDir, clock), clock);
    erasures.start(http, timeouts, clock);
    Javalin ingestApp =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.http.maxRequestSize = config.limits().maxBatchBytes();
              limitConnections(cfg, config.server());
              HttpErrors.register(cfg.routes);
              receivers.forEach(r -> r.register(cfg.routes));
              health(cfg.routes, outbox);
            });
    // Health and metrics stay open: probes and scrapers carry no token, and they reveal no flows.
    // Everything under /admin needs a token (AdminAuth); without admin.tokens it is disabled.
    AdminAuth adminAuth = new AdminAuth(config.adminTokens(), metrics);
    AdminApi adminApi = new AdminApi(adminAuth, config, contracts, outbox, deadLetters, ledger, ledgerFlusher, clock);
    if (!adminAuth.enabled()) {
      LOG.info("admin API disabled: no admin.tokens in {}", config.file().getFileName());
    }
    Javalin adminApp =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              limitConnections(cfg, config.server());
              HttpErrors.register(cfg.routes);
              health(cfg.routes, outbox);
              cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
              adminApi.register(cfg.routes);
              Dashboard.register(
                  cfg.routes,
                  new Dashboard.Data(
                      config.sources().stream().map(SourceConfig::name).toList(),
                      adminApi::bom,
                      since -> adminApi.entries(null, since),
                      // The same computation as `sluice blast-radius`, on the running store and sample.
                      name ->
                          config.destinations().stream().noneMatch(d -> d.name().equals(name))
                              ? null
                              : VendorExposures.blastRadius(
                                  config, flushedLedger.get(), samples, name, null, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))),
                  adminAuth,
                  clock);
              IncidentApi.register(cfg.routes, incidents, adminAuth);
              ErasureApi.register(cfg.routes, (userId, only, by) -> Erasure.forget(config, keys, erasures, userId, only, by), erasures, adminAuth);
            });
    SluiceServer server =
        new SluiceServer(
            outbox, deadLetters, senders, contracts, ledger, ledgerFlusher, incidents, canaries, erasures, metrics, ingestApp, adminApp,
            adminApi);
    try {
      ingestApp.start(config.server().ingest().host(), config.server().ingest().port());
      adminApp.start(config.server().admin().host(), config.server().admin().port());
      canaries.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "sluice listening: ingest http://{}:{} admin http://{}:{} ({} sources, {} destinations)",
        config.server().ingest().host(),
        ingestApp.port(),
        config.server().admin().host(),
        adminApp.port(),
        config.sources().size(),
        destinations.size());
    return server;
  }

  /**
   * Slow and idle clients cannot exhaust a listener: a connection with nothing moving for {@code
   * idleTimeout} is closed, a request body slower than {@code minRequestDataRate} is answered 408,
   * and past {@code maxConnections} Jetty stops accepting (new connections wait in the kernel's
   * queue) and shortens the idle timeout of the open ones so idle holders make room first.
   */
  private static void limitConnections(JavalinConfig cfg, ServerSettings s) {
    long idle = s.idleTimeout().toMillis();
    cfg.jetty.modifyHttpConfiguration(
        h -> {
          h.setIdleTimeout(idle);
          h.setMinRequestDataRate(s.minRequestDataRate());
        });
    cfg.jetty.modifyServer(
        server -> {
          server.addBean(new ConnectionLimit(s.maxConnections(), server, idle, Math.max(100, idle / 10)));
          // Javalin adds its connector after this hook runs, so set its idle timeout at start.
          server.addEventListener(
              new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                  for (Connector c : server.getConnectors()) {
                    if (c instanceof AbstractConnector a) {
                      a.setIdleTimeout(idle);
                    }
                  }
                }
              });
        });
  }

  /**
   * Fail closed: a contract that generalises IPs to countries needs the database, so read it now
   * rather than at the first event (where a corrupt file would surface as refused ingest).
   */
  private static void loadCountryDatabaseIfUsed(SluiceConfig config) {
    for (DestinationConfig d : config.destinations()) {
      for (Rule r : d.rules()) {
        if (r.action() instanceof Action.Generalize g
            && g.generalizer() instanceof Generalizer.Country c
            && c.lookup() instanceof LazyCountryLookup lazy) {
          lazy.get();
          return;
        }
      }
    }
  }

  /**
   * {@code /healthz}: the process answers. {@code /readyz}: it can also take events, which it
   * cannot once the outbox failed a write (it refuses appends until restart): then 503, so a load
   * balancer sends SDK traffic to another node.
   */
  private static void health(io.javalin.config.RoutesConfig routes, Outbox outbox) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          if (outbox.writable()) {
            ctx.json(Map.of("status", "ready"));
          } else {
            ctx.status(503).json(Map.of("status", "not_ready", "reason", "storage_unavailable"));
          }
        });
  }

  public int ingestPort() {
    return ingestApp.port();
  }

  public int adminPort() {
    return adminApp.port();
  }

  public Metrics metrics() {
    return metrics;
  }

  public Map<String, Contract> contracts() {
    return contracts;
  }

  /** The flow ledger: live counts in memory (restored totals included). */
  public FlowLedger ledger() {
    return ledger;
  }

  /** The ledger's store and flusher, for reads (flush first for the latest counts). */
  public LedgerFlusher ledgerFlusher() {
    return ledgerFlusher;
  }

  /** Incident mode over the running gateway (the admin API's {@code /admin/incidents}). */
  public Incidents incidents() {
    return incidents;
  }

  /** Automatic canary injection ({@code canaries:} on destinations); tests trigger it by hand. */
  public CanaryInjector canaries() {
    return canaries;
  }

  /** The admin API's reads (the BOM of a window), for the demo and the dashboard. */
  public AdminApi adminApi() {
    return adminApi;
  }

  /** Erasure requests queued for vendors' deletion APIs ({@code POST /admin/erasures}). */
  public ErasureQueue erasures() {
    return erasures;
  }

  /** Events still waiting for delivery to a destination. */
  public long pending(String destination) {
    return outbox.depth(destination);
  }

  @Override
  public void close() {
    canaries.close();
    ingestApp.stop();
    for (Sender s : senders.values()) {
      try {
        s.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    adminApp.stop();
    erasures.close();
    ledgerFlusher.close(); // after ingest stopped: the final flush has every count
    try {
      outbox.close();
      deadLetters.close();
    } catch (Exception e) {
      LOG.error("closing stores failed", e);
    }
  }
}
