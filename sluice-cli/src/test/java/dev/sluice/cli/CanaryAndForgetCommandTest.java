package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.event.Json;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.keys.MasterKey;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary round trip: plant, deliver through a real gateway to a fake vendor, rotate with an
 * incident, deliver again, and feed the vendor-side capture to {@code canary check}: each
 * pseudonym is attributed to the right vendor and epoch. Then {@code forget} lists both epochs.
 */
class CanaryAndForgetCommandTest {
  @TempDir Path dir;

  @Test
  void plantDeliverCheckAndForget() throws Exception {
    MasterKey key = CliConfig.keys(dir);
    try (FakeVendor vendor = FakeVendor.start(CliConfig.HOOK_SECRET.getBytes(StandardCharsets.UTF_8))) {
      Path cfg = CliConfig.yaml(dir, """
          vendors:
            - name: acme
          destinations:
            - name: hook
              type: webhook
              vendor: acme
              options: { url: "%s/hook", secret: { file: hook.secret } }
              contract: { userId: pseudonymize }
          """.formatted(vendor.baseUrl()));
      CliRun plant = CliRun.sluice("canary", "plant", "hook", "-c", cfg);
      assertThat(plant.code()).as(plant.err()).isZero();
      Matcher m = Pattern.compile("userId (canary-acme-[a-z0-9]{10}), email (canary\\+acme-[a-z0-9]{10}@canary\\.example\\.com)")
          .matcher(plant.out());
      assertThat(m.find()).as(plant.out()).isTrue();
      String canaryId = m.group(1);
      String canaryEmail = m.group(2);

      for (int round = 1; round <= 2; round++) {
        try (SluiceServer server = SluiceServer.start(ConfigLoader.load(cfg, Map.of()), key, Clock.systemUTC())) {
          HttpResponse<String> r = CliConfig.identify(server.ingestPort(), "{\"userId\":\"" + canaryId + "\"}");
          assertThat(r.statusCode()).isEqualTo(200);
          int want = round;
          long deadline = System.nanoTime() + 20_000_000_000L;
          // At least once: a stop right after the vendor got the event may deliver it again.
          while (distinctMessages(vendor) < want && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          assertThat(distinctMessages(vendor)).isEqualTo(want);
        }
        if (round == 1) { // rotate: the second delivery is epoch 2
          assertThat(CliRun.sluice("incident", "open", "acme", "-c", cfg, "--reason", "drill").code()).isZero();
          assertThat(CliRun.sluice("incident", "close", "acme", "-c", cfg).code()).isZero();
        }
      }
      StringBuilder capture = new StringBuilder();
      for (FakeVendor.Received r : vendor.received()) {
        capture.append(Json.MAPPER.writeValueAsString(r.event())).append('\n');
      }
      capture.append("Dear customer, your account ").append(canaryEmail).append(" needs attention\n");
      capture.append("unrelated ps1_1_AAAAAAAAAAAAAAAAAAAAAA\n");
      Path dump = dir.resolve("dump.jsonl");
      Files.writeString(dump, capture);

      CliRun check = CliRun.sluice("canary", "check", "-c", cfg, dump);
      assertThat(check.code()).as(check.err()).isZero();
      assertThat(check.out())
          .contains("canary " + canaryId + " as sent to vendor acme (destination hook, epoch 1)")
          .contains("canary " + canaryId + " as sent to vendor acme (destination hook, epoch 2)")
          .contains("canary email " + canaryEmail + ": planted for vendor acme\n")
          .contains("ps1_1_AAAAAAAAAAAAAAAAAAAAAA: a Sluice pseudonym of epoch 1, not a canary");
      assertThat(CliRun.sluice("canary", "check", "-c", cfg, "nothing to see").out()).contains("no canary found");

      CliRun forget = CliRun.sluice("forget", canaryId, "-c", cfg, "--json");
      assertThat(forget.code()).as(forget.err()).isZero();
      var requests = Json.MAPPER.readTree(forget.out()).get("destinations");
      assertThat(requests.get(0).get("vendor").asText()).isEqualTo("acme");
      assertThat(requests.get(0).get("status").asText()).isEqualTo("by-hand");
      assertThat(requests.get(0).get("identifiers")).hasSize(2);
      String sent1 = vendor.received().get(0).event().get("userId").asText();
      String sent2 = vendor.received().get(1).event().get("userId").asText();
      assertThat(requests.get(0).get("identifiers").toString()).contains(sent1, sent2);
      String audit = Files.readString(dir.resolve("data/audit.log"));
      assertThat(audit).contains("erasure.requested").doesNotContain(canaryId, sent1, sent2);
    }
  }

  private static long distinctMessages(FakeVendor vendor) {
    return vendor.received().stream().map(r -> r.event().path("messageId").asText()).distinct().count();
  }
}
