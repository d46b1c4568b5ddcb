package dev.sluice.core.generalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneralizersTest {
  static final GeneralizeContext CTX =
      new GeneralizeContext(address -> null, () -> LocalDate.of(2026, 11, 25));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "country",
        "ip-prefix",
        "browser",
        "os",
        "domain",
        "path",
        "day",
        "month",
        "bucket(10)",
        "age-band"
      })
  void everyValidSpellingRoundTripsThroughDescribe(String spec) {
    assertThat(Generalizers.parse(spec, CTX).describe()).isEqualTo(spec);
    assertThat(Generalizers.parse("  " + spec + " ", CTX).describe()).isEqualTo(spec);
  }

  @Test
  void sameSpellingGivesAnEqualGeneralizer() {
    assertThat(Generalizers.parse("bucket(10)", CTX))
        .isEqualTo(Generalizers.parse("bucket(10)", CTX));
    assertThat(Generalizers.parse("path", CTX)).isEqualTo(Generalizers.parse("path", CTX));
    assertThat(Generalizers.parse("bucket(10)", CTX))
        .isNotEqualTo(Generalizers.parse("bucket(5)", CTX));
  }

  @ParameterizedTest
  @ValueSource(strings = {"countries", "Country", "ip_prefix", "ip", "url", "year", "", "  "})
  void unknownNamesAreRejectedWithTheValidList(String spec) {
    assertThatThrownBy(() -> Generalizers.parse(spec, CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "country, ip-prefix, browser, os, domain, path, day, month, bucket(N), age-band");
  }

  @Test
  void unknownNameIsQuoted() {
    assertThatThrownBy(() -> Generalizers.parse("countries", CTX))
        .hasMessageStartingWith("unknown generalization 'countries'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bucket",
        "bucket()",
        "bucket(0)",
        "bucket(-5)",
        "bucket(1.5)",
        "bucket(ten)",
        "bucket(10",
        "bucket 10",
        "bucket(99999999999999999999)",
        "bucket(10)x",
        "buckets(10)"
      })
  void bucketNeedsAPositiveIntegerSize(String spec) {
    assertThatThrownBy(() -> Generalizers.parse(spec, CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + spec + "'")
        .hasMessageContaining("bucket(N)");
  }

  @Test
  void bucketErrorSaysWhatIsWrong() {
    assertThatThrownBy(() -> Generalizers.parse("bucket(0)", CTX))
        .hasMessageContaining("positive integer");
  }

  @Test
  void countryNeedsADatabase() {
    GeneralizeContext none = new GeneralizeContext(null, () -> LocalDate.of(2026, 11, 25));
    assertThatThrownBy(() -> Generalizers.parse("country", none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IP-to-country database");
    assertThat(Generalizers.parse("ip-prefix", none).describe()).isEqualTo("ip-prefix");
  }

  @Test
  void contextFromAClock() {
    var clock =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC);
    GeneralizeContext ctx = GeneralizeContext.of(null, clock);
    assertThat(ctx.today().get()).isEqualTo(LocalDate.of(2026, 11, 25));
  }
}
