package dev.sluice.cli;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.MasterKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the gateway until interrupted.", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Path to sluice.yaml")
  Path config;

  @Override
  public Integer call() throws Exception {
    SluiceConfig cfg = ConfigLoader.load(config, System.getenv());
    MasterKey master = MasterKey.fromBase64(new String(cfg.masterKeyBytes(), java.nio.charset.StandardCharsets.UTF_8));
    SluiceServer server = SluiceServer.start(cfg, master, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sluice-shutdown"));
    stopped.await();
    return 0;
  }
}
