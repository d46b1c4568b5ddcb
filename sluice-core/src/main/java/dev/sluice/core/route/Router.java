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
 * and the result encoded. Pure: the caller makes the items durable before acknowledging.
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

  public List<OutboundItem> route(String source, List<Event> events) {
    List<Destination> targets = destinations(source);
    List<OutboundItem> out = new ArrayList<>(events.size() * targets.size());
    for (Event e : events) {
      EventFindings findings = scanner.scan(e);
      for (Destination d : targets) {
        ObjectNode minimised = d.contract().apply(e, findings, accounting.observer(source, d.name()));
        if (minimised != null) {
          byte[] item = d.encoder().encode(minimised);
          if (item != null) {
            out.add(new OutboundItem(d.name(), item));
          }
        }
      }
    }
    return out;
  }
}
