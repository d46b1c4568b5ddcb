package dev.sluice.server.compat;

import static dev.sluice.server.compat.MixpanelNodeSdkTest.PSEUDONYM;
import static dev.sluice.server.compat.MixpanelNodeSdkTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code @amplitude/analytics-browser} SDK (its prebuilt UMD bundle from npm) in headless
 * Chromium, pointed at Sluice with {@code serverUrl}, tracks anonymously, sets a user id,
 * identifies and tracks again from a page on another origin (JSON posts to {@code /2/httpapi},
 * preflighted) through Sluice to a fake Amplitude; Amplitude gets its HTTP V2 format holding
 * exactly what the contract allows, and the SDK sees each request succeed once.
 *
 * <p>Besides {@code serverUrl}, the page turns off autocapture (page views, sessions,
 * attribution: their events would depend on timing) and remote configuration (fetched from
 * Amplitude's own host, which Sluice does not proxy); see docs/compatibility.md.
 */
class AmplitudeBrowserTest {
  static final String API_KEY = "amp_browser_api_key_0123";
  static final String DESTINATION =
      """
        - name: vendor
          type: amplitude
          options:
            endpoint: "{vendor}"
            apiKey: { file: ./vendor.secret }
          contract:
            userId: pseudonymize
            anonymousId: pseudonymize
            properties.plan: keep
            properties.revenue: keep
            traits.plan: keep
      """;

  static final String PAGE =
      """
      <script src="/sdk/@amplitude/analytics-browser/lib/scripts/amplitude-min.umd.js"></script>
      <script>
        window.send = async (serverUrl) => {
          await amplitude.init('%s', { serverUrl: serverUrl, autocapture: false, fetchRemoteConfig: false }).promise;
          history.pushState({}, '', '/pricing?ref=jane.doe@example.com');
          const results = [];
          // Awaited: the SDK fills in user_id when it processes the event, after setUserId otherwise.
          results.push(await amplitude.track('Viewed Pricing', { plan: 'pro', coupon: 'JANE10' }).promise);
          amplitude.setUserId('user_8412');
          const id = new amplitude.Identify().set('plan', 'pro').set('email', 'jane.doe@example.com');
          results.push(amplitude.identify(id).promise);
          results.push(amplitude.track('Order Completed', { plan: 'pro', revenue: 129, coupon: 'JANE10' }).promise);
          return (await Promise.all(results)).map(r => r.code + ' ' + r.event.insert_id);
        };
      </script>
      """
          .formatted(API_KEY);

  @TempDir Path dir;

  @Test
  void realBrowserSdkThroughSluiceToAmplitude() throws Exception {
    try (BrowserSdkHarness h = BrowserSdkHarness.start(dir, "amplitude-browser", API_KEY, DESTINATION)) {
      h.open(PAGE);
      List<String> results = SegmentAnalyticsNextBrowserTest.strings(h.eval("window.send('" + h.sluiceOrigin + "/2/httpapi')"));
      assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r).startsWith("200 ")); // the SDK's own verdict

      List<FakeVendor.Received> got = h.awaitVendor("/2/httpapi", 3);
      h.settle(1000); // a retry would arrive now; none may
      assertThat(h.vendor.received()).hasSize(3);
      Map<String, ObjectNode> byType =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("event_type").asText(), e -> e));
      assertThat(byType.keySet()).containsExactlyInAnyOrder("Viewed Pricing", "$identify", "Order Completed");
      assertThat(h.vendor.uploads()).isNotEmpty().allSatisfy(u -> assertThat(u.apiKey()).isEqualTo(BrowserSdkHarness.VENDOR_SECRET));

      ObjectNode pricing = byType.get("Viewed Pricing");
      String device = pricing.get("device_id").asText();
      assertThat(device).matches(PSEUDONYM);
      assertThat(pricing.has("user_id")).isFalse();
      assertThat(pricing.get("event_properties").toString()).isEqualTo("{\"plan\":\"pro\"}");

      ObjectNode identify = byType.get("$identify");
      String user = identify.get("user_id").asText();
      assertThat(user).matches(PSEUDONYM).isNotEqualTo(device);
      assertThat(identify.get("device_id").asText()).isEqualTo(device);
      assertThat(identify.get("user_properties").toString()).contains("\"plan\":\"pro\"").doesNotContain("email");

      ObjectNode order = byType.get("Order Completed");
      assertThat(order.get("user_id").asText()).isEqualTo(user);
      assertThat(order.get("device_id").asText()).isEqualTo(device);
      assertThat(order.get("event_properties").toString()).isEqualTo("{\"plan\":\"pro\",\"revenue\":129}");
      assertThat(names(order)).containsExactlyInAnyOrder("event_type", "user_id", "device_id", "time", "insert_id", "event_properties");

      for (ObjectNode e : byType.values()) {
        String text = e.toString();
        for (String raw : List.of("user_8412", "jane.doe", "JANE10", API_KEY, "platform", "os_name", "language", "library", "127.0.0.1")) {
          assertThat(text).doesNotContain(raw);
        }
        assertThat(e.get("time").asLong()).isGreaterThan(1_700_000_000_000L);
        assertThat(e.get("insert_id").asText()).isNotBlank();
      }

      // The SDK's side: every request answered 200, each insert_id sent exactly once, no errors, no CDN.
      List<BrowserSdkHarness.Sent> posts = h.posts();
      assertThat(posts).isNotEmpty().allSatisfy(s -> {
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.url()).isEqualTo("/2/httpapi");
      });
      List<String> insertIds = new ArrayList<>();
      for (BrowserSdkHarness.Sent s : posts) {
        for (JsonNode e : s.json().get("events")) {
          insertIds.add(e.get("insert_id").asText());
        }
      }
      assertThat(insertIds).hasSize(3).doesNotHaveDuplicates();
      assertThat(h.consoleErrors).isEmpty();
      assertThat(h.blockedRequests).isEmpty();
    }
  }
}
