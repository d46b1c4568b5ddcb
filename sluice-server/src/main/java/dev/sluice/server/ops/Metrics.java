package dev.sluice.server.ops;

import dev.sluice.core.deliver.Adjustments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics. Every series is named here so the set is reviewable in one
 * place; labels carry source/destination names and error codes, never event values.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void accepted(String source, int events) {
    Counter.builder("sluice.events.accepted")
        .description("Events acknowledged to an SDK")
        .tag("source", source)
        .register(registry)
        .increment(events);
  }

  public void rejected(String reason, int events) {
    Counter.builder("sluice.events.rejected")
        .description("Events or requests refused, by reason code")
        .tag("reason", reason)
        .register(registry)
        .increment(events);
  }

  public void delivered(String destination, int events) {
    destinationCounter("sluice.delivered", "Events a vendor accepted", destination)
        .increment(events);
  }

  public void retried(String destination) {
    destinationCounter("sluice.retries", "Batch send attempts that will be retried", destination)
        .increment();
  }

  public void deadLettered(String destination, int events) {
    destinationCounter(
            "sluice.dead.lettered", "Events parked after a permanent vendor refusal", destination)
        .increment(events);
  }

  /** Exposes an encoder's adjustment counts (renamed, truncated, left out) by reason. */
  public void encoderAdjustments(String destination, Adjustments adjustments) {
    for (String reason : adjustments.reasons()) {
      FunctionCounter.builder("sluice.encoder.adjusted", adjustments, a -> a.count(reason))
          .description("Fields or events an encoder changed or left out to meet its vendor's rules")
          .tag("destination", destination)
          .tag("reason", reason)
          .register(registry);
    }
  }

  /** Registers a gauge read at scrape time. */
  public void gauge(String name, String description, String destination, Supplier<Number> value) {
    Gauge.Builder<Supplier<Number>> b = Gauge.builder(name, value).description(description);
    if (destination != null) {
      b.tag("destination", destination);
    }
    b.register(registry);
  }

  private Counter destinationCounter(String name, String description, String destination) {
    return Counter.builder(name)
        .description(description)
        .tag("destination", destination)
        .register(registry);
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  /** Current value of a counter, for tests and the demo's summary. */
  public double count(String name, String tagKey, String tagValue) {
    Counter c = registry.find(name).tag(tagKey, tagValue).counter();
    return c == null ? 0 : c.count();
  }
}
