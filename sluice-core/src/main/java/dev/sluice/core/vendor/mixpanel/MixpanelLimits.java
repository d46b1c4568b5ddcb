package dev.sluice.core.vendor.mixpanel;

/**
 * Mixpanel's documented ingestion limits: at most 2,000 records and 2 MB of uncompressed JSON per
 * request (docs.mixpanel.com, Import Events; {@code /track} and {@code /engage} take the same).
 */
public final class MixpanelLimits {
  public static final int MAX_EVENTS = 2000;
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private MixpanelLimits() {}
}
