package dev.sluice.core.ledger;

import java.io.IOException;

/** Where {@link FlowLedger#flush} writes what changed; the server's ledger store. */
@FunctionalInterface
public interface LedgerSink {
  /**
   * Adds {@code delta} to what is stored: counts are added, first/last seen take the min/max,
   * subject registers the max. Throws when nothing was stored, so the ledger keeps the delta for
   * the next flush.
   */
  void write(LedgerSnapshot delta) throws IOException;
}
