package dev.sluice.core.deliver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of what an encoder had to change or leave out so its vendor accepts the event (a GA4
 * parameter name renamed, a value truncated, a field the wire format cannot carry). The contract
 * and the flow ledger run before the encoder and count what the contract released, so the ledger
 * is an upper bound of what the vendor holds; these counts say by how much, per reason. The
 * server exposes them as the metric {@code sluice_encoder_adjusted_total{destination,reason}}.
 *
 * <p>The reasons are fixed when the encoder is built, so the set of series is known up front.
 */
public final class Adjustments {
  public static final Adjustments NONE = new Adjustments(List.of());

  private final Map<String, LongAdder> counts;

  public Adjustments(List<String> reasons) {
    Map<String, LongAdder> m = new LinkedHashMap<>();
    for (String r : reasons) {
      m.put(r, new LongAdder());
    }
    this.counts = Collections.unmodifiableMap(m);
  }

  /** Counts one adjustment; {@code reason} must be one given at construction. */
  public void add(String reason) {
    LongAdder a = counts.get(reason);
    if (a == null) {
      throw new IllegalArgumentException("undeclared adjustment reason " + reason);
    }
    a.increment();
  }

  public Set<String> reasons() {
    return counts.keySet();
  }

  public long count(String reason) {
    LongAdder a = counts.get(reason);
    return a == null ? 0 : a.sum();
  }
}
