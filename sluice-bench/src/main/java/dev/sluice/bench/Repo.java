package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Where the repository is, and what git says about it (for reproducible reports). */
final class Repo {
  private Repo() {}

  /** The repository root: the nearest directory upwards that holds {@code sluice-bench} and {@code pom.xml}. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.isDirectory(q.resolve("sluice-bench")) && Files.isRegularFile(q.resolve("pom.xml"))) {
        return q;
      }
    }
    return p;
  }

  /** {@code git rev-parse --short=12 HEAD}, plus " (uncommitted changes)" when dirty; null without git. */
  static String commit(Path root) {
    String head = git(root, "rev-parse", "--short=12", "HEAD");
    if (head == null || head.isBlank()) {
      return null;
    }
    String status = git(root, "status", "--porcelain", "--untracked-files=no");
    return head.strip() + (status != null && !status.isBlank() ? " (with uncommitted changes)" : "");
  }

  private static String git(Path root, String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Replaces the text between {@code begin} and {@code end} markers in {@code doc} (markers kept),
   * or appends the block with its markers when they are absent.
   */
  static String replaceBlock(String doc, String begin, String end, String block) {
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    if (b < 0 || e < b) {
      return doc + (doc.endsWith("\n") ? "" : "\n") + "\n" + begin + "\n" + block + end + "\n";
    }
    return doc.substring(0, b + begin.length()) + "\n" + block + doc.substring(e);
  }

  /** The text between the markers (exclusive), or null. */
  static String block(String doc, String begin, String end) {
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    if (b < 0 || e < b) {
      return null;
    }
    return doc.substring(b + begin.length(), e);
  }
}
