package dev.sluice.server.reliability;

import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.route.Destination;
import dev.sluice.core.route.Router;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hot path without the network, wired from a real config as {@link dev.sluice.server.SluiceServer}
 * wires it: contracts under the destinations' own keysets, every destination routed from source
 * {@code web}. For fuzzing, where an HTTP round trip per input would waste most of the minute.
 */
final class Pipeline {
  static final Map<String, String> ENV =
      Map.of("HOOK_SECRET", "fuzz-webhook-secret-0123456789abcdef", "SEGMENT_WRITE_KEY", "fuzz-segment-write-key");

  /** Every destination type with a strict contract exercising every action. */
  static final String CONTRACT =
      """
      userId: pseudonymize
      anonymousId: pseudonymize
      groupId: pseudonymize
      previousId: pseudonymize
      traits.email: sha256
      traits.plan: keep
      traits.name: drop
      properties.plan: keep
      properties.comment: redact
      properties.price: { generalize: bucket(10) }
      properties.items.*.sku: keep
      properties.**.note: redact
      context.ip: { generalize: ip-prefix }
      context.userAgent: { generalize: browser }
      context.page.url: { generalize: path }
      context.page.referrer: { generalize: domain }
      context.page.path: keep
      context.page.search: redact
      context.locale: keep
      """;

  /** Built once: its name tables take a while, and the server shares one too. */
  private static final EventScanner SCANNER = new EventScanner(new TextScanner());

  final Router router;
  final SluiceConfig config;
  private final Path dir;
  private final KeyStore keys;

  private Pipeline(Router router, SluiceConfig config, Path dir, KeyStore keys) {
    this.router = router;
    this.config = config;
    this.dir = dir;
    this.keys = keys;
  }

  /** Destinations by type; adding a destination type adds one line here. */
  static String destinations(String contract) {
    String c = contract.indent(6);
    return """
        destinations:
          - name: hook
            type: webhook
            options: { url: "http://127.0.0.1:9/hook", secret: { env: HOOK_SECRET } }
            contract:
        %s
          - name: seg
            type: segment
            options: { writeKey: { env: SEGMENT_WRITE_KEY }, endpoint: "http://127.0.0.1:9" }
            onPii: drop-field
            contract:
        %s
        """
        .formatted(c, c);
  }

  static String config(String contract) {
    return """
        storage: { dataDir: ./data }
        keys: { masterKey: { file: ./master.key } }
        sources:
          - name: web
            writeKeys: [ wk_fuzz ]
        """
        + destinations(contract);
  }

  static Pipeline open(Path dir) throws IOException {
    return open(dir, CONTRACT);
  }

  static Pipeline open(Path dir, String contract) throws IOException {
    MasterKey master = MasterKey.generate();
    Files.writeString(dir.resolve("master.key"), master.toBase64());
    Path file = dir.resolve("sluice.yaml");
    Files.writeString(file, config(contract));
    SluiceConfig cfg = ConfigLoader.load(file, ENV);
    KeyStore keys = KeyStore.open(cfg.storage().dataDir(), master);
    return new Pipeline(router(cfg, keys), cfg, dir, keys);
  }

  /** The same keys and sources with another contract for every destination (a ConfigException if it does not load). */
  Pipeline withContract(String contract) throws IOException {
    Path file = dir.resolve("sluice.yaml");
    Files.writeString(file, config(contract));
    SluiceConfig cfg = ConfigLoader.load(file, ENV);
    return new Pipeline(router(cfg, keys), cfg, dir, keys);
  }

  private static Router router(SluiceConfig cfg, KeyStore keys) {
    List<Destination> routed = new ArrayList<>();
    for (DestinationConfig d : cfg.destinations()) {
      routed.add(new Destination(d.name(), d.contract(keys.pseudonymizer(d.name())), d.encoder()));
    }
    return new Router(Map.of("web", routed), SCANNER, Router.Accounting.NONE);
  }
}
