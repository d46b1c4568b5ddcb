package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the outbox bound is reached, ingest answers 503 with Retry-After instead of accepting. */
class BackpressureTest {
  @TempDir Path dir;

  @Test
  void fullOutboxAnswers503WithRetryAfterAndLosesNothingAcknowledged() throws Exception {
    try (TestGateway gw = TestGateway.start(dir)) {
      gw.stopServer();
      gw.outboxMaxBytes = "16KB";
      gw.startServer();
      gw.vendor.failNext(Integer.MAX_VALUE, 503); // vendor down: the outbox fills
      int accepted = 0;
      HttpResponse<String> last = null;
      for (int i = 0; i < 1000; i++) {
        last = gw.post("/v1/track", "{\"userId\":\"user-" + i + "\",\"event\":\"E" + i + "\",\"properties\":{\"plan\":\"" + "p".repeat(200) + "\"}}");
        if (last.statusCode() != 200) {
          break;
        }
        accepted++;
      }
      assertThat(accepted).isGreaterThan(0).isLessThan(1000);
      assertThat(last.statusCode()).isEqualTo(503);
      assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
      JsonNode body = Json.MAPPER.readTree(last.body());
      assertThat(body.get("code").asText()).isEqualTo("overloaded");

      gw.vendor.failNext(0, 503); // vendor back: everything acknowledged arrives
      int expected = accepted;
      TestGateway.await(() -> gw.vendor.received().size() >= expected, Duration.ofSeconds(60), "backlog to drain");
      assertThat(gw.vendor.received().stream().map(r -> r.event().get("event").asText()).distinct().count()).isEqualTo(accepted);
      // Drained: the bound frees up and ingest takes events again.
      TestGateway.await(() -> gw.server().pending("hook") == 0, Duration.ofSeconds(20), "outbox to empty");
      assertThat(gw.post("/v1/track", "{\"userId\":\"user-after\",\"event\":\"After\"}").statusCode()).isEqualTo(200);
    }
  }
}
