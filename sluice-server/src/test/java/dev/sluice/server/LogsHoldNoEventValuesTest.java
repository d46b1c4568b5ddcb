package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the gateway through its noisy paths (bad input, vendor errors, retries, dead letters,
 * restart) with planted personal values at debug log level, then greps the log file Surefire
 * points slf4j at.
 */
class LogsHoldNoEventValuesTest {
  static final List<String> PLANTED =
      List.of("planted.person@example.com", "Plantina Personne", "198.51.100.77", "user_planted_991");

  @TempDir Path dir;

  @Test
  void logsNeverContainEventValues() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/sluice-test.log"));
    String event =
        "{\"userId\":\"user_planted_991\",\"event\":\"E\",\"properties\":{\"plan\":\"planted.person@example.com\","
            + "\"name\":\"Plantina Personne\"},\"context\":{\"ip\":\"198.51.100.77\"}}";
    try (TestGateway gw = TestGateway.start(dir)) {
      gw.vendor.failNext(2, 503);
      assertThat(gw.post("/v1/track", event).statusCode()).isEqualTo(200);
      gw.awaitReceived(1);
      gw.vendor.failNext(1, 400);
      assertThat(gw.post("/v1/track", event).statusCode()).isEqualTo(200);
      TestGateway.await(() -> gw.server().pending("hook") == 0, Duration.ofSeconds(20), "dead letter");
      // Bad input of every shape, each carrying the planted values.
      gw.post("/v1/track", event.replace("\"E\"", "42"));
      gw.post("/v1/track", event.substring(0, event.length() - 3));
      gw.post("/v1/track", "{\"userId\":{\"email\":\"planted.person@example.com\"},\"event\":\"E\"}");
      gw.post("/v1/batch", "{\"batch\":[" + event + ",{\"type\":\"nope\",\"userId\":\"user_planted_991\"}]}");
      gw.stopServer();
      gw.startServer();
    }
    assertThat(log).exists();
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(text).contains("sluice listening"); // the log is the one we think it is
    for (String p : PLANTED) {
      assertThat(text).doesNotContain(p);
    }
  }
}
