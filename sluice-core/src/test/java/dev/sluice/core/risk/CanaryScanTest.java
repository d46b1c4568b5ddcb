package dev.sluice.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanaryScanTest {
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void findsCanaryAliasesPseudonymsAndSha256Digests() {
    String text = "From: x <canary+mixpanel-ab12cd34ef@Canary.Example.com> id ps1_3_GzNqAbCdEfGhIjKlMnOpQr "
        + "hash " + HASH.toUpperCase() + ", again " + HASH;
    assertThat(CanaryScan.emails(text)).containsExactly(
        new CanaryScan.CanaryEmail("mixpanel", "canary+mixpanel-ab12cd34ef@canary.example.com"));
    assertThat(CanaryScan.pseudonyms(text)).containsExactly("ps1_3_GzNqAbCdEfGhIjKlMnOpQr");
    assertThat(CanaryScan.epoch("ps1_3_GzNqAbCdEfGhIjKlMnOpQr")).isEqualTo(3);
    assertThat(CanaryScan.sha256Hex(text)).containsExactly(HASH);
  }

  @Test
  void aDigestIsExactlySixtyFourHexDigitsStandingAlone() {
    assertThat(CanaryScan.sha256Hex(HASH + "0")).isEmpty(); // 65 digits: not a SHA-256
    assertThat(CanaryScan.sha256Hex(HASH.substring(1))).isEmpty();
    assertThat(CanaryScan.sha256Hex("x" + HASH)).isEmpty();
    assertThat(CanaryScan.sha256Hex("\"" + HASH + "\"")).containsExactly(HASH);
  }
}
