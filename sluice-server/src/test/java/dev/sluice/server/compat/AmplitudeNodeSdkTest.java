package dev.sluice.server.compat;

import static dev.sluice.server.compat.MixpanelNodeSdkTest.PSEUDONYM;
import static dev.sluice.server.compat.MixpanelNodeSdkTest.UUID;
import static dev.sluice.server.compat.MixpanelNodeSdkTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code @amplitude/analytics-node} SDK from npm, unmodified but for {@code serverUrl},
 * sends track, identify and groupIdentify through Sluice to a fake Amplitude; the vendor gets an
 * HTTP V2 upload holding only what the contract allows.
 */
class AmplitudeNodeSdkTest {
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: pseudonymize
      groupId: pseudonymize
      properties.plan: keep
      properties.revenue: keep
      traits.plan: keep
      traits.first_plan: keep
      traits.$group_key: keep
      context.os.name: keep
      """;

  @TempDir Path dir;

  static String amplitudeDestination(String vendorUrl) {
    return """
          - name: amp
            type: amplitude
            options:
              endpoint: "%s"
              apiKey: { file: ./amp.key }
            contract:
        %s
        """
        .formatted(vendorUrl, CONTRACT.indent(6));
  }

  @Test
  void realSdkThroughSluiceToAmplitude() throws Exception {
    NodeProject sdk = NodeProject.install("amplitude-node");
    Files.writeString(dir.resolve("amp.key"), "amp-destination-key-0123");
    try (TestGateway gw = TestGateway.startWithDestinations(dir, AmplitudeNodeSdkTest::amplitudeDestination)) {
      String serverUrl = "http://127.0.0.1:" + gw.server().ingestPort() + "/2/httpapi";
      NodeProject.Run run = sdk.node(60, "send.mjs", serverUrl, TestGateway.WRITE_KEY);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("sdk done");

      List<FakeVendor.Received> got = gw.awaitReceived(4);
      assertThat(got).hasSize(4).allMatch(r -> r.path().equals("/2/httpapi"));
      Map<String, ObjectNode> byType =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("event_type").asText(), Function.identity()));

      ObjectNode order = byType.get("Order Completed");
      assertThat(names(order)).containsExactly("event_type", "user_id", "time", "insert_id", "event_properties", "os_name");
      String user = order.get("user_id").asText();
      assertThat(user).matches(PSEUDONYM);
      assertThat(order.get("insert_id").asText()).matches(UUID);
      assertThat(order.get("event_properties").toString()).isEqualTo("{\"plan\":\"pro\",\"revenue\":129}");
      assertThat(order.get("os_name").asText()).isEqualTo("Linux");

      ObjectNode pricing = byType.get("Viewed Pricing");
      assertThat(names(pricing)).containsExactly("event_type", "device_id", "time", "insert_id", "event_properties");
      assertThat(pricing.get("device_id").asText()).matches(PSEUDONYM).isNotEqualTo(user);
      assertThat(pricing.get("time").asLong()).isEqualTo(1767225600123L);
      assertThat(pricing.get("event_properties").toString()).isEqualTo("{\"plan\":\"free\"}");

      ObjectNode identify = byType.get("$identify");
      assertThat(identify.get("user_id").asText()).isEqualTo(user);
      assertThat(identify.get("user_properties").toString()).isEqualTo("{\"$set\":{\"plan\":\"pro\",\"first_plan\":\"free\"}}");

      ObjectNode group = byType.get("$groupidentify");
      assertThat(group.get("groups").get("company").asText()).matches(PSEUDONYM);
      assertThat(group.get("group_properties").toString()).isEqualTo("{\"$set\":{\"plan\":\"enterprise\"}}");

      for (FakeVendor.Received r : got) {
        String text = r.event().toString();
        for (String raw : List.of("user_8412", "anon-3f9c", "org_5531", "jane.doe@example.com", "Acme Corp", "203.0.113.42", "order-8412-0001", "amplitude-node")) {
          assertThat(text).doesNotContain(raw);
        }
      }
      assertThat(gw.vendor.uploads()).isNotEmpty().allMatch(u -> "amp-destination-key-0123".equals(u.apiKey()));
      // accepted exactly once each: the SDK saw success and did not resend
      assertThat(gw.server().metrics().count("sluice.events.accepted", "source", "web")).isEqualTo(4);
    }
  }
}
