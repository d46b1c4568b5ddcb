package dev.sluice.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrfPseudonymizerTest {
  @BeforeAll
  static void register() throws Exception {
    PrfConfig.register();
  }

  static PrfPseudonymizer fresh(int epoch) throws Exception {
    KeysetHandle h = KeysetHandle.generateNew(com.google.crypto.tink.KeyTemplates.get("HMAC_SHA256_PRF"));
    PrfSet set = h.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    return new PrfPseudonymizer(set.getPrfs().get(set.getPrimaryId()), epoch);
  }

  @Test
  void stablePerKeyUnrelatedAcrossKeys() throws Exception {
    PrfPseudonymizer a = fresh(1);
    PrfPseudonymizer b = fresh(1);
    assertThat(a.pseudonym("user-42")).isEqualTo(a.pseudonym("user-42"));
    assertThat(a.pseudonym("user-42")).isNotEqualTo(b.pseudonym("user-42"));
    assertThat(a.pseudonym("user-42")).isNotEqualTo(a.pseudonym("user-43"));
  }

  @Test
  void formatCarriesEpochAnd128Bits() throws Exception {
    String p = fresh(7).pseudonym("jane@example.com");
    assertThat(p).matches("ps1_7_[A-Za-z0-9_-]{22}");
    assertThat(p).doesNotContain("jane");
  }

  @Test
  void idempotencyIdIsAStableVersion8Uuid() throws Exception {
    PrfPseudonymizer a = fresh(1);
    var id = a.idempotencyId("m-1");
    assertThat(id).isEqualTo(a.idempotencyId("m-1"));
    assertThat(id.version()).isEqualTo(8);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id).isNotEqualTo(fresh(1).idempotencyId("m-1"));
  }
}
