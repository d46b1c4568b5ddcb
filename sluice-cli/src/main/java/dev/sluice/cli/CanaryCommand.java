package dev.sluice.cli;

import dev.sluice.core.risk.CanaryScan;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.CanaryRegistry;
import dev.sluice.server.incident.VendorExposures;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice canary plant|check}: unique synthetic identities that say where a leak came from. */
@Command(
    name = "canary",
    description = "Plant canary identities per vendor and attribute leaked canaries and pseudonyms. See docs/incident.md.",
    mixinStandardHelpOptions = true,
    subcommands = {CanaryCommand.Plant.class, CanaryCommand.Check.class})
final class CanaryCommand {
  /** The data directory's key store, opened with the config's master key (creating the directory). */
  static KeyStore keys(SluiceConfig cfg) throws Exception {
    Path data = cfg.storage().dataDir();
    Files.createDirectories(data);
    return KeyStore.open(data, MasterKey.fromBase64(new String(cfg.masterKeyBytes(), StandardCharsets.UTF_8)));
  }

  /** The file's text when {@code input} names a file, else {@code input} itself. */
  static String fileOrText(String input) throws java.io.IOException {
    Path p;
    try {
      p = Path.of(input);
    } catch (java.nio.file.InvalidPathException e) {
      return input;
    }
    return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : input;
  }

  @Command(name = "plant", description = "Create a canary identity for a vendor and print the event to send.",
      mixinStandardHelpOptions = true)
  static final class Plant implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
    Path config;

    @Parameters(index = "0", paramLabel = "VENDOR")
    String vendor;

    @Option(names = "--domain", defaultValue = CanaryRegistry.DEFAULT_DOMAIN, description = "Mail domain of the alias (default: ${DEFAULT-VALUE})")
    String domain;

    @Override
    public Integer call() throws Exception {
      SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
      String v = VendorExposures.resolveVendor(cfg, vendor);
      CanaryRegistry.Canary c = new CanaryRegistry(cfg.storage().dataDir(), Clock.systemUTC()).plant(v, domain);
      System.out.println("canary for " + v + ": userId " + c.userId() + ", email " + c.email());
      System.out.println("send it through a source that routes to " + v + ", e.g. POST /v1/identify:");
      System.out.println("{\"userId\":\"" + c.userId() + "\",\"traits\":{\"email\":\"" + c.email() + "\"}}");
      return 0;
    }
  }

  @Command(name = "check", description = "Attribute canary emails, their sha256 hashes and pseudonyms found in a file or text.",
      mixinStandardHelpOptions = true)
  static final class Check implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
    Path config;

    @Parameters(index = "0", paramLabel = "FILE|TEXT", description = "A file (a dump, a saved email), or the text itself")
    String input;

    @Override
    public Integer call() throws Exception {
      SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
      String text = fileOrText(input);
      CanaryRegistry registry = new CanaryRegistry(cfg.storage().dataDir(), Clock.systemUTC());
      int found = 0;
      for (CanaryScan.CanaryEmail e : CanaryScan.emails(text)) {
        found++;
        boolean known = registry.byEmail(e.address()).isPresent();
        System.out.println("canary email " + e.address() + ": planted for vendor " + e.vendor()
            + (known ? "" : " (not in this data directory's registry: planted elsewhere, or forged)"));
      }
      var pseudonyms = CanaryScan.pseudonyms(text);
      if (!pseudonyms.isEmpty()) {
        Map<String, CanaryRegistry.Attribution> index = registry.index(cfg, keys(cfg));
        for (String ps : pseudonyms) {
          CanaryRegistry.Attribution a = index.get(ps);
          if (a != null) {
            found++;
            System.out.println("pseudonym " + ps + ": canary " + a.canary().userId() + " as sent to vendor "
                + a.vendor() + " (destination " + a.destination() + ", epoch " + a.epoch() + ")");
          } else {
            System.out.println("pseudonym " + ps + ": a Sluice pseudonym of epoch " + CanaryScan.epoch(ps)
                + ", not a canary (real subjects' pseudonyms are not indexed)");
          }
        }
      }
      var hashes = CanaryScan.sha256Hex(text);
      if (!hashes.isEmpty()) {
        Map<String, CanaryRegistry.Canary> byHash = registry.byEmailSha256();
        for (String h : hashes) {
          CanaryRegistry.Canary c = byHash.get(h);
          if (c != null) {
            found++;
            System.out.println("sha256 " + h.substring(0, 12) + "…: the hashed email of canary " + c.userId()
                + ", planted for vendor " + c.vendor() + " (sent by a sha256 rule; the hash is the same at every"
                + " vendor, the alias in it names " + c.vendor() + ")");
          }
        }
      }
      if (found == 0) {
        System.out.println("no canary found");
      }
      return 0;
    }
  }
}
