package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Street addresses are reported whole (street, units, city, region, postcode, country), so that
 * {@code redact} does not leave the rest of an address in the text.
 */
class DetectAddressesTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static List<String> addresses(String text) {
    return DetectData.show(text, SCANNER.scan(text, ScanHints.NONE).stream()
        .filter(s -> s.category() == Category.STREET_ADDRESS)
        .toList());
  }

  /** {@code \n} in the table stands for a line break. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // US: unit, city, state and ZIP on the same line
        "Send it to 350 Fifth Avenue, Apt 4B, New York, NY 10118 today | 350 Fifth Avenue, Apt 4B, New York, NY 10118",
        // UK: city and postcode, then the country
        "Deliver to 10 Downing Street, London SW1A 2AA, United Kingdom. | 10 Downing Street, London SW1A 2AA, United Kingdom",
        // house number after the street, postcode before the city
        "Lieferung an Hauptstraße 5, 10115 Berlin, Deutschland | Hauptstraße 5, 10115 Berlin, Deutschland",
        // a letter head: one part per line, a building number before the street
        "Ship to 4410 18 Marlow Street\\n Suite 12\\n Ashcombe\\n United Kingdom 90210 by Friday | 4410 18 Marlow Street\\n Suite 12\\n Ashcombe\\n United Kingdom 90210",
        // a street type written as its own word after the name
        "Wir wohnen in der Villacher Strasse 89, 9020 Klagenfurt | Villacher Strasse 89, 9020 Klagenfurt",
        "Office: Piroska u. 97\\n1051 Budapest | Piroska u. 97\\n1051 Budapest",
        "Bor på Trenerys gate 23, 0150 Oslo | Trenerys gate 23, 0150 Oslo",
        // a postcode, then a street without a type word and its number, then a unit
        "Deliver to 30512 Kuusiku 7 Apt. 4\\nRapla\\nEstonia | 30512 Kuusiku 7 Apt. 4\\nRapla\\nEstonia",
        // post boxes and US forces mail
        "Mail it to P.O. Box 4471, Springfield, IL 62704. | P.O. Box 4471, Springfield, IL 62704",
        "Forward to PSC 3294, Box 9168\\nAPO AA 61487 thanks | PSC 3294, Box 9168\\nAPO AA 61487",
        "Parcel for USNS Comfort\\nFPO AE 09517 please | USNS Comfort\\nFPO AE 09517",
        // a unit before the street
        "Flat 3 221 Baker Street, London | Flat 3 221 Baker Street, London",
        // after a label (which alone ends the value at the first comma)
        "Address: 350 Fifth Avenue, Apt 4B, New York, NY 10118 | 350 Fifth Avenue, Apt 4B, New York, NY 10118",
        // a particle inside a city name
        "Sídlo: 11000 Na Poříčí 12, Velká Bukovina u Děčína | 11000 Na Poříčí 12, Velká Bukovina u Děčína",
      })
  void theWholeAddressIsOneSpan(String text, String address) {
    String t = text.strip().replace("\\n", "\n");
    assertThat(addresses(t)).containsExactly("address<" + address.strip().replace("\\n", "\n") + ">");
  }

  @Test
  void theTailStopsAtTheNextSentenceLabelOrNumber() {
    assertThat(addresses("I live at 12 Baker Street. Then I moved"))
        .containsExactly("address<12 Baker Street>");
    assertThat(addresses("12 Baker Street\nPhone: 555 0134"))
        .containsExactly("address<12 Baker Street>");
    // after a full postcode a number starts something else (the phone line of a letter head)
    assertThat(addresses("3247 Rua Igreja 25\n Ribeirão\n Portugal 30971\n21 253 109 8211-Office"))
        .containsExactly("address<3247 Rua Igreja 25\n Ribeirão\n Portugal 30971>");
    assertThat(addresses("meet at 90 Whitchurch Road and then lunch"))
        .containsExactly("address<90 Whitchurch Road>");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Released 10 May 2021 worldwide",
        "Added 120 Tickets 3 minutes ago",
        "Bought 12 Apples 3 days ago",
        "Boarding at Gate 12 now",
        "Step 3 Page 2 of the wizard",
        "version 2 Build 4471",
        "Box 12 of 30 packed",
      })
  void lookAlikesAreNotAddresses(String text) {
    assertThat(addresses(text)).isEmpty();
  }
}
