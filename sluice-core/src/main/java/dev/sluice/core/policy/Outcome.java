package dev.sluice.core.policy;

/** What happened to one field on its way to one destination; the ledger counts these. */
public enum Outcome {
  SENT,
  PSEUDONYMIZED,
  HASHED,
  GENERALIZED,
  REDACTED,
  /** Not named by the contract, or named with {@code drop}. */
  BLOCKED_BY_CONTRACT,
  /** Kept by the contract, but held personal data and {@code onPii} dropped it. */
  DROPPED_FOR_PII
}
