package dev.sluice.cli;

import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.Rule;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.SourceConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "check",
    description = "Validate a config and print the compiled contract of each destination.",
    mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;



  @Override
  public Integer call() {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    PrintStream out = System.out;
    out.printf(
        "%s: OK (%d source%s, %d destination%s)%n",
        config, cfg.sources().size(), plural(cfg.sources().size()), cfg.destinations().size(), plural(cfg.destinations().size()));
    for (DestinationConfig d : cfg.destinations()) {
      Contract c = d.contract(Pseudonymizer.CHECK_ONLY);
      out.printf("%ndestination %s (type %s)%n", d.name(), d.type().name());
      out.printf("  onPii: %s%n", d.onPii().spelling());
      int w = d.rules().stream().mapToInt(r -> r.pattern().text().length()).max().orElse(10);
      w = Math.max(w, "(everything else)".length());
      int aw = d.rules().stream().mapToInt(r -> r.action().name().length()).max().orElse(0);
      aw = Math.max(aw, "pseudonymize".length());
      String fmt = "  %-" + w + "s  %-" + aw + "s  %s%n";
      out.printf(fmt, "path", "action", "written at");
      out.printf(fmt, "(envelope)", "keep", "type, timestamp, event (track name)");
      out.printf(fmt, "messageId", "replaced", "per-destination idempotency id");
      for (Rule r : d.rules()) {
        out.printf(fmt, r.pattern().text(), r.action().name(), r.location());
      }
      out.printf(fmt, "(everything else)", "drop", "default deny");
      out.printf("  compiled: %d rules, %d automaton states%n", d.rules().size(), c.stateCount());
    }
    out.println();
    for (SourceConfig s : cfg.sources()) {
      out.printf(
          "source %s: %d write key%s -> %s; browser origins: %s%n",
          s.name(),
          s.writeKeys().size(),
          plural(s.writeKeys().size()),
          String.join(", ", s.destinations()),
          s.allowedOrigins().isEmpty() ? "(none: server-side only)" : String.join(", ", s.allowedOrigins()));
    }
    if (cfg.adminTokens().isEmpty()) {
      out.println();
      out.println("note: no admin.tokens: the admin API (/admin/..., sluice bom --server, the dashboard) is disabled");
    }
    if (!cfg.warnings().isEmpty()) {
      out.println();
      cfg.warnings().forEach(w -> out.println("warning: " + w));
    }
    return 0;
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }

}
