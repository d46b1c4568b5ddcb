package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command. Each subcommand only wires library code together. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A privacy gateway between your apps and their analytics vendors.",
    subcommands = {ServeCommand.class, CheckCommand.class, DemoCommand.class, KeygenCommand.class, dev.sluice.cli.scan.ScanCommand.class, dev.sluice.cli.bom.BomCommand.class,
        RiskCommand.class, IncidentCommand.class, BlastRadiusCommand.class, ForgetCommand.class,
        CanaryCommand.class, PhishCheckCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("sluice: " + Errors.describe(e));
          return 1;
        });
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (v == null ? "dev" : v)};
    }
  }
}
