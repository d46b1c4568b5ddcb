package dev.sluice.core.vendor.amplitude;

/**
 * Amplitude's documented upload limits: HTTP V2 ({@code /2/httpapi}) takes at most 2,000 events
 * and 1 MB per request, the Batch API ({@code /batch}) 2,000 events and 20 MB; ids shorter than
 * {@code min_id_length} (default 5) are refused.
 */
public final class AmplitudeLimits {
  public static final int MAX_EVENTS = 2000;
  public static final int HTTP_API_MAX_BYTES = 1024 * 1024;
  public static final int BATCH_API_MAX_BYTES = 20 * 1024 * 1024;
  public static final int DEFAULT_MIN_ID_LENGTH = 5;

  private AmplitudeLimits() {}
}
