package dev.sluice.core.vendor.segment;

/**
 * Limits on what a Segment-compatible receiver accepts. Defaults are Segment's documented ones:
 * 32 KB per event, 500 KB and 2,500 events per batch. Depth and string caps bound the work one
 * request can cause.
 */
public record SegmentLimits(
    int maxEventBytes, int maxBatchBytes, int maxBatchEvents, int maxDepth, int maxStringLength) {
  public static final SegmentLimits DEFAULT = new SegmentLimits(32 * 1024, 500 * 1024, 2500, 32, 8192);

  public SegmentLimits {
    if (maxEventBytes < 1 || maxBatchBytes < maxEventBytes || maxBatchEvents < 1 || maxDepth < 2
        || maxStringLength < 1) {
      throw new IllegalArgumentException("inconsistent ingest limits");
    }
  }
}
