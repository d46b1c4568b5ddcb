package dev.sluice.server.store;

import java.time.Instant;

/** One parked batch as an operator sees it: why, when, how many items; never the items. */
public record ParkedBatch(String reason, Instant parkedAt, int items) {}
