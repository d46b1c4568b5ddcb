package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 1 MB adversarial inputs. The timeout is generous on purpose: it only catches catastrophic
 * (super-linear) behaviour, not a slow machine.
 */
class DetectLinearTimeTest {
  private static final int MB = 1 << 20;
  private static final TextScanner SCANNER = new TextScanner();

  private static String fill(String unit) {
    StringBuilder b = new StringBuilder(MB + unit.length());
    while (b.length() < MB) {
      b.append(unit);
    }
    return b.toString();
  }

  private static String random(String alphabet, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(MB);
    for (int i = 0; i < MB; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static Stream<Arguments> inputs() {
    Supplier<String> capitalised = () -> fill("Maria Garcia Jordan Smith ");
    return Stream.of(
        Arguments.of("a@ repeated", fill("a@")),
        Arguments.of("1- repeated", fill("1-")),
        Arguments.of("one long digit run", "9".repeat(MB)),
        Arguments.of("digits and spaces", fill("4111 ")),
        Arguments.of("aaaa...@ without a TLD", "a".repeat(MB - 10) + "@example"),
        Arguments.of("local parts without @", fill("a.b.c.d.e.f.")),
        Arguments.of("nested http://", fill("http://")),
        Arguments.of("nested encoded URLs", "https://x.example/?u=" + fill("https%3A%2F%2F")),
        Arguments.of("query of many params", "https://x.example/?" + fill("email=a%40b.co&")),
        Arguments.of("capitalised words", capitalised.get()),
        Arguments.of("one capitalised run", fill("Ab ")),
        Arguments.of("hex and colons", fill("ab:")),
        Arguments.of("double colons", fill("::1:")),
        Arguments.of("dotted numbers", fill("1.")),
        Arguments.of("percent signs", fill("%4")),
        Arguments.of("key=value", fill("token=")),
        Arguments.of("jwt-like", fill("eyJ.")),
        Arguments.of("secret prefixes", fill("sk-ghp_")),
        Arguments.of("pem begin without end", fill("-----BEGIN PRIVATE KEY-----")),
        Arguments.of("plus and parens", fill("+(1) ")),
        Arguments.of("CJK", fill("王浩宇李")),
        Arguments.of("random mix", random("aZ09+-.()/:@%#_ ,=?&;'\"\n", 7)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void scansInLinearTime(String name, String input) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          var spans = SCANNER.scan(input, ScanHints.NONE);
          String redacted = Redaction.redact(input, spans);
          assertThat(redacted).isNotNull();
        },
        name);
  }
}
