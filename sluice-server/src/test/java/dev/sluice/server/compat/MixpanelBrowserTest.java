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
 * The real {@code mixpanel-browser} SDK (its prebuilt UMD bundle from npm) in headless Chromium,
 * configured only with {@code api_host}, tracks anonymously, identifies, sets a profile property
 * and tracks again from a page on another origin (batched base64 form posts to {@code /track/}
 * and {@code /engage/}) through Sluice to a fake Mixpanel; Mixpanel gets {@code /import} records
 * holding exactly what the contract allows, and the SDK sees each request succeed once.
 */
class MixpanelBrowserTest {
  static final String TOKEN = "mp_browser_project_token";
  static final String DESTINATION =
      """
        - name: vendor
          type: mixpanel
          options:
            endpoint: "{vendor}"
            apiSecret: { file: ./vendor.secret }
          contract:
            userId: pseudonymize
            anonymousId: pseudonymize
            properties.plan: keep
            properties.revenue: keep
            traits.plan: keep
      """;

  static final String PAGE =
      """
      <script src="/sdk/mixpanel-browser/dist/mixpanel.umd.js"></script>
      <script>
        window.send = async (apiHost) => {
          mixpanel.init('%s', { api_host: apiHost });
          history.pushState({}, '', '/pricing?ref=jane.doe@example.com');
          mixpanel.track('Viewed Pricing', { plan: 'pro', coupon: 'JANE10' });
          mixpanel.identify('user_8412');
          mixpanel.people.set({ plan: 'pro', $email: 'jane.doe@example.com', $name: 'Jane Doe' });
          mixpanel.track('Order Completed', { plan: 'pro', revenue: 129, coupon: 'JANE10' });
          return 'sent';
        };
      </script>
      """
          .formatted(TOKEN);

  @TempDir Path dir;

  @Test
  void realBrowserSdkThroughSluiceToMixpanel() throws Exception {
    try (BrowserSdkHarness h = BrowserSdkHarness.start(dir, "mixpanel-browser", TOKEN, DESTINATION)) {
      h.open(PAGE);
      assertThat(h.eval("window.send('" + h.sluiceOrigin + "')")).isEqualTo("sent");

      List<FakeVendor.Received> got = h.awaitVendor("/import", 5);
      h.settle(1000); // a retry or a late extra event would arrive now; none may
      assertThat(h.vendor.received()).hasSize(5);
      Map<String, List<ObjectNode>> byName =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.groupingBy(e -> e.get("event").asText()));
      assertThat(byName.keySet()).containsExactlyInAnyOrder("Viewed Pricing", "$identify", "Order Completed");

      ObjectNode pricing = MixpanelNodeSdkTest.props(byName, "Viewed Pricing");
      String device = pricing.get("$device_id").asText();
      assertThat(device).matches(PSEUDONYM);
      assertThat(names(pricing)).containsExactlyInAnyOrder("time", "distinct_id", "$device_id", "$insert_id", "plan");
      assertThat(pricing.get("distinct_id").asText()).isEqualTo("$device:" + device);
      assertThat(pricing.get("plan").asText()).isEqualTo("pro");

      ObjectNode order = MixpanelNodeSdkTest.props(byName, "Order Completed");
      String user = order.get("distinct_id").asText();
      assertThat(user).matches(PSEUDONYM).isNotEqualTo(device);
      assertThat(order.get("$user_id").asText()).isEqualTo(user);
      assertThat(order.get("$device_id").asText()).isEqualTo(device);
      assertThat(order.get("plan").asText()).isEqualTo("pro");
      assertThat(order.get("revenue").asInt()).isEqualTo(129);
      assertThat(names(order)).containsExactlyInAnyOrder("time", "distinct_id", "$user_id", "$device_id", "$insert_id", "plan", "revenue");

      // The SDK's own $identify event, and one identify per /engage record: people.set (plan kept,
      // $email and $name dropped) and the SDK's $set_once of the initial referrer (nothing kept).
      List<ObjectNode> identifies = byName.get("$identify").stream().map(e -> (ObjectNode) e.get("properties")).toList();
      assertThat(identifies).hasSize(3).allSatisfy(p -> {
        assertThat(p.get("distinct_id").asText()).isEqualTo(user);
        assertThat(p.get("$user_id").asText()).isEqualTo(user);
        assertThat(p.get("$device_id").asText()).isEqualTo(device);
        assertThat(names(p)).isSubsetOf("time", "distinct_id", "$user_id", "$device_id", "$insert_id", "plan");
      });
      assertThat(identifies).filteredOn(p -> p.has("plan")).singleElement().satisfies(p -> assertThat(p.get("plan").asText()).isEqualTo("pro"));

      for (FakeVendor.Received r : got) {
        String text = r.event().toString();
        for (String raw : List.of("user_8412", "jane.doe", "Jane Doe", "JANE10", TOKEN, "$browser", "$current_url", "mp_lib", "127.0.0.1")) {
          assertThat(text).doesNotContain(raw);
        }
        long time = r.event().get("properties").get("time").asLong();
        assertThat(time).isGreaterThan(1_700_000_000_000L); // milliseconds, as /import documents
      }
      assertThat(h.vendor.uploads()).isNotEmpty().allSatisfy(u -> assertThat(u.query()).isEqualTo("strict=1"));

      // The SDK's side: every request answered 200, each $insert_id sent exactly once, no errors, no CDN.
      List<BrowserSdkHarness.Sent> posts = h.posts();
      assertThat(posts).isNotEmpty().allSatisfy(s -> {
        assertThat(s.status()).as(s.url()).isEqualTo(200);
        assertThat(s.url()).matches("/(track|engage)/\\?.*");
      });
      List<String> insertIds = new ArrayList<>();
      List<List<String>> engage = new ArrayList<>();
      for (BrowserSdkHarness.Sent s : posts) {
        JsonNode body = s.json();
        for (JsonNode e : body.isArray() ? body : List.of(body)) {
          if (e.has("properties")) {
            insertIds.add(e.get("properties").get("$insert_id").asText());
          } else {
            engage.add(names(e));
          }
        }
      }
      assertThat(insertIds).hasSize(3).doesNotHaveDuplicates();
      // people.set, and the $set_once of the initial referrer the SDK queues at load and flushes on identify
      assertThat(engage).hasSize(2).anySatisfy(n -> assertThat(n).contains("$set")).anySatisfy(n -> assertThat(n).contains("$set_once"));
      assertThat(h.consoleErrors).isEmpty();
      assertThat(h.blockedRequests).isEmpty();
    }
  }
}
