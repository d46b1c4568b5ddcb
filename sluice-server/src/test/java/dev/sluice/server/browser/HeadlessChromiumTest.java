package dev.sluice.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class HeadlessChromiumTest {
  @Test
  void runsScriptsInTheSystemChromiumAndSavesScreenshots() throws Exception {
    try (HeadlessChromium chromium = HeadlessChromium.launch();
        BrowserContext context = chromium.newContext()) {
      Page page = context.newPage();
      page.setContent("<h1 id=t>hi</h1><script>document.getElementById('t').textContent = 'from script'</script>");
      assertThat(page.textContent("#t")).isEqualTo("from script");
      // The browser is the system package, not one Playwright downloaded.
      Process v = new ProcessBuilder(HeadlessChromium.EXECUTABLE.toString(), "--version").start();
      String systemVersion = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(systemVersion).contains(chromium.browser().version());
      assertThat(Files.size(HeadlessChromium.screenshot(page, "headless-chromium-smoke"))).isPositive();
    }
  }
}
