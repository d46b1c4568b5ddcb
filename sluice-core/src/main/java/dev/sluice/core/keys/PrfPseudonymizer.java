package dev.sluice.core.keys;

import com.google.crypto.tink.prf.Prf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * {@link Pseudonymizer} over a Tink {@link Prf} (HMAC-SHA256). Inputs are domain-separated so a
 * pseudonym can never equal an idempotency id of the same string.
 */
public final class PrfPseudonymizer implements Pseudonymizer {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] ID_DOMAIN = "sluice/id\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MSG_DOMAIN = "sluice/msg\0".getBytes(StandardCharsets.US_ASCII);
  /** 128 bits: collisions stay negligible for any realistic number of subjects. */
  private static final int OUTPUT_BYTES = 16;

  private final Prf prf;
  private final int epoch;
  private final String prefix;

  public PrfPseudonymizer(Prf prf, int epoch) {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1");
    }
    this.prf = prf;
    this.epoch = epoch;
    this.prefix = "ps1_" + epoch + "_";
  }

  @Override
  public String pseudonym(String value) {
    return prefix + B64.encodeToString(compute(ID_DOMAIN, value));
  }

  @Override
  public UUID idempotencyId(String messageId) {
    byte[] b = compute(MSG_DOMAIN, messageId);
    // RFC 9562 version 8 (custom) with the RFC variant bits.
    b[6] = (byte) ((b[6] & 0x0f) | 0x80);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new UUID(buf.getLong(), buf.getLong());
  }

  @Override
  public int epoch() {
    return epoch;
  }

  private byte[] compute(byte[] domain, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[domain.length + v.length];
    System.arraycopy(domain, 0, input, 0, domain.length);
    System.arraycopy(v, 0, input, domain.length, v.length);
    try {
      return prf.compute(input, OUTPUT_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("pseudonym PRF failed", e);
    }
  }
}
