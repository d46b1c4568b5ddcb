package dev.sluice.server.compat;

import static dev.sluice.server.compat.SegmentAnalyticsNextBrowserTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code posthog-js} browser SDK (its prebuilt {@code array.js} bundle from npm) in
 * headless Chromium, pointed at Sluice with {@code api_host}, sends a pageview, identify, a custom
 * event and a group from a page on another origin (batched posts to {@code /e/}, preflighted) through Sluice
 * to a fake PostHog; PostHog gets its {@code /batch/} format holding exactly what the contract
 * allows, and the SDK sees each request succeed once.
 *
 * <p>Besides {@code api_host}, the page turns off what is not event capture and that Sluice does
 * not serve (feature flags and remote config, session recording, surveys, autocapture and the
 * automatic pageview, which would make the event set depend on timing) and lets a driven browser
 * send (posthog-js drops a webdriver's events as a bot's); see docs/compatibility.md.
 */
class PostHogJsBrowserTest {
  static final String PROJECT_KEY = "phc_browser_project_key";
  static final String DESTINATION =
      """
        - name: vendor
          type: posthog
          options:
            apiKey: { file: ./vendor.secret }
            endpoint: "{vendor}"
          contract:
            userId: pseudonymize
            anonymousId: pseudonymize
            groupId: pseudonymize
            properties.plan: keep
            properties.revenue: keep
            properties.$group_type: keep
            traits.plan: keep
            context.page.path: keep
      """;

  static final String PAGE =
      """
      <script src="/sdk/posthog-js/dist/array.js"></script>
      <script>
        window.send = async (apiHost) => {
          posthog.init('%s', {
            api_host: apiHost,
            advanced_disable_flags: true, disable_surveys: true, disable_session_recording: true,
            autocapture: false, capture_pageview: false, capture_pageleave: false,
            opt_out_useragent_filter: true, // Playwright's Chromium reports navigator.webdriver, which posthog-js drops as a bot
          });
          history.pushState({}, '', '/pricing?ref=jane.doe@example.com');
          posthog.capture('$pageview');
          posthog.identify('user_8412', { plan: 'pro', email: 'jane.doe@example.com', name: 'Jane Doe' });
          posthog.capture('Order Completed', { plan: 'pro', revenue: 129, coupon: 'JANE10' });
          posthog.group('company', 'org_5531', { plan: 'enterprise', name: 'Jane Doe Inc' });
          return 'sent';
        };
      </script>
      """
          .formatted(PROJECT_KEY);

  @TempDir Path dir;

  @Test
  void realBrowserSdkThroughSluiceToPostHog() throws Exception {
    try (BrowserSdkHarness h = BrowserSdkHarness.start(dir, "posthog-js", PROJECT_KEY, DESTINATION)) {
      h.open(PAGE);
      assertThat(h.eval("window.send('" + h.sluiceOrigin + "')")).isEqualTo("sent");

      List<FakeVendor.Received> got = h.awaitVendor("/batch/", 4);
      h.settle(1000); // a retry or a late extra event would arrive now; none may
      assertThat(h.vendor.received()).hasSize(4);
      FakeVendor.Request request = h.vendor.requests().get(0);
      assertThat(request.body().get("api_key").asText()).isEqualTo(BrowserSdkHarness.VENDOR_SECRET);

      Map<String, ObjectNode> byEvent =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("event").asText(), Function.identity()));
      assertThat(byEvent.keySet()).containsExactlyInAnyOrder("$pageview", "$identify", "Order Completed", "$groupidentify");

      ObjectNode page = byEvent.get("$pageview");
      String anon = page.get("distinct_id").asText();
      assertThat(anon).matches("ps1_1_[A-Za-z0-9_-]{22}");
      assertThat(fieldNames(page)).containsExactlyInAnyOrder("event", "distinct_id", "properties", "timestamp", "uuid");
      assertThat(page.get("properties").toString()).isEqualTo("{\"$is_identified\":false,\"$pathname\":\"/pricing\"}");

      ObjectNode identify = byEvent.get("$identify");
      String user = identify.get("distinct_id").asText();
      assertThat(user).matches("ps1_1_[A-Za-z0-9_-]{22}").isNotEqualTo(anon);
      assertThat(identify.get("properties").get("$set").toString()).isEqualTo("{\"plan\":\"pro\"}");

      ObjectNode track = byEvent.get("Order Completed");
      assertThat(track.get("distinct_id").asText()).isEqualTo(user);
      assertThat(track.get("properties").get("plan").asText()).isEqualTo("pro");
      assertThat(track.get("properties").get("revenue").asInt()).isEqualTo(129);

      ObjectNode group = byEvent.get("$groupidentify");
      assertThat(group.get("distinct_id").asText()).isEqualTo(user);
      JsonNode gp = group.get("properties");
      assertThat(gp.get("$group_type").asText()).isEqualTo("company");
      assertThat(gp.get("$group_key").asText()).matches("ps1_1_.*");
      assertThat(gp.get("$group_set").toString()).isEqualTo("{\"plan\":\"enterprise\"}");

      for (ObjectNode e : byEvent.values()) {
        String text = e.toString();
        for (String raw : List.of("user_8412", "org_5531", "jane.doe", "Jane Doe", "JANE10", "$lib", "$current_url", "$device_id", "127.0.0.1", PROJECT_KEY)) {
          assertThat(text).doesNotContain(raw);
        }
        assertThat(e.get("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(e.get("timestamp").asText()).endsWith("Z");
      }

      // The SDK's side: every request answered 200, each event's uuid sent exactly once, no errors, no CDN.
      List<BrowserSdkHarness.Sent> posts = h.posts();
      assertThat(posts).isNotEmpty().allSatisfy(s -> {
        assertThat(s.status()).as(s.url()).isEqualTo(200);
        assertThat(s.url()).matches("/(e|i/v0/e)/(\\?.*)?");
      });
      List<String> uuids = new ArrayList<>();
      for (BrowserSdkHarness.Sent s : posts) {
        JsonNode body = s.json();
        JsonNode events = body.isArray() ? body : body.has("batch") ? body.get("batch") : Json.MAPPER.createArrayNode().add(body);
        for (JsonNode e : events) {
          assertThat(e.path("uuid").isTextual()).as("uuid in an event with fields %s", fieldNames(e)).isTrue();
          uuids.add(e.get("uuid").asText());
        }
      }
      assertThat(uuids).hasSize(4).doesNotHaveDuplicates();
      assertThat(h.consoleErrors).isEmpty();
      assertThat(h.blockedRequests).isEmpty();
    }
  }
}
