package dev.sluice.core.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.config.Location;
import dev.sluice.core.deliver.BatchLimits;
import dev.sluice.core.deliver.DeliveryOutcome;
import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.deliver.VendorRequest;
import dev.sluice.core.deliver.VendorResponse;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.ContractCompiler;
import dev.sluice.core.policy.OnPii;
import dev.sluice.core.policy.PathPattern;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.route.Destination;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Real contracts, the real detectors and a settable clock, for ledger tests. */
public final class LedgerFixtures {
  static final EventScanner SCANNER = new EventScanner(TextScanner.shared());

  private LedgerFixtures() {}

  /** A keyed stand-in for the PRF pseudonymizer: the same shape, a different key per name. */
  public static Pseudonymizer pseudonymizer(String key) {
    return new Pseudonymizer() {
      @Override
      public String pseudonym(String value) {
        try {
          MessageDigest d = MessageDigest.getInstance("SHA-256");
          d.update(key.getBytes(StandardCharsets.UTF_8));
          d.update((byte) 0);
          byte[] h = d.digest(value.getBytes(StandardCharsets.UTF_8));
          return "ps1_1_" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
          throw new AssertionError(e);
        }
      }

      @Override
      public UUID idempotencyId(String messageId) {
        return UUID.nameUUIDFromBytes((key + messageId).getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public int epoch() {
        return 1;
      }
    };
  }

  static Contract contract(String destination, OnPii onPii, String... patternAction) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < patternAction.length; i += 2) {
      rules.add(
          new Rule(
              PathPattern.parse(patternAction[i]),
              Action.byName(patternAction[i + 1]),
              new Location("sluice.yaml", i / 2 + 1, 5)));
    }
    return ContractCompiler.compile(destination, rules, onPii, pseudonymizer(destination));
  }

  static Destination destination(String name, OnPii onPii, String... patternAction) {
    return new Destination(name, contract(name, onPii, patternAction), JSON);
  }

  static Event event(String json) {
    try {
      ObjectNode n = (ObjectNode) Json.MAPPER.readTree(json);
      return new Event(EventType.fromWire(n.get("type").textValue()), n.get("messageId").textValue(), n);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Encodes the minimised tree as JSON; the frame side is never used here. */
  public static final Encoder JSON =
      new Encoder() {
        @Override
        public byte[] encode(ObjectNode minimised) {
          return Json.bytes(minimised);
        }

        @Override
        public BatchLimits limits() {
          throw new UnsupportedOperationException();
        }

        @Override
        public VendorRequest frame(List<byte[]> items, Instant now) {
          throw new UnsupportedOperationException();
        }

        @Override
        public DeliveryOutcome interpret(VendorResponse response, Instant now) {
          throw new UnsupportedOperationException();
        }
      };

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }
  }
}
