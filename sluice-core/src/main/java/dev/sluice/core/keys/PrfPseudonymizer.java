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
 *
 * <p>Pseudonyms are memoised: the same users and devices come back event after event, and the
 * HMAC was 11–18% of the hot path (docs/performance.md). The memo is a direct-mapped table of
 * {@value #MEMO_SLOTS} slots, so it is bounded and a miss costs one array store; a colliding input
 * simply replaces the slot. It belongs to this instance, and an instance has one key and one
 * epoch, so a rotation (which builds a new instance) can never answer with an old-epoch pseudonym.
 * The price, decided and documented: up to {@value #MEMO_SLOTS} raw identifiers stay in heap
 * memory until overwritten or until the instance is dropped. They are never written to disk or
 * logs. Idempotency ids are not memoised: message ids do not repeat.
 */
public final class PrfPseudonymizer implements Pseudonymizer {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] ID_DOMAIN = "sluice/id\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MSG_DOMAIN = "sluice/msg\0".getBytes(StandardCharsets.US_ASCII);
  /** 128 bits: collisions stay negligible for any realistic number of subjects. */
  private static final int OUTPUT_BYTES = 16;

  /** Slots in the pseudonym memo; a power of two. */
  static final int MEMO_SLOTS = 4096;

  /** One memo slot. Immutable, so a slot read by another thread is always a complete pair. */
  private record Memo(String input, String pseudonym) {}

  private final Prf prf;
  private final Memo[] memo = new Memo[MEMO_SLOTS];
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
    int h = value.hashCode();
    int slot = (h ^ (h >>> 16)) & (MEMO_SLOTS - 1);
    Memo m = memo[slot];
    if (m != null && m.input.equals(value)) {
      return m.pseudonym;
    }
    String p = prefix + B64.encodeToString(compute(ID_DOMAIN, value));
    // A racing write from another thread loses one memo entry, never correctness.
    memo[slot] = new Memo(value, p);
    return p;
  }

  /** How many memo slots are filled; never more than {@link #MEMO_SLOTS}. */
  int memoised() {
    int n = 0;
    for (Memo m : memo) {
      if (m != null) {
        n++;
      }
    }
    return n;
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
