package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact validators against validator.js's test vectors (shared/data/validators). */
class DetectValidatorsTest {

  private static List<String> failures(List<String> values, java.util.function.Predicate<String> ok, boolean expected) {
    List<String> wrong = new ArrayList<>();
    for (String v : values) {
      if (ok.test(v) != expected) {
        wrong.add(v);
      }
    }
    return wrong;
  }

  @Test
  void cardNumbersFollowLuhnIssuerRangesAndLengths() {
    JsonNode cards = DetectData.json("validators/credit_cards.json");
    assertThat(failures(DetectData.strings(cards.get("valid")), Cards::isValid, true)).isEmpty();
    assertThat(failures(DetectData.strings(cards.get("invalid")), Cards::isValid, false)).isEmpty();
    // every brand's own valid numbers are cards too
    for (Map.Entry<String, JsonNode> brand : cards.get("by_provider").properties()) {
      assertThat(failures(DetectData.strings(brand.getValue().get("valid")), Cards::isValid, true))
          .as(brand.getKey())
          .isEmpty();
    }
  }

  @Test
  void luhnAloneIsNotEnough() {
    // passes Luhn, but 2721 and 2220 are outside Mastercard's 2221-2720 and 24 digits is no brand
    JsonNode cards = DetectData.json("validators/credit_cards.json");
    int luhnOkButInvalid = 0;
    for (JsonNode a : cards.get("annotated")) {
      if (a.get("expected").asText().equals("invalid") && a.get("luhn_ok").asBoolean(false)) {
        String digits = a.get("digits").asText();
        assertThat(Cards.luhn(digits, digits.length())).as(digits).isTrue();
        assertThat(Cards.isValid(a.get("value").asText())).as(digits).isFalse();
        luhnOkButInvalid++;
      }
    }
    assertThat(luhnOkButInvalid).isEqualTo(4);
  }

  @Test
  void ibansFollowCountryFormatAndMod97() {
    JsonNode iban = DetectData.json("validators/iban.json");
    assertThat(failures(DetectData.strings(iban.get("valid")), Ibans::isValid, true)).isEmpty();
    assertThat(failures(DetectData.strings(iban.get("invalid")), Ibans::isValid, false)).isEmpty();
    int mod97OkButInvalid = 0;
    for (JsonNode a : iban.get("annotated")) {
      if (a.get("expected").asText().equals("invalid") && a.get("mod97_ok").asBoolean(false)) {
        assertThat(Ibans.isValid(a.get("value").asText())).as(a.get("value").asText()).isFalse();
        mod97OkButInvalid++;
      }
    }
    assertThat(mod97OkButInvalid).as("VG, IE and PS entries with a good checksum").isEqualTo(3);
  }

  @Test
  void emailAddresses() {
    JsonNode email = DetectData.json("validators/email.json");
    assertThat(failures(DetectData.strings(email.get("valid")), Emails::isValid, true)).isEmpty();
    assertThat(failures(DetectData.strings(email.get("invalid")), Emails::isValid, false)).isEmpty();
  }

  @Test
  void ipAddresses() {
    JsonNode ip = DetectData.json("validators/ip.json");
    assertThat(failures(DetectData.strings(ip.get("valid")), IpAddresses::isIp, true)).isEmpty();
    assertThat(failures(DetectData.strings(ip.get("invalid")), IpAddresses::isIp, false)).isEmpty();
    java.util.function.Predicate<String> v4 = s -> IpAddresses.isIpv4(s, 0, s.length());
    java.util.function.Predicate<String> v6 = s -> IpAddresses.isIpv6(s, 0, s.length());
    assertThat(failures(DetectData.strings(ip.get("ipv4").get("valid")), v4, true)).isEmpty();
    assertThat(failures(DetectData.strings(ip.get("ipv4").get("invalid")), v4, false)).isEmpty();
    assertThat(failures(DetectData.strings(ip.get("ipv6").get("valid")), v6, true)).isEmpty();
    assertThat(failures(DetectData.strings(ip.get("ipv6").get("invalid")), v6, false)).isEmpty();
  }

  @Test
  void validValuesAreFoundWhenScannedAsValues() {
    TextScanner scanner = new TextScanner();
    for (String card : DetectData.strings(DetectData.json("validators/credit_cards.json").get("valid"))) {
      String text = "card " + card + " thanks";
      assertThat(DetectData.show(text, scanner.scan(text, ScanHints.NONE)))
          .as(card)
          .containsExactly("card<" + card + ">");
    }
    for (String iban : DetectData.strings(DetectData.json("validators/iban.json").get("valid"))) {
      assertThat(DetectData.show(iban, scanner.scan(iban, ScanHints.NONE)))
          .as(iban)
          .containsExactly("iban<" + iban + ">");
    }
    for (String email : List.of("foo@bar.com", "x@x.au", "foo+bar@bar.com", "hans.m端ller@test.com",
        "test@1337.com", "some.name.midd.leNa.me.and.locality+extension@GoogleMail.com")) {
      String text = "mail " + email + ".";
      assertThat(DetectData.show(text, scanner.scan(text, ScanHints.NONE)))
          .as(email)
          .containsExactly("email<" + email + ">");
    }
  }
}
