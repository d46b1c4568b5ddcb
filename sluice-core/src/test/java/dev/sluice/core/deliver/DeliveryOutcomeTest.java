package dev.sluice.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryOutcomeTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  static DeliveryOutcome of(int status, String retryAfter) {
    return DeliveryOutcome.fromStatus(new VendorResponse(status, Optional.ofNullable(retryAfter), new byte[0]), NOW);
  }

  @ParameterizedTest
  @CsvSource({"200,Delivered", "202,Delivered", "204,Delivered", "408,Retry", "429,Retry", "500,Retry", "502,Retry",
      "503,Retry", "400,Rejected", "401,Rejected", "403,Rejected", "404,Rejected", "413,Rejected", "422,Rejected"})
  void statusClasses(int status, String kind) {
    assertThat(of(status, null).getClass().getSimpleName()).isEqualTo(kind);
  }

  @Test
  void retryAfterSecondsAndHttpDateAreHonoured() {
    assertThat(((DeliveryOutcome.Retry) of(429, "7")).after()).contains(Duration.ofSeconds(7));
    assertThat(((DeliveryOutcome.Retry) of(503, "Wed, 25 Nov 2026 10:00:30 GMT")).after()).contains(Duration.ofSeconds(30));
    assertThat(((DeliveryOutcome.Retry) of(503, "soon")).after()).isEmpty();
    assertThat(((DeliveryOutcome.Retry) of(503, null)).after()).isEmpty();
  }

  @Test
  void absurdRetryAfterIsCappedAndPastDatesMeanNow() {
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("Tue, 24 Nov 2026 10:00:00 GMT", NOW)).contains(Duration.ZERO);
  }
}
