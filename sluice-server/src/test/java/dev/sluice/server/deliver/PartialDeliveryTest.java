package dev.sluice.server.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestGateway;
import dev.sluice.server.fakevendor.FakeVendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vendors that refuse single records: Mixpanel's {@code /import} ingests the rest of a batch,
 * Amplitude's 400 ingests nothing and the rest must be sent again. Either way the refused record
 * is a dead letter and every other one reaches the vendor once, with its insert id unchanged.
 */
class PartialDeliveryTest {
  static final String CONTRACT = "      userId: pseudonymize\n      properties.plan: keep\n";

  @TempDir Path dir;

  static String destinations(String vendor) {
    return """
          - name: mp
            type: mixpanel
            options:
              endpoint: "%1$s"
              apiSecret: { file: ./mp.secret }
            contract:
        %2$s
          - name: amp
            type: amplitude
            options:
              endpoint: "%1$s"
              apiKey: { file: ./amp.key }
            contract:
        %2$s
        """
        .formatted(vendor, CONTRACT);
  }

  static String track(int i, String plan) {
    return "{\"type\":\"track\",\"event\":\"E" + i + "\",\"userId\":\"user-" + i + "\",\"messageId\":\"m-" + i + "\",\"properties\":{\"plan\":\"" + plan + "\"}}";
  }

  @Test
  void refusedRecordsAreDeadLetteredAndTheRestDeliveredOnce() throws Exception {
    Files.writeString(dir.resolve("mp.secret"), "mp-api-secret");
    Files.writeString(dir.resolve("amp.key"), "amp-api-key");
    try (TestGateway gw = TestGateway.startWithDestinations(dir, PartialDeliveryTest::destinations)) {
      String batch = "{\"batch\":[" + track(0, "pro") + "," + track(1, FakeVendor.REFUSE_MARKER) + "," + track(2, "free") + "]}";
      assertThat(gw.post("/v1/batch", batch).statusCode()).isEqualTo(200);
      TestGateway.await(() -> gw.server().pending("mp") == 0 && gw.server().pending("amp") == 0, Duration.ofSeconds(20), "both outboxes to drain");

      List<FakeVendor.Received> got = gw.vendor.received();
      assertThat(got.stream().filter(r -> r.path().equals("/import")).map(r -> r.event().get("event").asText())).containsExactly("E0", "E2");
      assertThat(got.stream().filter(r -> r.path().equals("/2/httpapi")).map(r -> r.event().get("event_type").asText())).containsExactly("E0", "E2");
      var metrics = gw.server().metrics();
      for (String d : List.of("mp", "amp")) {
        assertThat(metrics.count("sluice.delivered", "destination", d)).as(d).isEqualTo(2);
        assertThat(metrics.count("sluice.dead.lettered", "destination", d)).as(d).isEqualTo(1);
      }

      // Mixpanel: one request; Amplitude: the refused upload, then the rest again with the same ids
      List<FakeVendor.Upload> mp = gw.vendor.uploads().stream().filter(u -> u.path().equals("/import")).toList();
      assertThat(mp).hasSize(1);
      List<FakeVendor.Upload> amp = gw.vendor.uploads().stream().filter(u -> u.path().equals("/2/httpapi")).toList();
      assertThat(amp).hasSize(2);
      List<String> first = amp.get(0).insertIds();
      assertThat(first).hasSize(3).doesNotContainNull();
      assertThat(amp.get(1).insertIds()).containsExactly(first.get(0), first.get(2));
      assertThat(mp.get(0).insertIds()).hasSize(3).doesNotContainNull().doesNotContainAnyElementsOf(first); // per-destination ids
    }
  }

  @Test
  void aRetriedBatchCarriesTheSameInsertIds() throws Exception {
    Files.writeString(dir.resolve("mp.secret"), "mp-api-secret");
    Files.writeString(dir.resolve("amp.key"), "amp-api-key");
    try (TestGateway gw = TestGateway.startWithDestinations(dir, PartialDeliveryTest::destinations)) {
      gw.vendor.failNext(2, 503, "0"); // the first attempt of each destination fails
      assertThat(gw.post("/v1/batch", "{\"batch\":[" + track(0, "pro") + "," + track(1, "free") + "]}").statusCode()).isEqualTo(200);
      TestGateway.await(() -> gw.server().pending("mp") == 0 && gw.server().pending("amp") == 0, Duration.ofSeconds(30), "both outboxes to drain");
      var metrics = gw.server().metrics();
      assertThat(metrics.count("sluice.retries", "destination", "mp") + metrics.count("sluice.retries", "destination", "amp")).isEqualTo(2);
      assertThat(gw.vendor.received()).hasSize(4);
      // each destination's failed attempt and its retry carry the same insert ids
      for (String path : List.of("/import", "/2/httpapi")) {
        List<FakeVendor.Upload> attempts = gw.vendor.uploads().stream().filter(u -> u.path().equals(path)).toList();
        assertThat(attempts).as(path).hasSize(2);
        assertThat(attempts.get(0).insertIds()).as(path).hasSize(2).doesNotContainNull().isEqualTo(attempts.get(1).insertIds());
      }
    }
  }
}
