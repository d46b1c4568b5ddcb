package dev.sluice.server.config;

import dev.sluice.core.config.Location;
import java.nio.file.Path;

/**
 * Where a secret lives: an environment variable or a file. sluice.yaml holds only the reference,
 * never the secret; {@link ConfigLoader} resolves option secrets at load time, the master key only
 * when {@link SluiceConfig#masterKeyBytes()} is called.
 */
public sealed interface SecretRef {
  /** Where the reference was written (the variable name or path), or the file for a default. */
  Location location();

  /** {@code {env: NAME}}. */
  record Env(String variable, Location location) implements SecretRef {
    @Override
    public String toString() {
      return "{env: " + variable + "}";
    }
  }

  /** {@code {file: PATH}}; {@code path} is absolute (relative paths resolve against the config dir). */
  record File(Path path, Location location) implements SecretRef {
    @Override
    public String toString() {
      return "{file: " + path + "}";
    }
  }
}
