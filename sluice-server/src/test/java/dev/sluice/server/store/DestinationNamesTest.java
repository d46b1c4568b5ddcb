package dev.sluice.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationNamesTest {
  @Test
  void plainNamesStayReadable() {
    assertThat(DestinationNames.encode("mixpanel-prod_2")).isEqualTo("mixpanel-prod_2");
  }

  @Test
  void everythingElseIsEscapedAndDecodesBack() {
    for (String name :
        List.of("..", ".", "../etc", "a/b", "a\\b", "Mixpanel", "ü", "a b", "%41", "😀")) {
      String encoded = DestinationNames.encode(name);
      assertThat(encoded).as(name).matches("[a-z0-9_%A-F-]+").doesNotContain("/", ".");
      assertThat(DestinationNames.decode(encoded)).isEqualTo(name);
    }
    assertThat(DestinationNames.encode("Mixpanel"))
        .isNotEqualTo(DestinationNames.encode("mixpanel"));
  }

  @Test
  void badNamesAreRefused() {
    for (String bad :
        new String[] {"", "a\nb", "x".repeat(DestinationNames.MAX_UTF8_BYTES + 1), "\ud800"}) {
      assertThatThrownBy(() -> DestinationNames.encode(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> DestinationNames.validate(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyCanonicalFileNamesDecode() {
    for (String foreign : List.of(".lock", "%6d", "%4", "%zz", "a.b", "%2e%2E")) {
      assertThatThrownBy(() -> DestinationNames.decode(foreign))
          .as(foreign)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
