package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.ops.ValueFreeError;
import dev.sluice.server.receive.Ingest;
import dev.sluice.server.store.Outbox;
import dev.sluice.server.store.OutboxFullException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic canaries ({@code canaries:} on a destination): every interval, one new canary identity
 * is planted in the {@link CanaryRegistry} for the destination's vendor and its identify event is
 * sent to that destination only, through the destination's own contract, encoder and the outbox,
 * so the vendor receives it exactly like real data.
 *
 * <p>Canary events are routed with {@link Router.Accounting#NONE}: the flow ledger never sees them,
 * so they count neither as subjects nor in the field and event counts (they are made up, and the
 * ledger reports what real data went where). They are not offered to the re-identification sample
 * either. The registry is where they are recorded.
 *
 * <p>Due times come from the injected {@link Clock}: a destination is due one interval after its
 * vendor's latest registered canary (at once when it has none), so restarts neither skip nor
 * repeat an interval. A timer checks every {@link #CHECK_SECONDS} seconds; tests call {@link
 * #injectDue()} with a clock of their own.
 */
public final class CanaryInjector implements AutoCloseable {
  /** The source name canary events are routed under (not a configurable name: it cannot clash). */
  public static final String SOURCE = "(canary)";
  static final long CHECK_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(CanaryInjector.class);

  private record Target(DestinationConfig config, Ingest ingest) {}

  private final List<Target> targets = new ArrayList<>();
  private final Map<String, Instant> due = new HashMap<>();
  private final CanaryRegistry registry;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /**
   * @param destinations the running destinations by name (contract under the live keyset, encoder)
   * @param wakeSender wakes a destination's sender after an append
   */
  public CanaryInjector(
      List<DestinationConfig> configs,
      Map<String, Destination> destinations,
      Outbox outbox,
      Consumer<String> wakeSender,
      Metrics metrics,
      CanaryRegistry registry,
      Clock clock) {
    this.registry = registry;
    this.clock = clock;
    EventScanner scanner = new EventScanner(TextScanner.shared());
    for (DestinationConfig d : configs) {
      if (d.canaries() != null) {
        Router router = new Router(Map.of(SOURCE, List.of(destinations.get(d.name()))), scanner, Router.Accounting.NONE);
        targets.add(new Target(d, new Ingest(router, outbox, wakeSender, metrics, entries -> {})));
      }
    }
  }

  /** Starts the timer when any destination has {@code canaries:}. */
  public synchronized void start() {
    if (targets.isEmpty() || timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-canaries");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::injectDueLogged, 0, CHECK_SECONDS, TimeUnit.SECONDS);
  }

  private void injectDueLogged() {
    try {
      injectDue();
    } catch (Exception e) {
      // Retried at the next check: a full outbox or a failing disk must not stop the timer.
      LOG.warn("canary injection failed; retrying in {}s", CHECK_SECONDS, ValueFreeError.of(e));
    }
  }

  /**
   * Plants and sends one canary to every destination whose interval has passed. A send that
   * fails (full outbox) leaves the destination due, and its planted canary recorded but unsent.
   *
   * @return the canaries sent
   */
  public synchronized List<CanaryRegistry.Canary> injectDue() throws IOException, OutboxFullException {
    Instant now = clock.instant();
    // Every first due time before anything is planted: a canary planted for one destination must
    // not push back another destination of the same vendor.
    for (Target t : targets) {
      DestinationConfig d = t.config();
      if (!due.containsKey(d.name())) {
        due.put(d.name(), latest(d.vendorName()).map(p -> p.plus(d.canaries().every())).orElse(now));
      }
    }
    List<CanaryRegistry.Canary> sent = new ArrayList<>();
    for (Target t : targets) {
      DestinationConfig d = t.config();
      if (now.isBefore(due.get(d.name()))) {
        continue;
      }
      CanaryRegistry.Canary c = registry.plant(d.vendorName(), d.canaries().domain());
      t.ingest().accept(SOURCE, List.of(identify(c, now)));
      due.put(d.name(), now.plus(d.canaries().every()));
      sent.add(c);
      LOG.info("canary injected into destination {}", d.name());
    }
    return sent;
  }

  private java.util.Optional<Instant> latest(String vendor) throws IOException {
    return registry.list().stream()
        .filter(c -> c.vendor().equals(vendor))
        .map(c -> Instant.parse(c.planted()))
        .max(Instant::compareTo);
  }

  /** The canary's identify event, as a receiver would have normalised it. */
  static Event identify(CanaryRegistry.Canary c, Instant now) {
    String messageId = UUID.randomUUID().toString();
    String time = now.truncatedTo(ChronoUnit.MILLIS).toString();
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("type", EventType.IDENTIFY.wireName());
    e.put("messageId", messageId);
    e.put("userId", c.userId());
    e.putObject("traits").put("email", c.email());
    e.put("timestamp", time);
    e.put("receivedAt", time);
    return new Event(EventType.IDENTIFY, messageId, e);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
