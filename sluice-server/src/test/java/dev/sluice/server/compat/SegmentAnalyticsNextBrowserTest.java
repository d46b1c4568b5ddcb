package dev.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code @segment/analytics-next} browser SDK (its prebuilt UMD bundle from npm) in
 * headless Chromium, configured only with {@code integrations['Segment.io'].apiHost} (and the
 * protocol, since the loopback Sluice speaks http), sends page/identify/track/group from a page on
 * another origin through Sluice to a fake Segment; Segment gets its batch format holding exactly
 * what the contract allows, and the SDK sees every request succeed once.
 *
 * <p>The settings analytics-next would fetch from Segment's CDN are given inline ({@code
 * cdnSettings}, the documented way to load without the CDN), so the page needs no remote code.
 */
class SegmentAnalyticsNextBrowserTest {
  static final String WRITE_KEY = "wk_browser_segment";
  static final String DESTINATION =
      """
        - name: vendor
          type: segment
          options:
            writeKey: { file: ./vendor.secret }
            endpoint: "{vendor}"
          contract:
            userId: pseudonymize
            anonymousId: pseudonymize
            groupId: pseudonymize
            properties.plan: keep
            properties.revenue: keep
            traits.plan: keep
            context.page.path: keep
      """;

  static final String PAGE =
      """
      <script src="/sdk/@segment/analytics-next/dist/umd/index.js"></script>
      <script>
        window.send = async (apiHost) => {
          const segmentIo = { apiKey: '%1$s', apiHost: apiHost, protocol: 'http' };
          const [analytics] = await AnalyticsNext.AnalyticsBrowser.load(
            { writeKey: '%1$s', cdnSettings: { integrations: { 'Segment.io': segmentIo } } },
            { integrations: { 'Segment.io': { apiHost: apiHost, protocol: 'http' } } });
          history.pushState({}, '', '/pricing?ref=jane.doe@example.com');
          const results = [];
          results.push(await analytics.page('Pricing'));
          results.push(await analytics.identify('user_8412', { plan: 'pro', email: 'jane.doe@example.com', name: 'Jane Doe' }));
          results.push(await analytics.track('Order Completed', { plan: 'pro', revenue: 129, coupon: 'JANE10' }));
          results.push(await analytics.group('org_5531', { plan: 'enterprise', name: 'Jane Doe Inc' }));
          return results.map(ctx => ctx.event.messageId);
        };
      </script>
      """
          .formatted(WRITE_KEY);

  @TempDir Path dir;

  @Test
  void realBrowserSdkThroughSluiceToSegment() throws Exception {
    try (BrowserSdkHarness h = BrowserSdkHarness.start(dir, "segment-analytics-next", WRITE_KEY, DESTINATION)) {
      h.open(PAGE);
      String apiHost = h.sluiceOrigin.substring("http://".length()) + "/v1";
      Object sdkIds = h.eval("window.send('" + apiHost + "')");
      assertThat((List<?>) sdkIds).hasSize(4);

      List<FakeVendor.Received> got = h.awaitVendor("/v1/batch", 4);
      h.settle(500); // a retry would arrive now; none may
      assertThat(h.vendor.received()).hasSize(4);
      Map<String, ObjectNode> byType =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("type").asText(), Function.identity()));
      assertThat(byType.keySet()).containsExactlyInAnyOrder("page", "identify", "track", "group");

      ObjectNode page = byType.get("page");
      String anon = page.get("anonymousId").asText();
      assertThat(anon).matches("ps1_1_[A-Za-z0-9_-]{22}");
      // name ("Pricing") and properties (url, referrer, title, search) are not in the contract.
      assertThat(fieldNames(page)).containsExactlyInAnyOrder("type", "messageId", "timestamp", "anonymousId", "context");
      assertThat(page.get("context").toString()).isEqualTo("{\"page\":{\"path\":\"/pricing\"}}");

      ObjectNode identify = byType.get("identify");
      String user = identify.get("userId").asText();
      assertThat(user).matches("ps1_1_[A-Za-z0-9_-]{22}").isNotEqualTo(anon);
      assertThat(identify.get("anonymousId").asText()).isEqualTo(anon);
      assertThat(identify.get("traits").toString()).isEqualTo("{\"plan\":\"pro\"}");
      assertThat(fieldNames(identify)).containsExactlyInAnyOrder("type", "messageId", "timestamp", "userId", "anonymousId", "traits", "context");

      ObjectNode track = byType.get("track");
      assertThat(track.get("event").asText()).isEqualTo("Order Completed");
      assertThat(track.get("userId").asText()).isEqualTo(user);
      assertThat(track.get("anonymousId").asText()).isEqualTo(anon);
      assertThat(track.get("properties").toString()).isEqualTo("{\"plan\":\"pro\",\"revenue\":129}");
      assertThat(fieldNames(track)).containsExactlyInAnyOrder("type", "messageId", "timestamp", "event", "userId", "anonymousId", "properties", "context");

      ObjectNode group = byType.get("group");
      assertThat(group.get("groupId").asText()).matches("ps1_1_.*").isNotEqualTo(user);
      assertThat(group.get("userId").asText()).isEqualTo(user);
      assertThat(group.get("traits").toString()).isEqualTo("{\"plan\":\"enterprise\"}");

      for (ObjectNode e : byType.values()) {
        String text = e.toString();
        for (String raw : List.of("user_8412", "org_5531", "jane.doe", "Jane Doe", "JANE10", "analytics-next", "userAgent", "127.0.0.1")) {
          assertThat(text).doesNotContain(raw);
        }
        assertThat(e.get("messageId").asText()).hasSize(36);
        assertThat(e.get("timestamp").asText()).endsWith("Z");
      }

      // The SDK's side: one request per event, each answered 200, no retry, no error, no CDN.
      List<BrowserSdkHarness.Sent> posts = h.posts();
      assertThat(posts).extracting(BrowserSdkHarness.Sent::url).containsExactlyInAnyOrder("/v1/p", "/v1/i", "/v1/t", "/v1/g");
      assertThat(posts).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));
      List<String> sentIds = posts.stream().map(s -> s.json().get("messageId").asText()).toList();
      assertThat(sentIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(strings(sdkIds));
      assertThat(h.consoleErrors).isEmpty();
      assertThat(h.blockedRequests).isEmpty();
    }
  }

  static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }
}
