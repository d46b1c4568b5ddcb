package dev.sluice.cli;

import dev.sluice.server.keys.MasterKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "keygen",
    description = "Print a new random master key (base64) for SLUICE_MASTER_KEY or a key file.",
    mixinStandardHelpOptions = true)
final class KeygenCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(MasterKey.generate().toBase64());
    return 0;
  }
}
