package dev.sluice.server.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.generalize.GeneralizeContext;
import dev.sluice.core.generalize.Generalizer;
import dev.sluice.core.generalize.Generalizers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MmdbCountryLookupTest {
  static final MmdbCountryLookup DB = MmdbCountryLookup.fromClasspath();

  /** Literal to address without DNS (the JDK parses literals itself). */
  static InetAddress ip(String literal) throws IOException {
    return InetAddress.getByName(literal);
  }

  /** What the pinned DB-IP release (2.3.2026060120) says about well-known addresses. */
  @ParameterizedTest
  @CsvSource({
    "8.8.8.8, US", // Google Public DNS
    "9.9.9.9, US", // Quad9
    "1.1.1.1, AU", // Cloudflare, registered via APNIC in Australia
    "81.2.69.142, GB",
    "193.0.14.129, NL", // k.root-servers.net, RIPE NCC
    "2001:67c:2e8::1, NL", // RIPE NCC
    "2001:4860:4860::8888, CA", // Google Public DNS IPv6: DB-IP places this block in Canada
    "::ffff:8.8.8.8, US", // IPv4-mapped
  })
  void placesPublicAddresses(String address, String country) throws IOException {
    assertThat(DB.country(ip(address))).isEqualTo(country);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.1.1",
        "100.64.0.1",
        "203.0.113.5",
        "::1",
        "fe80::1",
        "fc00::1",
        "2001:db8::1"
      })
  void privateAndReservedRangesAreUnknown(String address) throws IOException {
    assertThat(DB.country(ip(address))).isNull();
  }

  @Test
  void backsTheCountryGeneralizer() {
    Generalizer country =
        Generalizers.parse("country", new GeneralizeContext(DB, () -> LocalDate.of(2026, 11, 25)));
    assertThat(country.apply(TextNode.valueOf("8.8.8.8")).textValue()).isEqualTo("US");
    assertThat(country.apply(TextNode.valueOf("2001:67c:2e8::1")).textValue()).isEqualTo("NL");
    assertThat(country.apply(TextNode.valueOf("192.168.1.1")).textValue()).isEqualTo("ZZ");
    assertThat(country.apply(TextNode.valueOf("dns.google"))).isNull();
  }

  @Test
  void knowsWhatItLoaded() {
    assertThat(DB.databaseType()).isEqualTo("country ipvAll");
    assertThat(DB.buildTime()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(DB.toString()).contains(MmdbCountryLookup.RESOURCE);
  }

  @Test
  void missingDatabaseSaysHowToGetIt() {
    assertThatThrownBy(() -> MmdbCountryLookup.fromResource("/geo/no-such.mmdb"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("classpath:/geo/no-such.mmdb")
        .hasMessageContaining("is missing")
        .hasMessageContaining("npm");
  }

  @Test
  void aFileThatIsNoMaxMindDbIsRefused() {
    assertThatThrownBy(() -> MmdbCountryLookup.fromResource("/geo/not-a-database.mmdb"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("classpath:/geo/not-a-database.mmdb")
        .hasMessageContaining("cannot be read as a MaxMind DB");
  }

  @Test
  void aTruncatedDatabaseIsRefused() throws IOException {
    byte[] whole;
    try (InputStream in = MmdbCountryLookup.class.getResourceAsStream(MmdbCountryLookup.RESOURCE)) {
      whole = in.readAllBytes();
    }
    // Keep the metadata (at the end of the file) but drop most of the search tree and data.
    byte[] tail = Arrays.copyOfRange(whole, whole.length - 200_000, whole.length);
    assertThatThrownBy(() -> MmdbCountryLookup.load(new ByteArrayInputStream(tail), "truncated"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("truncated");
  }
}
