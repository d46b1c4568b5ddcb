package dev.sluice.server.keys;

/**
 * The master key given does not decrypt the keysets in the data directory: most likely another key
 * than the one they were made with (or a keyset file was modified). Start-up stops here rather than
 * make new keys, which would silently change every pseudonym.
 */
public final class WrongMasterKeyException extends IllegalStateException {
  public WrongMasterKeyException(String message) {
    super(message);
  }
}
