package dev.sluice.core.deliver;

import dev.sluice.core.vendor.amplitude.AmplitudeDestination;
import dev.sluice.core.vendor.ga4.Ga4Destination;
import dev.sluice.core.vendor.mixpanel.MixpanelDestination;
import dev.sluice.core.vendor.posthog.PostHogDestination;
import dev.sluice.core.vendor.segment.SegmentDestination;
import dev.sluice.core.vendor.webhook.WebhookDestination;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The one registry of destination types. Adding a vendor adds one line here. */
public final class DestinationTypes {
  private static final Map<String, DestinationType> TYPES = new TreeMap<>();

  static {
    register(new WebhookDestination());
    register(new SegmentDestination());
    register(new PostHogDestination());
    register(new Ga4Destination());
    register(new MixpanelDestination());
    register(new AmplitudeDestination());
  }

  private DestinationTypes() {}

  private static void register(DestinationType t) {
    TYPES.put(t.name(), t);
  }

  public static Optional<DestinationType> byName(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  /** Known type names, sorted, for error messages. */
  public static String known() {
    return String.join(", ", TYPES.keySet());
  }
}
