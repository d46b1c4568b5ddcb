package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.Location;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared helpers for the config tests. */
final class ConfigFixtures {
  private ConfigFixtures() {}

  /** Every variable the fixtures and examples/sluice.yaml reference, with plausible values. */
  static final Map<String, String> ENV = Map.of(
      "TEST_MASTER_KEY", "k8S3u9dQ0yq4b4Yb9bq7c7b6eCqz1Q8jv8m2s1Xw3xE=",
      "EXTRA_WRITE_KEY", "wk_from_env_777",
      "WEBHOOK_SECRET", "whsec_0123456789abcdef",
      "SEGMENT_WRITE_KEY", "seg_wk_123",
      "SLUICE_MASTER_KEY", "9wJ0Qe0y2r8ZpKq3L5s7t9vXb1d3f5h7j9l1n3p5r7s=",
      "SLUICE_BACKEND_WRITE_KEY", "wk_backend_secret_42",
      "PRODUCT_HOOK_SECRET", "whsec_product_0123456789",
      "SLUICE_ADMIN_TOKEN", "adm_fixture_0123456789abcdef");

  /** The module directory is surefire's working directory; the repo root is its parent. */
  static Path repo(String path) {
    return Path.of("..").resolve(path).normalize();
  }

  static Path resource(String name) {
    try {
      return Path.of(ConfigFixtures.class.getResource("/config/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the {@code nth} (1-based) occurrence of {@code marker} starts in {@code text}. */
  static Location at(Path file, String text, String marker, int nth) {
    int idx = -1;
    for (int k = 0; k < nth; k++) {
      idx = text.indexOf(marker, idx + 1);
      assertThat(idx).as("occurrence %d of '%s'", k + 1, marker).isGreaterThanOrEqualTo(0);
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < idx; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(file.toString(), line, idx - lineStart + 1);
  }

  static Location at(Path file, String text, String marker) {
    return at(file, text, marker, 1);
  }

  static ConfigException configError(ThrowingCallable call) {
    try {
      call.call();
    } catch (ConfigException e) {
      return e;
    } catch (Throwable t) {
      fail("expected a ConfigException, got " + t, t);
    }
    return fail("expected a ConfigException, but nothing was thrown");
  }
}
