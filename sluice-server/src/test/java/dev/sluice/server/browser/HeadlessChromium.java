package dev.sluice.server.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: Debian's headless Chromium driven by Playwright for Java.
 *
 * <p>Playwright never downloads a browser here ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}, set for
 * the driver below and in surefire's environment); it drives the system Chromium at {@link
 * #EXECUTABLE} ({@code -Dsluice.chromium=PATH} overrides). When that binary is missing and the
 * tests run as root on a Debian-like system, {@link #launch()} installs the {@code chromium}
 * package with apt-get first (once; concurrent forks wait on a lock), so a fresh CI machine needs
 * nothing but {@code ./mvnw verify}. Otherwise it fails with a message saying what to install.
 *
 * <p>One instance is one browser process; open a {@link #newContext()} per test (fresh cookies and
 * storage). Use it from other modules through sluice-server's test-jar.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path EXECUTABLE = Path.of(System.getProperty("sluice.chromium", "/usr/bin/chromium"));

  /** Where {@link #screenshot} writes: the module's {@code target/screenshots}, kept as a test artifact. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Flags for a quiet, offline, self-contained Chromium (no sandbox: CI runs as root). */
  private static final List<String> ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage");

  private final Playwright playwright;
  private final Browser browser;

  private HeadlessChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts a headless Chromium, installing Debian's package first when it is missing and we may. */
  public static HeadlessChromium launch() {
    ensureInstalled();
    Playwright playwright =
        Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(new BrowserType.LaunchOptions().setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
      return new HeadlessChromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh browser profile (cookies, storage) for one test. */
  public BrowserContext newContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
  }

  public Browser browser() {
    return browser;
  }

  /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} and returns its path. */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }

  private static synchronized void ensureInstalled() {
    if (Files.isExecutable(EXECUTABLE)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean apt = Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!root || !apt || !EXECUTABLE.equals(Path.of("/usr/bin/chromium"))) {
      throw new IllegalStateException(
          "real-browser tests need Chromium at "
              + EXECUTABLE
              + " and it is missing; install it (Debian/Ubuntu: `sudo apt-get install chromium`) or point"
              + " -Dsluice.chromium=PATH at a Chromium binary (the tests install it themselves only when"
              + " run as root on a system with apt-get)");
    }
    // Surefire may run several forks at once: one installs, the others wait and then see the binary.
    Path lock = Path.of(System.getProperty("java.io.tmpdir"), "sluice-chromium-install.lock");
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      if (Files.isExecutable(EXECUTABLE)) {
        return;
      }
      run(List.of("apt-get", "update", "-q"));
      run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"));
    } catch (IOException e) {
      throw new IllegalStateException("installing Chromium with apt-get failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing Chromium", e);
    }
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException("apt-get installed chromium but " + EXECUTABLE + " is still missing");
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 15 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
    }
  }
}
