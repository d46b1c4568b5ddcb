package dev.sluice.core.keys;

import java.util.UUID;

/**
 * A destination's keyed pseudonym function. Built from the destination's keyset; the caller never
 * sees key bytes. The same input gives the same output at one destination and epoch, and
 * unrelated outputs at another destination or epoch.
 */
public interface Pseudonymizer {
  /** The pseudonym of an identifier, {@code ps1_<epoch>_<22 base64url chars>}. */
  String pseudonym(String value);

  /**
   * The destination's idempotency id for a message: a UUID derived from the messageId under the
   * destination's key, so a retry carries the same id and two vendors cannot join on it.
   */
  UUID idempotencyId(String messageId);

  /** The key epoch this pseudonymizer writes. */
  int epoch();

  /**
   * For compiling a contract only to validate or print it (sluice check, config loading): those
   * never apply it, so no keys are needed; any use fails loudly.
   */
  Pseudonymizer CHECK_ONLY =
      new Pseudonymizer() {
        @Override
        public String pseudonym(String value) {
          throw new IllegalStateException("contract compiled for checking only");
        }

        @Override
        public UUID idempotencyId(String messageId) {
          throw new IllegalStateException("contract compiled for checking only");
        }

        @Override
        public int epoch() {
          return 1;
        }
      };
}
