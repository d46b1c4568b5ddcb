package dev.sluice.core.vendor.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.deliver.BatchBody;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.event.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Canonical events out as a Segment HTTP Tracking API batch. The canonical event is the Segment
 * Spec, so an item is the minimised event itself; its {@code messageId} is the destination's
 * idempotency id, which Segment de-duplicates on.
 */
public final class SegmentEncoder implements Encoder {
  private final URI batchUri;
  private final String authorization;
  private final BatchLimits limits;

  SegmentEncoder(URI base, String writeKey, int batchSize) {
    String b = base.toString();
    this.batchUri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/batch");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    this.limits = new BatchLimits(batchSize, SegmentLimits.DEFAULT.maxBatchBytes());
  }

  @Override
  public byte[] encode(ObjectNode minimised) {
    return Json.bytes(minimised);
  }

  @Override
  public boolean itemIsMinimisedEvent() {
    return true;
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public VendorRequest frame(List<byte[]> items, Instant now) {
    byte[] body = BatchBody.join("{\"batch\":[", items, "],\"sentAt\":\"" + now + "\"}");
    return new VendorRequest(
        batchUri,
        "POST",
        Map.of("Content-Type", "application/json", "Authorization", authorization),
        body);
  }

  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    return DeliveryOutcome.fromStatus(response, now);
  }
}
