package dev.sluice.core.generalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256NormalizerTest {
  @Test
  void hashIsLowerCaseHexSha256OfTheNormalisedValue() {
    // sha256("jane.doe@example.com"), computed independently (sha256sum)
    assertThat(Sha256Normalizer.hash(" Jane.Doe@Example.COM\n"))
        .isEqualTo("86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d")
        .matches("[0-9a-f]{64}");
    assertThat(Sha256Normalizer.hash("+1 (415) 555-2671"))
        .isEqualTo("cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928");
  }

  @ParameterizedTest
  @CsvSource({
    "' Jane.Doe@Example.COM ', jane.doe@example.com",
    "JANE+News@GMAIL.com, jane+news@gmail.com", // no provider-specific rewriting
    "'+1 (415) 555-2671', +14155552671",
    "+44 20 7946 0958, +442079460958",
    "'  +49 30 901820 ', +4930901820",
    "(415) 555-2671, (415) 555-2671", // no country code and no region: trimmed only
    "' Jane Doe ', Jane Doe",
    "12345, 12345", // too short to be a phone
  })
  void normalisation(String in, String normalised) {
    assertThat(Sha256Normalizer.normalize(in, null)).isEqualTo(normalised);
  }

  @Test
  void nationalNumbersNeedADefaultRegion() {
    assertThat(Sha256Normalizer.normalize("(415) 555-2671", "US")).isEqualTo("+14155552671");
    assertThat(Sha256Normalizer.normalize("020 7946 0958", "GB")).isEqualTo("+442079460958");
    assertThat(Sha256Normalizer.hash("(415) 555-2671", "US"))
        .isEqualTo(Sha256Normalizer.hash("+14155552671"));
  }

  @Test
  void equalAfterNormalisationMeansEqualHash() {
    assertThat(Sha256Normalizer.hash("Jane.Doe@example.com"))
        .isEqualTo(Sha256Normalizer.hash("jane.doe@EXAMPLE.com  "))
        .isNotEqualTo(Sha256Normalizer.hash("jane.doe@example.org"));
  }

  @Test
  void anAlreadyHashedValueIsHashedAgain() {
    String once = Sha256Normalizer.hash("jane.doe@example.com");
    assertThat(Sha256Normalizer.hash(once)).isNotEqualTo(once).matches("[0-9a-f]{64}");
  }
}
