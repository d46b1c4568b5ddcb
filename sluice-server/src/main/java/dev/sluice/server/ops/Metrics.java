package dev.sluice.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

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

  /** An admin API request refused, by error code (unauthorized, invalid_token, insufficient_scope, ...). */
  public void adminDenied(String code) {
    Counter.builder("sluice.admin.denied")
        .description("Admin API requests refused for a missing, unknown or under-scoped token")
        .tag("code", code)
        .register(registry)
        .increment();
  }

  /** Registers a gauge read at scrape time. */
  public void gauge(String name, String description, String destination, Supplier<Number> value) {
    Gauge.Builder<Supplier<Number>> b = Gauge.builder(name, value).description(description);
    if (destination != null) {
      b.tag("destination", destination);
    }
    b.register(registry);
  }

  /**
   * Registers a counter read at scrape time from a value of {@code owner} that only grows
   * (Prometheus exposes it as {@code <name>_total}, so {@code rate()} and {@code increase()} work
   * on it). Micrometer holds {@code owner} weakly: pass an object the server keeps, not a lambda.
   */
  public <T> void monotonic(String name, String description, T owner, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, owner, value).description(description).register(registry);
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
