package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The small value parsers behind the loader: sizes, IP literals and ranges, origins. */
class ConfigValuesTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0", "512, 512", "512B, 512", "32KB, 32768", "32kb, 32768", "32 KiB, 32768",
      "500KB, 512000", "1MB, 1048576", "512MiB, 536870912", "1GiB, 1073741824", "2gb, 2147483648"})
  void sizes(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "KB", "1.5GB", "-1", "10 MBs", "1TB", "1  KB", " 1KB", "1e3", "99999999999999999999"})
  void notSizes(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizeOverflowIsAnErrorNotAWrap() {
    assertThatThrownBy(() -> ByteSize.parse("9999999999999GiB")).hasMessageContaining("too large");
  }

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 127.0.0.1", "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255",
      "::1, 0:0:0:0:0:0:0:1", "::, 0:0:0:0:0:0:0:0", "fd00::, fd00:0:0:0:0:0:0:0",
      "2001:db8::8a2e:370:7334, 2001:db8:0:0:0:8a2e:370:7334",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8", "::ffff:10.1.2.3, 10.1.2.3", "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221"})
  void ipLiterals(String text, String expected) {
    assertThat(TrustedProxies.parseAddress(text)).get()
        .extracting(InetAddress::getHostAddress).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4 ",
      "1::2::3", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "fe80::1%eth0", "[::1]",
      "::1.2.3", "1.2.3.4::", "g::1", ":1", "1:"})
  void notIpLiterals(String text) {
    assertThat(TrustedProxies.parseAddress(text)).isEmpty();
  }

  @Test
  void rangesMatchByPrefixAndFamily() throws Exception {
    TrustedProxies t = TrustedProxies.parse(List.of("192.168.0.0/16", "10.1.2.3", "2001:db8::/32", "::ffff:172.16.0.0/108"));
    assertThat(t.trusts(addr("192.168.255.1"))).isTrue();
    assertThat(t.trusts(addr("192.169.0.1"))).isFalse();
    assertThat(t.trusts(addr("10.1.2.3"))).isTrue();
    assertThat(t.trusts(addr("10.1.2.4"))).isFalse();
    assertThat(t.trusts(addr("2001:db8:ffff::1"))).isTrue();
    assertThat(t.trusts(addr("2001:db9::1"))).isFalse();
    assertThat(t.trusts(addr("172.31.255.255"))).isTrue(); // the mapped /108 is the IPv4 /12
    assertThat(t.trusts(addr("172.32.0.0"))).isFalse();
    // An IPv4-mapped IPv6 peer is matched as IPv4.
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 192;
    mapped[13] = (byte) 168;
    mapped[14] = 1;
    mapped[15] = 1;
    assertThat(t.trusts(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    assertThat(TrustedProxies.NONE.trusts(addr("127.0.0.1"))).isFalse();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trustsEveryone()).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(addr("8.8.8.8"))).isTrue();
    assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(addr("::2"))).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1/8      | host bits set; did you mean 10.0.0.0/8?",
      "10.0.0.0/33     | bad prefix length: use /0 to /32",
      "10.0.0.0/08     | bad prefix length",
      "fd00::1/8       | did you mean fd00::/8?",
      "2001:db8:0:0:1::1/64 | did you mean 2001:db8::/64?",
      "1:0:0:2:0:0:0:1/16 | did you mean 1::/16?",
      "lb.example.com  | not an IP address or CIDR range"})
  void badRanges(String entry, String problem) {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry))).hasMessageContaining(problem);
  }

  @ParameterizedTest
  @CsvSource({
      "https://App.Example.COM, https://app.example.com", "http://localhost:3000, http://localhost:3000",
      "HTTPS://x.example, https://x.example", "*, *"})
  void origins(String text, String normal) {
    assertThat(ConfigLoader.origin(text)).isEqualTo(normal);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "app.example.com", "https://app.example.com/", "https://app.example.com/path", "ftp://x.example",
      "https://user@x.example", "https://x.example?q", "null", "https://*.example.com"})
  void notOrigins(String text) {
    assertThatThrownBy(() -> ConfigLoader.origin(text)).isInstanceOf(IllegalArgumentException.class);
  }

  private static InetAddress addr(String literal) {
    InetAddress a = TrustedProxies.parseAddress(literal).orElseThrow();
    assertThat(a).isInstanceOfAny(Inet4Address.class, Inet6Address.class);
    return a;
  }
}
