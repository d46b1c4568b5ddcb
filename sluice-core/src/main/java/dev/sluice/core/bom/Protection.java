package dev.sluice.core.bom;

import dev.sluice.core.policy.Outcome;

/**
 * How a field reached (or did not reach) a destination, as the data BOM names it: the ledger's
 * {@link Outcome} in words a reviewer reads. {@link #code()} is the stable JSON spelling.
 */
public enum Protection {
  /** Forwarded as is. With a data category, the vendor got that personal data raw. */
  RAW("raw", true),
  PSEUDONYMIZED("pseudonymized", true),
  /** Unsalted SHA-256: delivered, and reversible by dictionary for emails and phone numbers. */
  HASHED("hashed", true),
  /** Coarsened; the field's deciding rule says how ({@code generalizer} in the BOM). */
  GENERALIZED("generalized", true),
  /** The text was kept, the detected spans of the category replaced by a placeholder. */
  REDACTED("redacted", false),
  /** Not named by the contract (default deny), or named with {@code drop}. */
  BLOCKED("blocked", false),
  /** Kept by the contract, but held personal data and {@code onPii} dropped it. */
  DROPPED_FOR_PII("dropped_for_pii", false);

  private final String code;
  private final boolean delivered;

  Protection(String code, boolean delivered) {
    this.code = code;
    this.delivered = delivered;
  }

  public String code() {
    return code;
  }

  /**
   * Whether the category's data reached the vendor in some form (raw, pseudonym, hash or coarse
   * value). Redacted, blocked and dropped data did not.
   */
  public boolean delivered() {
    return delivered;
  }

  public static Protection of(Outcome outcome) {
    return switch (outcome) {
      case SENT -> RAW;
      case PSEUDONYMIZED -> PSEUDONYMIZED;
      case HASHED -> HASHED;
      case GENERALIZED -> GENERALIZED;
      case REDACTED -> REDACTED;
      case BLOCKED_BY_CONTRACT -> BLOCKED;
      case DROPPED_FOR_PII -> DROPPED_FOR_PII;
    };
  }

  /** The protection spelled {@code code}, or null. */
  public static Protection byCode(String code) {
    for (Protection p : values()) {
      if (p.code.equals(code)) {
        return p;
      }
    }
    return null;
  }
}
