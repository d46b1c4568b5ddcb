package dev.sluice.core.generalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.net.IpLiteral;
import java.net.InetAddress;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpGeneralizationTest {
  /** A tiny database: the address text as InetAddress prints it, to a country. */
  static final Map<String, String> DB =
      Map.of(
          "8.8.8.8", "US",
          "81.2.69.142", "GB",
          "2001:67c:2e8:0:0:0:0:1", "NL",
          "1.1.1.1", "not-a-code");

  static final List<InetAddress> ASKED = new ArrayList<>();

  static final CountryLookup LOOKUP =
      address -> {
        ASKED.add(address);
        return DB.get(address.getHostAddress());
      };

  static final GeneralizeContext CTX =
      new GeneralizeContext(LOOKUP, () -> LocalDate.of(2026, 11, 25));
  static final Generalizer COUNTRY = Generalizers.parse("country", CTX);
  static final Generalizer PREFIX = Generalizers.parse("ip-prefix", CTX);

  static String text(JsonNode n) {
    return n == null ? null : n.textValue();
  }

  @ParameterizedTest
  @CsvSource({
    "8.8.8.8, US",
    "' 81.2.69.142 ', GB",
    "2001:67c:2e8::1, NL",
    "[2001:67c:2e8::1], NL",
    "::ffff:8.8.8.8, US",
    "10.0.0.1, ZZ",
    "192.168.1.20, ZZ",
    "fe80::1%eth0, ZZ",
    "1.1.1.1, ZZ", // the lookup answered something that is no ISO code
  })
  void countryOfAnIpLiteral(String ip, String country) {
    assertThat(text(COUNTRY.apply(TextNode.valueOf(ip)))).isEqualTo(country);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "8.8.8.8:53",
        "8.8.8",
        "8.8.8.8.8",
        "256.1.1.1",
        "08.8.8.8",
        "1.2.3.4 5",
        "2001:db8::1::2",
        "2001:db8:::1",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::1",
        "::1.2.3",
        "1.2.3.4::",
        "2001:db8::g",
        "٨.٨.٨.٨",
      })
  void notAnIpLiteralHasNoCountryAndNoPrefix(String value) {
    assertThat(COUNTRY.apply(TextNode.valueOf(value))).isNull();
    assertThat(PREFIX.apply(TextNode.valueOf(value))).isNull();
  }

  @Test
  void hostNamesAreNeverResolved() {
    ASKED.clear();
    assertThat(COUNTRY.apply(TextNode.valueOf("dns.google"))).isNull();
    assertThat(ASKED).isEmpty();
  }

  @Test
  void nonStringsHaveNoCountry() {
    assertThat(COUNTRY.apply(IntNode.valueOf(134744072))).isNull();
    assertThat(COUNTRY.apply(NullNode.instance)).isNull();
    assertThat(COUNTRY.apply(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "203.0.113.7, 203.0.113.0/24",
    "203.0.113.255, 203.0.113.0/24",
    "0.0.0.0, 0.0.0.0/24",
    "::ffff:203.0.113.7, 203.0.113.0/24",
    "2001:db8:1234:5678::1, 2001:db8:1234::/48",
    "2001:DB8:1234:FFFF:FFFF:FFFF:FFFF:FFFF, 2001:db8:1234::/48",
    "[2a00:1450:4001:82b::200e], 2a00:1450:4001::/48",
    "fe80::1%eth0, fe80::/48",
    "::1, ::/48",
    "::, ::/48",
    "2002:cb00:7107::1, 2002:cb00:7100::/40", // 6to4: the embedded IPv4 keeps only its /24
    "1:2:3:4:5:6:7:8, 1:2:3::/48",
    "1:0:0:2:0:0:0:3, 1::/48",
  })
  void prefixKeepsTheNetworkOnly(String ip, String prefix) {
    assertThat(text(PREFIX.apply(TextNode.valueOf(ip)))).isEqualTo(prefix);
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
    "::ffff:1.2.3.4, ::ffff:102:304",
  })
  void ipv6IsPrintedInRfc5952Form(String in, String canonical) {
    assertThat(IpLiteral.format(IpLiteral.parseLenient(in))).isEqualTo(canonical);
  }

  @Test
  void describesItself() {
    assertThat(COUNTRY.describe()).isEqualTo("country");
    assertThat(PREFIX.describe()).isEqualTo("ip-prefix");
  }
}
