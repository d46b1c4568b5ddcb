package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Value detectors in free text: what each finds, with the span it reports. */
class DetectScannerTest {
  private static final TextScanner SCANNER = new TextScanner();
  private static final ScanHints US = new ScanHints("US");

  private static List<String> found(String text, ScanHints hints) {
    return DetectData.show(text, SCANNER.scan(text, hints));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "write to jane.doe@example.com today      | email<jane.doe@example.com>",
        "\"o'brien\"@example.org is odd            | email<\"o'brien\"@example.org>",
        "mailto:hans@müller.de                     | email<hans@müller.de>",
        "ssn 078-05-1120 on file                   | ssn<078-05-1120>",
        "ssn 078 05 1120 on file                   | ssn<078 05 1120>",
        "card 4111-1111-1111-1111 declined         | card<4111-1111-1111-1111>",
        "amex 3782 822463 10005                    | card<3782 822463 10005>",
        "IBAN DE89 3704 0044 0532 0130 00 thanks   | iban<DE89 3704 0044 0532 0130 00>",
        "iban gb82west12345698765432               | iban<gb82west12345698765432>",
        "from 203.0.113.42 via proxy               | ip<203.0.113.42>",
        "client 2001:db8:85a3::8a2e:370:7334 ok    | ip<2001:db8:85a3::8a2e:370:7334>",
        "mac 00:1B:44:11:3A:B7 seen                | mac<00:1B:44:11:3A:B7>",
        "bssid 00-1b-44-11-3a-b7                   | mac<00-1b-44-11-3a-b7>",
        "at 48.8566, 2.3522 now                    | geo<48.8566, 2.3522>",
        "pin -33.8688 151.2093                     | geo<-33.8688 151.2093>",
        "ship to 221B Baker Street, London         | address<221B Baker Street, London>",
        "HQ: 1600 Amphitheatre Pkwy, Mountain View | address<1600 Amphitheatre Pkwy, Mountain View>",
        "livraison 12 Rue de la Paix, Paris        | address<12 Rue de la Paix, Paris>",
        "Lieferung an Hauptstraße 5, Berlin        | address<Hauptstraße 5, Berlin>",
        "envío a Calle Mayor 7                     | address<Calle Mayor 7>",
        "user_id=u_8412 failed                     | online_id<u_8412>",
        "dob: 1990-04-01                           | dob<1990-04-01>",
      })
  void findsInFreeText(String text, String expected) {
    assertThat(found(text.strip(), ScanHints.NONE)).containsExactly(expected.strip());
  }

  @Test
  void phonesNeedAPlusARegionOrAPhoneWord() {
    assertThat(found("ref +1 415-555-0132 ok", ScanHints.NONE)).containsExactly("phone<+1 415-555-0132>");
    assertThat(found("ref 415-555-0132 ok", ScanHints.NONE)).isEmpty();
    assertThat(found("ref 415-555-0132 ok", US)).containsExactly("phone<415-555-0132>");
    assertThat(found("ref (415) 555-0132 ok", US)).containsExactly("phone<(415) 555-0132>");
    assertThat(found("ref 030 12345678", new ScanHints("DE"))).containsExactly("phone<030 12345678>");
    assertThat(found("ref 01.84.17.61.18", new ScanHints("FR"))).containsExactly("phone<01.84.17.61.18>");
    // a phone word vouches for the region: a number valid in a common region counts
    assertThat(found("Phone: 0490 75 40 81", ScanHints.NONE)).containsExactly("phone<0490 75 40 81>");
    assertThat(found("call me at 020 7946 0018", ScanHints.NONE)).containsExactly("phone<020 7946 0018>");
    // an extension is part of the number
    assertThat(found("office 212-555-0134x4587", US)).containsExactly("phone<212-555-0134x4587>");
    // invalid numbers are not phones, whatever their shape
    assertThat(found("tel +1 415-155-0132", ScanHints.NONE)).isEmpty();
  }

  @Test
  void ssnRules() {
    for (String bad : List.of("000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000")) {
      assertThat(found("ssn " + bad, ScanHints.NONE)).as(bad).isEmpty();
    }
    // nine bare digits are an id, not an SSN
    assertThat(found("id 078051120", ScanHints.NONE)).isEmpty();
  }

  @Test
  void versionsAreNotIpAddresses() {
    assertThat(found("version 10.0.0.1 installed", ScanHints.NONE)).isEmpty();
    assertThat(found("v1.2.3.4", ScanHints.NONE)).isEmpty();
    assertThat(found("Chrome/120.0.0.0 Safari/537.36", ScanHints.NONE)).isEmpty();
    assertThat(found("build 10.0.19045.3693", ScanHints.NONE)).isEmpty();
    // a bare dotted quad is an address
    assertThat(found("peer 1.2.3.4", ScanHints.NONE)).containsExactly("ip<1.2.3.4>");
  }

  @Test
  void nothingFoundIsTheSharedEmptyList() {
    assertThat(SCANNER.scan("Order Completed", ScanHints.NONE)).isSameAs(List.of());
    assertThat(SCANNER.scan("", ScanHints.NONE)).isSameAs(List.of());
    assertThat(SCANNER.scan(null, ScanHints.NONE)).isSameAs(List.of());
  }

  @Test
  void spansAreSortedAndDisjoint() {
    String text = "Jordan Smith (jordan.smith@example.com, +44 20 7946 0018) paid with 4111 1111 1111 1111 "
        + "from 198.51.100.7 at 12 Rue de la Paix";
    List<Span> spans = SCANNER.scan(text, ScanHints.NONE);
    assertThat(DetectData.show(text, spans)).containsExactly(
        "name<Jordan Smith>", "email<jordan.smith@example.com>", "phone<+44 20 7946 0018>",
        "card<4111 1111 1111 1111>", "ip<198.51.100.7>", "address<12 Rue de la Paix>");
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i).start()).isGreaterThanOrEqualTo(spans.get(i - 1).end());
    }
  }

  @Test
  void hintsFromContext() {
    assertThat(ScanHints.fromContext("en-US", null).region()).isEqualTo("US");
    assertThat(ScanHints.fromContext("pt_BR", "PT").region()).isEqualTo("BR");
    assertThat(ScanHints.fromContext("zh-Hant-TW", null).region()).isEqualTo("TW");
    assertThat(ScanHints.fromContext("de", "at").region()).isEqualTo("AT");
    assertThat(ScanHints.fromContext("en_GB.UTF-8", null).region()).isEqualTo("GB");
    assertThat(ScanHints.fromContext("fr", "France")).isSameAs(ScanHints.NONE);
    assertThat(ScanHints.fromContext(null, null)).isSameAs(ScanHints.NONE);
  }
}
