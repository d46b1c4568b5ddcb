package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Personal data inside kept fields is cut out before it leaves, over real HTTP. */
class DetectionEndToEndTest {
  @TempDir Path dir;

  @Test
  void keptFreeTextAndUrlsArriveRedacted() throws Exception {
    String contract =
        """
            userId: pseudonymize
            properties.subject: keep
            properties.url: keep
            context.page.referrer: keep
        """;
    try (TestGateway gw = TestGateway.start(dir, contract, "")) {
      String event =
          "{\"userId\":\"u-1\",\"event\":\"Support Ticket Opened\",\"properties\":{"
              + "\"subject\":\"Call me on +1 415 555 0134 or write to jane.doe@example.com\","
              + "\"url\":\"https://app.example.com/reset?email=jane.doe%40example.com&token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlMTIz\"},"
              + "\"context\":{\"page\":{\"referrer\":\"https://mail.example.net/inbox/jane.doe@example.com\"}}}";
      assertThat(gw.post("/v1/track", event).statusCode()).isEqualTo(200);
      ObjectNode got = gw.awaitReceived(1).get(0).event();
      assertThat(got.at("/properties/subject").asText()).isEqualTo("Call me on [phone] or write to [email]");
      assertThat(got.at("/properties/url").asText())
          .startsWith("https://app.example.com/reset?email=%5Bemail%5D&token=%5B");
      assertThat(got.at("/context/page/referrer").asText()).isEqualTo("https://mail.example.net/inbox/%5Bemail%5D");
      assertThat(got.toString()).doesNotContain("jane.doe").doesNotContain("555 0134").doesNotContain("eyJhbGci");
    }
  }
}
