package dev.sluice.server.config;

import java.nio.file.Path;

/**
 * {@code storage:}: the data directory (absolute; everything Sluice writes lives under it) and the
 * outbox's size cap in bytes.
 */
public record StorageSettings(Path dataDir, long outboxMaxBytes) {
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 1L << 30;
}
