package dev.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code @segment/analytics-node} SDK from npm, unmodified but for its {@code host},
 * sends track/identify/page/group/alias through Sluice to a fake vendor; the vendor gets exactly
 * what the contract allows.
 */
class SegmentNodeSdkTest {
  @TempDir Path dir;

  @Test
  void realSdkThroughSluiceToVendor() throws Exception {
    NodeProject sdk = NodeProject.install("segment-node");
    try (TestGateway gw = TestGateway.start(dir)) {
      String host = "http://127.0.0.1:" + gw.server().ingestPort();
      NodeProject.Run run = sdk.node(60, "send.mjs", host, TestGateway.WRITE_KEY);
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("/v1/batch");

      List<FakeVendor.Received> got = gw.awaitReceived(5);
      assertThat(got).hasSize(5);
      Map<String, ObjectNode> byType =
          got.stream().map(FakeVendor.Received::event).collect(Collectors.toMap(e -> e.get("type").asText(), Function.identity()));
      assertThat(byType.keySet()).containsExactlyInAnyOrder("identify", "track", "page", "group", "alias");

      ObjectNode identify = byType.get("identify");
      String user = identify.get("userId").asText();
      assertThat(user).matches("ps1_1_[A-Za-z0-9_-]{22}");
      assertThat(fieldNames(identify)).containsExactlyInAnyOrder("type", "messageId", "timestamp", "userId", "traits");
      assertThat(identify.get("traits").toString()).isEqualTo("{\"plan\":\"pro\"}");

      ObjectNode track = byType.get("track");
      assertThat(track.get("event").asText()).isEqualTo("Order Completed");
      assertThat(track.get("userId").asText()).isEqualTo(user);
      assertThat(track.get("properties").toString()).isEqualTo("{\"plan\":\"pro\"}");
      assertThat(fieldNames(track)).containsExactlyInAnyOrder("type", "messageId", "timestamp", "event", "userId", "properties");

      ObjectNode page = byType.get("page");
      assertThat(page.get("context").toString()).isEqualTo("{\"page\":{\"path\":\"/pricing\"}}");
      assertThat(page.has("properties")).isFalse(); // properties.path/url are not in the contract
      String anon = page.get("anonymousId").asText();
      assertThat(anon).matches("ps1_1_.*").isNotEqualTo(user);

      ObjectNode group = byType.get("group");
      assertThat(group.get("groupId").asText()).matches("ps1_1_.*");
      assertThat(group.get("traits").toString()).isEqualTo("{\"plan\":\"enterprise\"}");

      ObjectNode alias = byType.get("alias");
      assertThat(alias.get("userId").asText()).isEqualTo(user);
      assertThat(alias.get("previousId").asText()).isEqualTo(anon); // same raw id, same pseudonym

      for (ObjectNode e : byType.values()) {
        String text = e.toString();
        for (String raw : List.of("user_8412", "anon-3f9c", "org_5531", "jane.doe@example.com", "Jane Doe", "203.0.113.42", "analytics-node")) {
          assertThat(text).doesNotContain(raw);
        }
        assertThat(e.get("messageId").asText()).hasSize(36);
      }
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    return n.properties().stream().map(Map.Entry::getKey).toList();
  }
}
