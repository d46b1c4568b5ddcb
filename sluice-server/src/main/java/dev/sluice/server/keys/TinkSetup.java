package dev.sluice.server.keys;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink key types the key store reads and writes (AES-GCM, HMAC PRF), once. */
final class TinkSetup {
  private TinkSetup() {}

  private static final class Holder {
    static final Configuration CONFIGURATION;

    static {
      try {
        AeadConfig.register();
        PrfConfig.register();
        CONFIGURATION = RegistryConfiguration.get();
      } catch (GeneralSecurityException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  static void init() {
    configuration();
  }

  static Configuration configuration() {
    return Holder.CONFIGURATION;
  }
}
