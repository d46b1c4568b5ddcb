package dev.sluice.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LookAlikeDomainsTest {
  private static final Map<String, List<String>> VENDORS =
      Map.of("mixpanel", List.of("mixpanel.com"), "amplitude", List.of("amplitude.com"));

  private static List<LookAlikeDomains.Finding> check(String text) {
    return LookAlikeDomains.check(LookAlikeDomains.domains(text), VENDORS);
  }

  @Test
  void flagsHomoglyphsPunycodeTyposAndNameInAnotherDomain() {
    assertThat(check("see https://mіxpanel.com/login")).singleElement() // Cyrillic і
        .satisfies(f -> assertThat(f.why()).contains("look-alike characters"));
    assertThat(check("https://xn--mxpanel-rog.com/reset")).isNotEmpty();
    assertThat(check("https://xn--mxpanel-rog.com/reset").get(0).why()).startsWith("punycode xn--mxpanel-rog.com decodes to");
    assertThat(check("mail from support@mixpanell.com").get(0).why()).contains("away from mixpanel");
    assertThat(check("https://arnplitude.com").get(0).vendor()).isEqualTo("amplitude");
    assertThat(check("https://mixpanel-security.com/verify").get(0).why()).contains("contains the vendor's name");
    assertThat(check("https://mixpanel.co/verify").get(0).why()).contains("another suffix");
  }

  @Test
  void theVendorsOwnDomainsAndUnrelatedOnesPass() {
    assertThat(check("https://mixpanel.com/report and api.mixpanel.com, docs at example.org")).isEmpty();
    assertThat(LookAlikeDomains.domains("Visit Mixpanel.com today.")).isEqualTo(Set.of("mixpanel.com"));
  }
}
