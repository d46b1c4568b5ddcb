package dev.sluice.cli;

import dev.sluice.core.risk.CanaryScan;
import dev.sluice.core.risk.LookAlikeDomains;
import dev.sluice.core.risk.Vendor;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.incident.CanaryRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "phish-check",
    description = "Check a suspicious message (sender, links, text) for look-alike domains of the vendors in the"
        + " registry, and for data only a vendor holds (pseudonyms, canary aliases). Exit 3 when something is found.",
    mixinStandardHelpOptions = true)
final class PhishCheckCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Parameters(index = "0", paramLabel = "FILE|TEXT", description = "A saved message (.eml, .txt), or the text itself")
  String input;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    String text = CanaryCommand.fileOrText(input);
    Map<String, List<String>> domains = new LinkedHashMap<>();
    for (Vendor v : cfg.vendors()) {
      if (!v.domains().isEmpty()) {
        domains.put(v.name(), v.domains());
      }
    }
    int found = 0;
    if (domains.isEmpty()) {
      System.out.println("note: no vendor in the registry lists its domains (vendors[].domains): look-alikes cannot be checked");
    }
    for (LookAlikeDomains.Finding f : LookAlikeDomains.check(LookAlikeDomains.domains(text), domains)) {
      found++;
      System.out.println("look-alike domain " + f.domain() + " imitates " + f.imitates() + " (vendor " + f.vendor()
          + "): " + f.why());
    }
    CanaryRegistry canaries = new CanaryRegistry(cfg.storage().dataDir(), Clock.systemUTC());
    for (CanaryScan.CanaryEmail e : CanaryScan.emails(text)) {
      found++;
      System.out.println("quotes canary alias " + e.address() + ", planted for vendor " + e.vendor()
          + (canaries.byEmail(e.address()).isPresent() ? "" : " (not in this registry)")
          + ": the sender has data that vendor received");
    }
    Set<String> pseudonyms = CanaryScan.pseudonyms(text);
    for (String ps : pseudonyms) {
      found++;
      System.out.println("quotes Sluice pseudonym " + ps + " (epoch " + CanaryScan.epoch(ps) + "): only a vendor holds"
          + " these; run sluice canary check to attribute it");
    }
    if (found == 0) {
      System.out.println("nothing found");
      return 0;
    }
    return 3;
  }
}
