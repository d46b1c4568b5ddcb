package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.Sha256Normalizer;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.fakevendor.FakeVendor;
import dev.sluice.server.incident.CanaryRegistry;
import dev.sluice.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that hashes emails for matching ({@code traits.email: sha256}, as ad platforms
 * require) receives the canary alias hashed; {@code canary check} on the vendor's capture
 * attributes that hash to the canary and its vendor. A hash that is not a canary's says nothing.
 */
class CanaryHashedEmailTest {
  @TempDir Path dir;

  @Test
  void aHashedCanaryAliasNamesItsVendor() throws Exception {
    MasterKey key = CliConfig.keys(dir);
    try (FakeVendor vendor = FakeVendor.start(CliConfig.HOOK_SECRET.getBytes(StandardCharsets.UTF_8))) {
      Path cfg = CliConfig.yaml(dir, """
          vendors:
            - name: adnet
          destinations:
            - name: ads
              type: webhook
              vendor: adnet
              options: { url: "%s/hook/ads", secret: { file: hook.secret } }
              canaries: { every: 1h }
              contract: { userId: pseudonymize, traits.email: sha256 }
          """.formatted(vendor.baseUrl()));
      try (SluiceServer server = SluiceServer.start(ConfigLoader.load(cfg, Map.of()), key, Clock.systemUTC())) {
        server.canaries().injectDue();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (vendor.received().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
      }
      List<CanaryRegistry.Canary> canaries = new CanaryRegistry(dir.resolve("data"), Clock.systemUTC()).list();
      assertThat(canaries).hasSize(1);
      CanaryRegistry.Canary canary = canaries.get(0);
      assertThat(vendor.received()).hasSize(1);
      String sent = vendor.received().get(0).event().path("traits").path("email").asText();
      assertThat(sent).isEqualTo(Sha256Normalizer.hash(canary.email()));

      Path dump = dir.resolve("dump.jsonl");
      Files.writeString(dump, Json.MAPPER.writeValueAsString(vendor.received().get(0).event()) + "\n"
          + "{\"email_sha256\":\"" + Sha256Normalizer.hash("someone.else@example.com") + "\"}\n");
      CliRun check = CliRun.sluice("canary", "check", "-c", cfg, dump);
      assertThat(check.code()).as(check.err()).isZero();
      assertThat(check.out())
          .contains("sha256 " + sent.substring(0, 12) + "…: the hashed email of canary " + canary.userId()
              + ", planted for vendor adnet")
          .doesNotContain(Sha256Normalizer.hash("someone.else@example.com").substring(0, 12));
    }
  }
}
