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
 * The real {@code posthog-node} SDK from npm, unmodified but for its {@code host}, sends identify,
 * capture, a pageview, groupIdentify and alias (gzipped, to {@code /batch/}) through Sluice to a
 * fake PostHog; PostHog gets its own documented format holding exactly what the contract allows.
 */
class PostHogNodeSdkTest {
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: pseudonymize
      groupId: pseudonymize
      previousId: pseudonymize
      properties.plan: keep
      properties.revenue: keep
      properties.$group_type: keep
      traits.plan: keep
      context.page.path: keep
      """;

  @TempDir Path dir;

  @Test
  void realSdkThroughSluiceToPostHog() throws Exception {
    NodeProject sdk = NodeProject.install("posthog-node");
    try (PostHogGa4Gateway gw = PostHogGa4Gateway.start(dir, CONTRACT, "anonymousId: pseudonymize\n")) {
      String host = "http://127.0.0.1:" + gw.server().ingestPort();
      NodeProject.Run run = sdk.node(60, "send.mjs", host, PostHogGa4Gateway.PROJECT_KEY);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("sdk done").doesNotContain("sdk error");

      List<FakeVendor.Received> got = gw.awaitReceived("/batch/", 5);
      assertThat(got).hasSize(5);
      FakeVendor.Request request = gw.vendor.requests().stream().filter(r -> r.path().equals("/batch/")).findFirst().orElseThrow();
      assertThat(request.body().get("api_key").asText()).isEqualTo(PostHogGa4Gateway.VENDOR_PROJECT_KEY);
      assertThat(request.body().get("sent_at").asText()).endsWith("Z");

      Map<String, ObjectNode> byEvent =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("event").asText(), Function.identity()));
      assertThat(byEvent.keySet()).containsExactlyInAnyOrder("$identify", "Order Completed", "$pageview", "$groupidentify", "$create_alias");

      ObjectNode identify = byEvent.get("$identify");
      String user = identify.get("distinct_id").asText();
      assertThat(user).matches("ps1_1_[A-Za-z0-9_-]{22}");
      assertThat(fieldNames(identify)).containsExactlyInAnyOrder("event", "distinct_id", "properties", "timestamp", "uuid");
      assertThat(identify.get("properties").toString()).isEqualTo("{\"$set\":{\"plan\":\"pro\"}}");

      ObjectNode track = byEvent.get("Order Completed");
      assertThat(track.get("distinct_id").asText()).isEqualTo(user);
      assertThat(track.get("properties").toString()).isEqualTo("{\"plan\":\"pro\",\"revenue\":129}");

      ObjectNode page = byEvent.get("$pageview");
      String anon = page.get("distinct_id").asText();
      assertThat(anon).matches("ps1_1_.*").isNotEqualTo(user);
      assertThat(page.get("properties").toString()).isEqualTo("{\"$is_identified\":false,\"$pathname\":\"/pricing\"}");

      ObjectNode group = byEvent.get("$groupidentify");
      assertThat(group.get("distinct_id").asText()).isEqualTo(user);
      JsonNode gp = group.get("properties");
      assertThat(gp.get("$group_type").asText()).isEqualTo("company");
      assertThat(gp.get("$group_key").asText()).matches("ps1_1_.*");
      assertThat(gp.get("$group_set").toString()).isEqualTo("{\"plan\":\"enterprise\"}");

      ObjectNode alias = byEvent.get("$create_alias");
      assertThat(alias.get("distinct_id").asText()).isEqualTo(user);
      assertThat(alias.get("properties").get("alias").asText()).isEqualTo(anon); // same raw id, same pseudonym

      for (ObjectNode e : byEvent.values()) {
        String text = e.toString();
        for (String raw : List.of("user_8412", "anon-3f9c", "org_5531", "jane.doe@example.com", "Jane Doe", "203.0.113.42", "posthog-node", "$is_server")) {
          assertThat(text).doesNotContain(raw);
        }
        assertThat(e.get("uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(e.get("timestamp").asText()).endsWith("Z");
      }
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }
}
