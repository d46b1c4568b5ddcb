package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The development data sets (read-only) beside the repository: {@code <repo>/../shared/data}. Tests
 * run with the module directory as working directory, so that is {@code ../../shared/data}.
 */
final class DetectData {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectData() {}

  static Path dir() {
    Path dir = Path.of("..").resolve("../shared/data").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      fail("development data sets not found at " + dir
          + ": they live in shared/data beside the repository clone (see shared/data/README.md)");
    }
    return dir;
  }

  static JsonNode json(String relative) {
    Path p = dir().resolve(relative);
    if (!Files.isRegularFile(p)) {
      fail("data set file missing: " + p);
    }
    try {
      return MAPPER.readTree(p.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p, e);
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Spans as "code<text>" strings, for readable assertions. */
  static List<String> show(String text, List<Span> spans) {
    return spans.stream()
        .map(s -> s.category().code() + "<" + text.substring(s.start(), s.end()) + ">")
        .collect(Collectors.toList());
  }
}
