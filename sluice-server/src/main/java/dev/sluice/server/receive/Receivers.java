package dev.sluice.server.receive;

import dev.sluice.core.vendor.amplitude.AmplitudeDecoder;
import dev.sluice.core.vendor.ga4.Ga4Decoder;
import dev.sluice.core.vendor.mixpanel.MixpanelDecoder;
import dev.sluice.core.vendor.posthog.PostHogDecoder;
import dev.sluice.core.vendor.segment.SegmentDecoder;
import dev.sluice.server.vendor.amplitude.AmplitudeReceiver;
import dev.sluice.server.vendor.ga4.Ga4Receiver;
import dev.sluice.server.vendor.mixpanel.MixpanelReceiver;
import dev.sluice.server.vendor.posthog.PostHogReceiver;
import dev.sluice.server.vendor.segment.SegmentReceiver;
import java.util.List;

/** The one registry of wire formats the ingest port speaks. Adding a vendor adds one line here. */
public final class Receivers {
  private Receivers() {}

  public static List<Receiver> all(ReceiverContext ctx) {
    return List.of(
        new SegmentReceiver(new SegmentDecoder(ctx.limits(), ctx.messageIds()), ctx),
        new PostHogReceiver(new PostHogDecoder(ctx.limits(), ctx.messageIds()), ctx),
        new Ga4Receiver(new Ga4Decoder(ctx.limits(), ctx.messageIds()), ctx),
        new MixpanelReceiver(new MixpanelDecoder(ctx.limits(), ctx.messageIds()), ctx),
        new AmplitudeReceiver(new AmplitudeDecoder(ctx.limits(), ctx.messageIds()), ctx));
  }
}
