package dev.sluice.server.reliability;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sluice in a JVM of its own, as {@code sluice serve} runs it, so a test can kill it with SIGKILL.
 * Prints {@code SLUICE_READY <ingestPort> <adminPort>} on stdout once both listeners are up.
 */
public final class GatewayProcess {
  public static final String READY = "SLUICE_READY";

  private GatewayProcess() {}

  public static void main(String[] args) throws Exception {
    SluiceConfig cfg = ConfigLoader.load(Path.of(args[0]), Map.of());
    MasterKey master = MasterKey.fromBase64(new String(cfg.masterKeyBytes(), StandardCharsets.UTF_8));
    SluiceServer server = SluiceServer.start(cfg, master, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sluice-shutdown"));
    System.out.println(READY + " " + server.ingestPort() + " " + server.adminPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Launches this main with the JDK running the test and the test's class path; the child's log
   * (slf4j-simple on stderr) is appended to {@code log}.
   */
  public static Process launch(Path config, Path log, List<String> jvmOptions) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(
        "--enable-native-access=ALL-UNNAMED",
        "-Dorg.slf4j.simpleLogger.logFile=System.err",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-cp", System.getProperty("java.class.path"),
        GatewayProcess.class.getName(),
        config.toString()));
    return new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Reads the child's stdout until it is ready; returns {ingestPort, adminPort}. */
  public static int[] awaitReady(Process p, long timeout, TimeUnit unit) throws Exception {
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        for (String l; (l = reader.readLine()) != null; ) {
          if (l.startsWith(READY)) {
            return l;
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String ready = line.get(timeout, unit);
    if (ready == null) {
      throw new IllegalStateException("sluice process exited before it was ready (exit " + p.waitFor() + ")");
    }
    String[] parts = ready.split(" ");
    return new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
  }
}
