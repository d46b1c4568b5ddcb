package dev.sluice.server.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key that encrypts every keyset in the data directory: 32 random bytes, handed over as base64
 * in an environment variable or a key file. It never leaves this class except through {@link
 * #toBase64()} (for the demo, which writes a fresh one to a file and says so), and no message,
 * {@code toString} or exception ever shows it.
 */
public final class MasterKey {
  static final int BYTES = 32;

  private final byte[] key;

  private MasterKey(byte[] key) {
    this.key = key;
  }

  /** A new random master key. */
  public static MasterKey generate() {
    byte[] k = new byte[BYTES];
    new SecureRandom().nextBytes(k);
    return new MasterKey(k);
  }

  /**
   * Parses a master key from base64, standard or URL-safe alphabet, with or without padding;
   * surrounding whitespace (a key file's trailing newline) is ignored.
   *
   * @throws IllegalArgumentException if it is not base64 of exactly 32 bytes; the message never
   *     quotes the input
   */
  public static MasterKey fromBase64(String text) {
    if (text == null) {
      throw new IllegalArgumentException("master key is missing");
    }
    String s = text.strip().replace('-', '+').replace('_', '/');
    byte[] k;
    try {
      // The basic decoder accepts missing padding. Its messages quote the offending character,
      // which is part of the secret, so the cause is deliberately not chained.
      k = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "master key must be 32 bytes of base64; it is not valid base64");
    }
    if (k.length != BYTES) {
      int n = k.length;
      Arrays.fill(k, (byte) 0);
      throw new IllegalArgumentException(
          "master key must be 32 bytes of base64; got " + n + " bytes");
    }
    return new MasterKey(k);
  }

  /** Standard base64 with padding: what {@link #fromBase64} reads back. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The AEAD that encrypts keysets: AES256-GCM keyed with the raw master key (no Tink output
   * prefix, since this key never lives in a keyset of its own).
   */
  Aead aead() {
    TinkSetup.init();
    try {
      AesGcmParameters params =
          AesGcmParameters.builder()
              .setKeySizeBytes(BYTES)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      AesGcmKey k =
          AesGcmKey.builder()
              .setParameters(params)
              .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
              .build();
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(k).withRandomId().makePrimary())
          .build()
          .getPrimitive(TinkSetup.configuration(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the master key AEAD", e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[redacted]";
  }
}
