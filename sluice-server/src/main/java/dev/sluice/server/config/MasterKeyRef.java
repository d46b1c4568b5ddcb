package dev.sluice.server.config;

import dev.sluice.core.config.ConfigException;

/**
 * The master key's reference ({@code keys.masterKey}, default {@code {env: SLUICE_MASTER_KEY}}),
 * resolved only when {@link #bytes()} is called: {@code sluice check} loads a config without one,
 * {@code serve} cannot start without one. The environment variable's value is captured at load
 * time from the loader's environment map; a key file is read at each call.
 */
public final class MasterKeyRef {
  public static final String DEFAULT_ENV = "SLUICE_MASTER_KEY";
  /** Fewer bytes than this cannot carry 256 bits of key material. */
  public static final int MIN_BYTES = 32;
  static final String FIELD = "keys.masterKey";

  private final SecretRef ref;
  private final String envValue;

  MasterKeyRef(SecretRef ref, String envValue) {
    this.ref = ref;
    this.envValue = envValue;
  }

  public SecretRef ref() {
    return ref;
  }

  /**
   * The key material: the variable's value as UTF-8, or the file's bytes without one trailing
   * newline. Throws a located ConfigException when it is missing, empty or shorter than {@link
   * #MIN_BYTES}.
   */
  public byte[] bytes() {
    byte[] b = switch (ref) {
      case SecretRef.Env e -> ConfigReader.envSecret(e, envValue, FIELD);
      case SecretRef.File f -> ConfigReader.fileSecret(f, FIELD);
    };
    if (b.length < MIN_BYTES) {
      java.util.Arrays.fill(b, (byte) 0);
      throw new ConfigException(ref.location(), FIELD + ": the master key from " + ref + " is too short: "
          + "use at least " + MIN_BYTES + " bytes of random data (e.g. openssl rand -base64 32)");
    }
    return b;
  }

  @Override
  public String toString() {
    return "MasterKeyRef" + ref;
  }
}
