package dev.sluice.core.vendor.posthog;

import java.util.List;

/**
 * The PostHog properties that have a home in the canonical event's {@code context}, one table
 * read both ways: the decoder moves {@code $ip} to {@code context.ip}, the encoder moves it back,
 * so an event received as PostHog and sent on to PostHog keeps them where PostHog looks.
 */
final class PostHogFields {
  /** A PostHog property and its canonical path under {@code context} (dot-separated). */
  record Mapping(String property, String[] contextPath) {}

  static final List<Mapping> CONTEXT =
      List.of(
          m("$ip", "ip"),
          m("$raw_user_agent", "userAgent"),
          m("$current_url", "page.url"),
          m("$pathname", "page.path"),
          m("$referrer", "page.referrer"),
          m("$title", "page.title"),
          m("$device_id", "device.id"),
          m("$device_model", "device.model"),
          m("$device_manufacturer", "device.manufacturer"),
          m("$lib", "library.name"),
          m("$lib_version", "library.version"),
          m("$os", "os.name"),
          m("$os_version", "os.version"),
          m("$locale", "locale"),
          m("$timezone", "timezone"),
          m("$screen_width", "screen.width"),
          m("$screen_height", "screen.height"),
          m("$app_name", "app.name"),
          m("$app_version", "app.version"),
          m("$app_build", "app.build"));

  private PostHogFields() {}

  private static Mapping m(String property, String path) {
    return new Mapping(property, path.split("\\."));
  }
}
