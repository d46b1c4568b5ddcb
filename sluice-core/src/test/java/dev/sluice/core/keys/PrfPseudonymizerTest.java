package dev.sluice.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.prf.Prf;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
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

  /** Counts the PRF calls it passes on. */
  static final class CountingPrf implements Prf {
    final Prf inner;
    int calls;

    CountingPrf(Prf inner) {
      this.inner = inner;
    }

    @Override
    public byte[] compute(byte[] input, int outputLength) throws GeneralSecurityException {
      calls++;
      return inner.compute(input, outputLength);
    }
  }

  static Prf freshPrf() throws Exception {
    KeysetHandle h = KeysetHandle.generateNew(com.google.crypto.tink.KeyTemplates.get("HMAC_SHA256_PRF"));
    PrfSet set = h.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    return set.getPrfs().get(set.getPrimaryId());
  }

  @Test
  void aRepeatedIdIsAnsweredFromTheMemoWithTheSamePseudonym() throws Exception {
    CountingPrf prf = new CountingPrf(freshPrf());
    PrfPseudonymizer p = new PrfPseudonymizer(prf, 1);
    String first = p.pseudonym("user-42");
    assertThat(p.pseudonym("user-42")).isEqualTo(first);
    assertThat(prf.calls).isEqualTo(1);
    // Message ids never repeat, so idempotency ids always go to the PRF.
    p.idempotencyId("m-1");
    p.idempotencyId("m-1");
    assertThat(prf.calls).isEqualTo(3);
  }

  @Test
  void memoIsBoundedAndAlwaysAgreesWithThePrf() throws Exception {
    Prf shared = freshPrf();
    PrfPseudonymizer memoised = new PrfPseudonymizer(shared, 3);
    Map<String, String> truth = new HashMap<>();
    int ids = PrfPseudonymizer.MEMO_SLOTS * 4;
    for (int i = 0; i < ids; i++) {
      // A fresh instance has an empty memo: its answer is the PRF's.
      truth.put("id-" + i, new PrfPseudonymizer(shared, 3).pseudonym("id-" + i));
    }
    Random rnd = new Random(5);
    for (int i = 0; i < ids * 3; i++) {
      String id = "id-" + rnd.nextInt(ids);
      assertThat(memoised.pseudonym(id)).isEqualTo(truth.get(id));
    }
    assertThat(memoised.memoised()).isGreaterThan(PrfPseudonymizer.MEMO_SLOTS / 2).isLessThanOrEqualTo(PrfPseudonymizer.MEMO_SLOTS);
  }

  @Test
  void anotherEpochNeverAnswersFromTheOldMemo() throws Exception {
    Prf key1 = freshPrf();
    Prf key2 = freshPrf();
    PrfPseudonymizer epoch1 = new PrfPseudonymizer(key1, 1);
    String old = epoch1.pseudonym("user-42");
    PrfPseudonymizer epoch2 = new PrfPseudonymizer(key2, 2);
    String now = epoch2.pseudonym("user-42");
    assertThat(now).startsWith("ps1_2_").isNotEqualTo(old.replace("ps1_1_", "ps1_2_"));
    assertThat(epoch1.pseudonym("user-42")).isEqualTo(old);
  }
}
