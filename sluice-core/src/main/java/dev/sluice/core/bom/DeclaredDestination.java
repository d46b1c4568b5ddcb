package dev.sluice.core.bom;

import dev.sluice.core.policy.Contract;
import java.util.Objects;

/**
 * The declared side of one destination for the data BOM: what sluice.yaml says it is and what its
 * contract allows.
 *
 * @param type the destination {@code type:} (e.g. {@code mixpanel}), or null when unknown
 * @param endpoint the URL events are delivered to, or null when unknown
 * @param contract the compiled contract; only its rules are read ({@link Contract#decidingRule}),
 *     so it may be compiled without a pseudonymizer
 */
public record DeclaredDestination(String name, String type, String endpoint, Contract contract) {
  public DeclaredDestination {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contract, "contract");
  }
}
