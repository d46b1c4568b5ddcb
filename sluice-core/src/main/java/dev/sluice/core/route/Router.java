package dev.sluice.core.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.policy.FlowObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The detect, policy and encode stages for a batch of received events: each event is scanned
 * once, then for each destination its source routes to, the destination's contract is applied
 * and the result encoded (in one walk for vendors whose item is the minimised event itself). Pure: the caller makes the items durable before acknowledging.
 */
public final class Router {
  /** Where the contract reports its per-field decisions for one source and destination. */
  public interface Accounting {
    Accounting NONE = (source, destination) -> FlowObserver.NONE;

    FlowObserver observer(String source, String destination);
  }

  private final Map<String, List<Destination>> bySource;
  private final EventScanner scanner;
  private final Accounting accounting;

  /** {@code bySource}: source name → the destinations its events go to. */
  public Router(Map<String, List<Destination>> bySource, EventScanner scanner, Accounting accounting) {
    this.bySource = Map.copyOf(bySource);
    this.scanner = scanner;
    this.accounting = accounting;
  }

  /** The destinations a source's events go to; empty for an unknown source. */
  public List<Destination> destinations(String source) {
    return bySource.getOrDefault(source, List.of());
  }

  /** As {@link #route(String, List, List)}, but the first stage failure is thrown. */
  public List<OutboundItem> route(String source, List<Event> events) {
    List<StageFailure> failures = new ArrayList<>(0);
    List<OutboundItem> out = route(source, events, failures);
    if (!failures.isEmpty()) {
      throw failures.get(0).error();
    }
    return out;
  }

  /**
   * Detects, applies contracts and encodes; an event on which a stage throws is contained: it is
   * added to {@code failures} and contributes no item, and the other events go on.
   */
  public List<OutboundItem> route(String source, List<Event> events, List<StageFailure> failures) {
    List<Destination> targets = destinations(source);
    List<OutboundItem> out = new ArrayList<>(events.size() * targets.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      int before = out.size();
      String stage = "detect";
      try {
        EventFindings findings = scanner.scan(e);
        for (Destination d : targets) {
          stage = "policy";
          FlowObserver observer = accounting.observer(source, d.name());
          byte[] item;
          if (d.encoder().itemIsMinimisedEvent()) {
            // The contract writes the vendor's item itself: policy and encode are one walk.
            item = d.contract().applyAsJson(e, findings, observer);
          } else {
            ObjectNode minimised = d.contract().apply(e, findings, observer);
            stage = "encode";
            item = minimised == null ? null : d.encoder().encode(minimised);
          }
          if (item != null) {
            out.add(new OutboundItem(d.name(), item));
          }
        }
      } catch (RuntimeException ex) {
        out.subList(before, out.size()).clear();
        failures.add(new StageFailure(i, stage, ex));
      }
    }
    return out;
  }
}
