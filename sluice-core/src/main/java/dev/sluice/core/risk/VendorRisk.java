package dev.sluice.core.risk;

import java.util.List;

/**
 * A vendor's risk score with its explanation. {@code score} is the sum of the factors' points,
 * floored at 0; {@code exposure} and {@code trust} are the two sides summed separately.
 *
 * @param destinations the vendor's destinations in sluice.yaml
 * @param registered whether the vendor registry has an entry for it
 */
public record VendorRisk(
    String vendor,
    List<String> destinations,
    boolean registered,
    int score,
    int exposure,
    int trust,
    List<Factor> factors) {
  public VendorRisk {
    destinations = List.copyOf(destinations);
    factors = List.copyOf(factors);
  }

  /** {@code high} from 80, {@code medium} from 40, else {@code low}. */
  public String level() {
    return score >= RiskModel.HIGH ? "high" : score >= RiskModel.MEDIUM ? "medium" : "low";
  }
}
