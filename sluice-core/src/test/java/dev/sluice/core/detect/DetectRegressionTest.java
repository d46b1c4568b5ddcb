package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detector bugs found by the accuracy evaluation (docs/accuracy.md, notes A-G), each pinned by the
 * example that exposed it.
 */
class DetectRegressionTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static List<String> found(String text, String region) {
    return DetectData.show(text, SCANNER.scan(text, region == null ? ScanHints.NONE : new ScanHints(region)));
  }

  /** A: the number scanner skipped clusters that start like a date before trying IPv4. */
  @Test
  void ipv4WhoseFirstOctetsReadAsADate() {
    assertThat(found("Login from 8.21.34.123 blocked", null)).containsExactly("ip<8.21.34.123>");
    assertThat(found("23.11.45.200", null)).containsExactly("ip<23.11.45.200>");
    assertThat(found("24.8.10.1", null)).containsExactly("ip<24.8.10.1>");
    assertThat(found("31.12.99.1", null)).containsExactly("ip<31.12.99.1>");
    // still a date, not an address
    assertThat(found("born 31.12.1999 in Oslo", null)).doesNotContain("ip<31.12.1999>");
  }

  /** B: {@code state} is an OAuth secret only in a callback URL, not in any fragment. */
  @Test
  void stateInAFragmentOffACallbackIsNotASecret() {
    assertThat(found("https://x.example/app#tab=2&state=open", null)).isEmpty();
  }

  /** C: a value detector's category wins over the reset/invite path-token rule. */
  @Test
  void emailInAnUnsubscribeOrInvitePathIsAnEmail() {
    assertThat(found("https://x.example/unsubscribe/andrew1985@gmail.com", null))
        .containsExactly("email<andrew1985@gmail.com>");
    assertThat(found("https://x.example/#/invite/jane.doe%40gmail.com", null))
        .containsExactly("email<jane.doe%40gmail.com>");
  }

  /** D: a validated IBAN wins over a Luhn-valid digit run inside it. */
  @Test
  void spacedIbanWinsOverACardInsideIt() {
    assertThat(found("ES45 6718 5646 0251 7083 3084", null))
        .containsExactly("iban<ES45 6718 5646 0251 7083 3084>");
    assertThat(found("pay to AT44 2538 3285 1368 2023 today", null))
        .containsExactly("iban<AT44 2538 3285 1368 2023>");
  }

  /** E: a raw {@code +} in a query or fragment value is the number's plus, not a space. */
  @Test
  void rawPlusInAQueryValueKeepsTheCountryCode() {
    assertThat(found("https://x.example/?to=+4915112345678", null)).containsExactly("phone<+4915112345678>");
    assertThat(found("https://x.example/#v=+61412139574&tab=details", null))
        .containsExactly("phone<+61412139574>");
    // a form-encoded space between words stays a space
    assertThat(found("https://x.example/search?q=running+shoes", null)).isEmpty();
  }

  /** F: digit groups of a hex id are not a phone number, whatever the region. */
  @Test
  void hexIdIsNotAPhone() {
    assertThat(found("08619889-5782-ddcd-5a7d-0524e2af2c5e", "DE")).isEmpty();
    assertThat(found("ref 08619889-5782-ddcd-5a7d-0524e2af2c5e", "DE")).isEmpty();
    assertThat(found("call 030 12345678", "DE")).containsExactly("phone<030 12345678>");
  }

  /** G: a capitalised sentence-initial verb is not the given name of the name that follows. */
  @Test
  void sentenceInitialVerbIsNotPartOfTheName() {
    assertThat(found("Invited Thomas Haddad to the workspace", null)).containsExactly("name<Thomas Haddad>");
    assertThat(found("Invited Maria Garcia", null)).containsExactly("name<Maria Garcia>");
  }
}
