package dev.sluice.server.receive;

import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.route.OutboundItem;
import dev.sluice.core.route.Router;
import dev.sluice.core.route.StageFailure;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.ops.ValueFreeError;
import dev.sluice.server.store.Outbox;
import dev.sluice.server.store.OutboxEntry;
import dev.sluice.server.store.OutboxFullException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a receiver hands over decoded events: runs policy and encoding for every destination,
 * then makes the results durable. When this returns the events may be acknowledged; raw events
 * never reach the outbox, only each destination's minimised items.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  private final Router router;
  private final Outbox outbox;
  private final Consumer<String> wakeSender;
  private final Metrics metrics;
  private final Consumer<List<OutboxEntry>> accepted;

  /**
   * @param accepted sees every durable append (the re-identification sampler); must be cheap and
   *     must not throw
   */
  public Ingest(
      Router router, Outbox outbox, Consumer<String> wakeSender, Metrics metrics, Consumer<List<OutboxEntry>> accepted) {
    this.router = router;
    this.outbox = outbox;
    this.wakeSender = wakeSender;
    this.metrics = metrics;
    this.accepted = accepted;
  }

  /**
   * Routes, minimises, encodes and durably enqueues. Throws {@link OutboxFullException} when the
   * outbox is at its bound, and {@link java.io.UncheckedIOException} when the store failed: then
   * nothing may be acknowledged.
   *
   * <p>An event a stage throws on is contained: it is left out (logged without values, counted in
   * {@code sluice.stage.failures}) and returned, so the receiver refuses that event while
   * acknowledging the rest; when every event failed, {@link StageFailedException} is thrown.
   *
   * @return the events that were not accepted, by their index in {@code events}; empty normally
   */
  public List<StageFailure> accept(String source, List<Event> events) throws OutboxFullException {
    if (events.isEmpty()) {
      return List.of();
    }
    List<StageFailure> failures = new ArrayList<>(0);
    List<OutboundItem> items = router.route(source, events, failures);
    for (StageFailure f : failures) {
      metrics.stageFailed(f.stage());
      LOG.error("source {}: the {} stage threw on one event; event refused", source, f.stage(), ValueFreeError.of(f.error()));
    }
    if (failures.size() == events.size()) {
      throw new StageFailedException(failures.get(0).stage());
    }
    List<OutboxEntry> entries = new ArrayList<>(items.size());
    Set<String> touched = new HashSet<>();
    for (OutboundItem i : items) {
      entries.add(new OutboxEntry(i.destination(), i.item()));
      touched.add(i.destination());
    }
    try {
      outbox.append(entries);
    } catch (IllegalArgumentException e) {
      // The outbox refuses an append larger than its whole bound: no retry can ever fit it.
      throw new BadInputException(
          413, "too_large", "this request needs more outbox space than storage.outboxMaxBytes allows; send smaller batches");
    }
    accepted.accept(entries);
    touched.forEach(wakeSender);
    return failures;
  }
}
