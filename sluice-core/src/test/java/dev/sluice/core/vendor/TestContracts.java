package dev.sluice.core.vendor;

import dev.sluice.core.config.Location;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Contracts for vendor tests, with a deterministic stand-in for the keyed pseudonymizer. */
public final class TestContracts {
  /** {@code ps1_1_} and 22 base64url characters of SHA-256: the real format, no key needed. */
  public static final Pseudonymizer PSEUDONYMS =
      new Pseudonymizer() {
        @Override
        public String pseudonym(String value) {
          try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "ps1_1_" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }

        @Override
        public UUID idempotencyId(String messageId) {
          return UUID.nameUUIDFromBytes(messageId.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int epoch() {
          return 1;
        }
      };

  private TestContracts() {}

  /** A contract from {@code pattern, action, pattern, action, ...}. */
  public static Contract contract(String... patternAction) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < patternAction.length; i += 2) {
      rules.add(new Rule(PathPattern.parse(patternAction[i]), Action.byName(patternAction[i + 1]), new Location("sluice.yaml", i / 2 + 1, 5)));
    }
    return ContractCompiler.compile("vendor", rules, OnPii.REDACT, PSEUDONYMS);
  }
}
