package dev.sluice.server.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.TrustedProxies;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  final ClientAddress none = new ClientAddress(TrustedProxies.NONE::trusts);
  final ClientAddress lb = new ClientAddress(TrustedProxies.parse(List.of("10.0.0.0/8", "::1"))::trusts);

  @Test
  void forwardedForIsIgnoredFromUntrustedPeers() {
    assertThat(none.resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    assertThat(lb.resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
  }

  @Test
  void trustedProxyChainIsReadFromTheRight() {
    // The client may prepend a forged hop; the proxies append the real one.
    assertThat(lb.resolve("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.0.0.7")).isEqualTo("203.0.113.9");
    assertThat(lb.resolve("::1", "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void garbageInTheChainIsNotBelieved() {
    assertThat(lb.resolve("10.0.0.5", "evil.example, 10.0.0.7")).isEqualTo("10.0.0.5");
    assertThat(lb.resolve("10.0.0.5", "")).isEqualTo("10.0.0.5");
  }

  @Test
  void literalsOnlyNeverHostNames() {
    assertThat(ClientAddress.literal("localhost")).isNull();
    assertThat(ClientAddress.literal("deadbeef")).isNull();
    assertThat(ClientAddress.literal("[::1]")).isNotNull();
    assertThat(ClientAddress.literal("192.0.2.1")).isNotNull();
  }
}
