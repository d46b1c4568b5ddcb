package dev.sluice.server.receive;

import dev.sluice.core.vendor.segment.SegmentLimits;
import dev.sluice.server.ops.Metrics;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What every receiver needs from the running server.
 *
 * @param limits request and event size limits ({@code limits:} in sluice.yaml)
 * @param sources who a vendor key belongs to, and which browser origins it serves
 * @param ingest where decoded events go
 * @param clientAddress the end user's address from the connection and trusted proxies
 * @param messageIds fresh message ids for events that arrive without one
 */
public record ReceiverContext(
    SegmentLimits limits,
    Sources sources,
    Ingest ingest,
    ClientAddress clientAddress,
    Metrics metrics,
    Clock clock,
    Supplier<String> messageIds) {}
