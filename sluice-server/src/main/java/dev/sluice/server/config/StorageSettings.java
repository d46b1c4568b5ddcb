package dev.sluice.server.config;

import java.nio.file.Path;

/**
 * {@code storage:}: the data directory (absolute; everything Sluice writes lives under it), the
 * outbox's size cap in bytes, and the re-identification sample: one vendor item in {@code
 * sampleEvery} per destination (0: off), kept {@code sampleRetentionDays} days.
 */
public record StorageSettings(Path dataDir, long outboxMaxBytes, int sampleEvery, int sampleRetentionDays) {
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 1L << 30;
  public static final int DEFAULT_SAMPLE_EVERY = 100;
  public static final int DEFAULT_SAMPLE_RETENTION_DAYS = 30;

  public StorageSettings(Path dataDir, long outboxMaxBytes) {
    this(dataDir, outboxMaxBytes, DEFAULT_SAMPLE_EVERY, DEFAULT_SAMPLE_RETENTION_DAYS);
  }
}
