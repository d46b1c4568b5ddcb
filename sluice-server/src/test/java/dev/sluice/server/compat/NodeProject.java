package dev.sluice.server.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node project under src/test/js, copied to target/ and installed with {@code npm ci} from its
 * committed lockfile (skipped when already installed from the same lockfile), so a compatibility
 * test uses the real SDK from npm and nothing installed by hand.
 */
public final class NodeProject {
  /** What a node script printed and how it ended. */
  public record Run(int exitCode, String output) {}

  private final Path dir;

  private NodeProject(Path dir) {
    this.dir = dir;
  }

  /** Prepares {@code src/test/js/<name>} (relative to the module) for running. */
  public static NodeProject install(String name) throws IOException, InterruptedException {
    Path src = Path.of("src/test/js", name).toAbsolutePath();
    Path dst = Path.of("target/js", name).toAbsolutePath();
    Files.createDirectories(dst);
    for (String f : List.of("package.json", "package-lock.json")) {
      copyIfChanged(src.resolve(f), dst.resolve(f));
    }
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".mjs")).toList()) {
        copyIfChanged(f, dst.resolve(f.getFileName()));
      }
    }
    Path stamp = dst.resolve("node_modules/.sluice-installed");
    String lock = Files.readString(dst.resolve("package-lock.json"));
    if (!Files.exists(stamp) || !Files.readString(stamp).equals(Integer.toHexString(lock.hashCode()))) {
      Run r = exec(dst, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      if (r.exitCode() != 0) {
        throw new IllegalStateException("npm ci failed in " + dst + ":\n" + r.output());
      }
      Files.createDirectories(stamp.getParent()); // npm ci makes no node_modules for a project without dependencies
      Files.writeString(stamp, Integer.toHexString(lock.hashCode()));
    }
    return new NodeProject(dst);
  }

  /** The installed project's directory (its {@code node_modules} holds the SDKs' files). */
  public Path dir() {
    return dir;
  }

  public Run node(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("node");
    cmd.addAll(List.of(args));
    return exec(dir, timeoutSeconds, cmd.toArray(String[]::new));
  }

  private static Run exec(Path cwd, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run '" + cmd[0] + "': the SDK compatibility tests need Node.js 20+ and npm on the PATH", e);
    }
    // Drain output on another thread so a chatty process cannot block on a full pipe.
    StringBuilder out = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process died; its exit code tells the story
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
    }
    reader.join(5000);
    return new Run(p.exitValue(), out.toString());
  }

  private static void copyIfChanged(Path from, Path to) throws IOException {
    if (!Files.exists(to) || Files.mismatch(from, to) != -1) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
