package dev.sluice.core.vendor.webhook;

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
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook wire format: {@code POST url} with body {@code {"sentAt":"...","events":[...]}} where
 * each event is the minimised canonical event. The {@code Sluice-Signature} header is {@code
 * t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, Stripe's scheme: a receiver
 * recomputes it and rejects stale timestamps to stop replays.
 */
public final class WebhookEncoder implements Encoder {
  public static final String SIGNATURE_HEADER = "Sluice-Signature";

  private final URI url;
  private final SecretKeySpec key;
  private final BatchLimits limits;

  WebhookEncoder(URI url, byte[] secret, int batchSize, int maxBytes) {
    this.url = url;
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.limits = new BatchLimits(batchSize, maxBytes);
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
    byte[] body = BatchBody.join("{\"sentAt\":\"" + now + "\",\"events\":[", items, "]}");
    String t = Long.toString(now.getEpochSecond());
    return new VendorRequest(
        url,
        "POST",
        Map.of(
            "Content-Type", "application/json",
            SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(key, t, body)),
        body);
  }

  @Override
  public DeliveryOutcome interpret(VendorResponse response, Instant now) {
    return DeliveryOutcome.fromStatus(response, now);
  }

  /** The v1 signature of {@code body} sent at unix second {@code t}, as lower-case hex. */
  public static String sign(SecretKeySpec key, String t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(t.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
