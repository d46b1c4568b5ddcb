package dev.sluice.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private static final byte[] RAW = new byte[32];

  static {
    for (int i = 0; i < RAW.length; i++) {
      RAW[i] = (byte) (0xf0 + i); // high bytes give '+' and '/' (or '-' and '_') in base64
    }
  }

  @Test
  void readsStandardAndUrlSafeBase64WithOrWithoutPadding() {
    String std = Base64.getEncoder().encodeToString(RAW);
    assertThat(std).contains("=").containsAnyOf("+", "/");
    for (String text :
        new String[] {
          std,
          Base64.getEncoder().withoutPadding().encodeToString(RAW),
          Base64.getUrlEncoder().encodeToString(RAW),
          Base64.getUrlEncoder().withoutPadding().encodeToString(RAW),
          "  " + std + "\n"
        }) {
      assertThat(MasterKey.fromBase64(text).toBase64()).as(text).isEqualTo(std);
    }
  }

  @Test
  void generatedKeysRoundTripAndDiffer() {
    MasterKey a = MasterKey.generate();
    assertThat(MasterKey.fromBase64(a.toBase64()).toBase64()).isEqualTo(a.toBase64());
    assertThat(Base64.getDecoder().decode(a.toBase64())).hasSize(32);
    assertThat(MasterKey.generate().toBase64()).isNotEqualTo(a.toBase64());
  }

  @Test
  void wrongLengthSaysHowManyBytes() {
    String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> MasterKey.fromBase64(sixteen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("master key must be 32 bytes of base64; got 16 bytes");
  }

  @Test
  void invalidBase64IsRefusedWithoutQuotingTheInput() {
    String secretish = "s3cr3t!!*not-base64-at-all#";
    assertThatThrownBy(() -> MasterKey.fromBase64(secretish))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("master key must be 32 bytes of base64")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("#"));
    assertThatThrownBy(() -> MasterKey.fromBase64(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheKey() {
    MasterKey k = MasterKey.fromBase64(Base64.getEncoder().encodeToString(RAW));
    assertThat(k.toString()).doesNotContain(k.toBase64()).contains("redacted");
  }
}
