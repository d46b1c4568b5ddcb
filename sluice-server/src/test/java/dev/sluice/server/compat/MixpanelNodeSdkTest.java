package dev.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code mixpanel} node SDK from npm, unmodified but for {@code host} and {@code
 * protocol}, sends track (GET, base64), track_batch (form POST), people.set / union (/engage),
 * groups.set (/groups) and import (/import) through Sluice to a fake Mixpanel; the vendor gets
 * {@code /import} records holding only what the contract allows.
 */
class MixpanelNodeSdkTest {
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: pseudonymize
      groupId: pseudonymize
      properties.plan: keep
      properties.revenue: keep
      traits.plan: keep
      traits.tags: keep
      traits.$group_key: keep
      """;

  static final String PSEUDONYM = "ps1_1_[A-Za-z0-9_-]{22}";
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @TempDir Path dir;

  static ObjectNode props(Map<String, List<ObjectNode>> byName, String event) {
    assertThat(byName.get(event)).hasSize(1);
    return (ObjectNode) byName.get(event).get(0).get("properties");
  }

  static List<String> names(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }

  static String mixpanelDestination(String vendorUrl) {
    return """
          - name: mp
            type: mixpanel
            options:
              endpoint: "%s"
              serviceAccountUser: "sluice-sa.123.mp-service-account"
              serviceAccountSecret: { file: ./mp.secret }
              projectId: "3141592"
            contract:
        %s
        """
        .formatted(vendorUrl, CONTRACT.indent(6));
  }

  @Test
  void realSdkThroughSluiceToMixpanel() throws Exception {
    NodeProject sdk = NodeProject.install("mixpanel-node");
    Files.writeString(dir.resolve("mp.secret"), "sa-secret-0123456789");
    try (TestGateway gw = TestGateway.startWithDestinations(dir, MixpanelNodeSdkTest::mixpanelDestination)) {
      String host = "127.0.0.1:" + gw.server().ingestPort();
      NodeProject.Run run = sdk.node(60, "send.mjs", host, TestGateway.WRITE_KEY);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("sdk done");

      List<FakeVendor.Received> got = gw.awaitReceived(7);
      assertThat(got).hasSize(7).allMatch(r -> r.path().equals("/import"));
      Map<String, List<ObjectNode>> byName =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.groupingBy(e -> e.get("event").asText()));
      assertThat(byName.keySet())
          .containsExactlyInAnyOrder("Order Completed", "Viewed Pricing", "Signed Up", "$identify", "$group", "Trial Started");

      ObjectNode order = props(byName, "Order Completed");
      assertThat(names(order)).containsExactly("time", "distinct_id", "$insert_id", "plan", "revenue");
      String user = order.get("distinct_id").asText();
      assertThat(user).matches(PSEUDONYM);
      assertThat(order.get("$insert_id").asText()).matches(UUID).isNotEqualTo("order-8412-0001");
      assertThat(order.get("plan").asText()).isEqualTo("pro");
      assertThat(order.get("revenue").asInt()).isEqualTo(129);

      ObjectNode pricing = props(byName, "Viewed Pricing");
      assertThat(names(pricing)).containsExactly("time", "distinct_id", "$device_id", "$insert_id", "plan");
      String device = pricing.get("$device_id").asText();
      assertThat(device).matches(PSEUDONYM).isNotEqualTo(user);
      assertThat(pricing.get("distinct_id").asText()).isEqualTo("$device:" + device);
      assertThat(pricing.get("time").asLong()).isEqualTo(1767225600123L); // ms kept

      ObjectNode signup = props(byName, "Signed Up");
      assertThat(signup.get("time").asLong()).isEqualTo(1767225660000L); // seconds → ms
      assertThat(signup.get("distinct_id").asText()).isEqualTo(user);
      assertThat(signup.get("$user_id").asText()).isEqualTo(user);
      assertThat(signup.get("$device_id").asText()).isEqualTo(device);

      List<ObjectNode> identifies = byName.get("$identify").stream().map(e -> (ObjectNode) e.get("properties")).toList();
      assertThat(identifies).hasSize(2).allMatch(p -> p.get("distinct_id").asText().equals(user));
      assertThat(identifies).anyMatch(p -> p.path("plan").asText().equals("pro") && names(p).size() == 4);
      assertThat(identifies).anyMatch(p -> p.path("tags").toString().equals("[\"beta\"]"));

      ObjectNode group = props(byName, "$group");
      assertThat(group.get("$group_id").asText()).matches(PSEUDONYM);
      assertThat(group.get("$group_key").asText()).isEqualTo("company");
      assertThat(group.get("plan").asText()).isEqualTo("enterprise");
      assertThat(group.has("name")).isFalse();

      assertThat(props(byName, "Trial Started").get("time").asLong()).isEqualTo(1767225700000L);

      for (FakeVendor.Received r : got) {
        String text = r.event().toString();
        for (String raw : List.of("user_8412", "anon-3f9c", "org_5531", "jane.doe@example.com", "Jane Doe", "Acme Corp", "203.0.113.42", "order-8412-0001")) {
          assertThat(text).doesNotContain(raw);
        }
      }
      // accepted exactly once each: the SDK saw success (mixpanel-node never retries anyway)
      assertThat(gw.server().metrics().count("sluice.events.accepted", "source", "web")).isEqualTo(7);
      assertThat(gw.vendor.uploads())
          .isNotEmpty()
          .allSatisfy(u -> {
            assertThat(u.query()).isEqualTo("strict=1&project_id=3141592");
            assertThat(u.authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("sluice-sa.123.mp-service-account:sa-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
          });
    }
  }
}
