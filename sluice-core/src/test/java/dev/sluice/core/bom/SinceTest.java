package dev.sluice.core.bom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.BadInputException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTest {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "24h, 2026-11-24T12:00:00Z",
    "7d, 2026-11-18T12:00:00Z",
    "30m, 2026-11-25T11:30:00Z",
    "2w, 2026-11-11T12:00:00Z",
    "P1D, 2026-11-24T12:00:00Z",
    "PT6H, 2026-11-25T06:00:00Z",
    "2026-11-20, 2026-11-20T00:00:00Z",
    "2026-11-20T08:15:00Z, 2026-11-20T08:15:00Z",
    "2026-11-20T08:15:00+01:00, 2026-11-20T07:15:00Z"
  })
  void acceptsInstantsDatesAndSpansBackFromNow(String text, String expected) {
    assertThat(Since.parse(text, NOW)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "24", "h", "-1d", "2026-13-01", "2026-11-20 08:15", "P-1D", "7 days"})
  void refusesAnythingElseNamingTheAcceptedForms(String text) {
    assertThatThrownBy(() -> Since.parse(text, NOW))
        .isInstanceOfSatisfying(BadInputException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("bad_since");
        })
        .hasMessageContaining("is not a time: use an ISO-8601 instant");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void blankMeansEverything(String text) {
    assertThat(Since.parse(text, NOW)).isNull();
    assertThat(Since.parse(null, NOW)).isNull();
  }

  @org.junit.jupiter.api.Test
  void aTimeInTheFutureIsRefused() {
    assertThatThrownBy(() -> Since.parse("2027-01-01", NOW)).hasMessage("since 2027-01-01T00:00:00Z is in the future");
  }
}
