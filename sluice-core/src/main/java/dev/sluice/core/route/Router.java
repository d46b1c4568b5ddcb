package dev.sluice.core.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy and encode stages for a batch of received events: for each event and each
 * destination its source routes to, apply the destination's contract and encode the result. Pure:
 * the caller makes the items durable before acknowledging.
 */
public final class Router {
  private final Map<String, List<Destination>> bySource;

  /** {@code bySource}: source name → the destinations its events go to. */
  public Router(Map<String, List<Destination>> bySource) {
    this.bySource = Map.copyOf(bySource);
  }

  /** The destinations a source's events go to; empty for an unknown source. */
  public List<Destination> destinations(String source) {
    return bySource.getOrDefault(source, List.of());
  }

  public List<OutboundItem> route(String source, List<Event> events) {
    List<Destination> targets = destinations(source);
    List<OutboundItem> out = new ArrayList<>(events.size() * targets.size());
    for (Event e : events) {
      for (Destination d : targets) {
        ObjectNode minimised = d.contract().apply(e);
        out.add(new OutboundItem(d.name(), d.encoder().encode(minimised)));
      }
    }
    return out;
  }
}
