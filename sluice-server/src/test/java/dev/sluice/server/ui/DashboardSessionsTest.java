package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

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

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final HandClock clock = new HandClock();
  private final DashboardSessions sessions = new DashboardSessions(clock);

  @Test
  void aSessionIdIsRandomAndUnguessable() {
    String a = sessions.open();
    String b = sessions.open();
    assertThat(a).isNotEqualTo(b).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(sessions.check(a)).isTrue();
    assertThat(sessions.check(a.substring(1) + "A")).isFalse();
    assertThat(sessions.check(null)).isFalse();
  }

  @Test
  void aSessionEndsAfterThirtyIdleMinutesButUseKeepsItAlive() {
    String id = sessions.open();
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.check(id)).isTrue();
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessions.check(id)).isTrue();
    clock.advance(Duration.ofMinutes(31));
    assertThat(sessions.check(id)).isFalse();
  }

  @Test
  void noSessionOutlivesEightHoursEvenWhenUsed() {
    String id = sessions.open();
    for (int i = 0; i < 16; i++) {
      clock.advance(Duration.ofMinutes(29));
      assertThat(sessions.check(id)).as("after %d checks", i).isTrue();
    }
    clock.advance(Duration.ofMinutes(29)); // 8h13m after sign-in, 29 minutes after the last use
    assertThat(sessions.check(id)).isFalse();
  }

  @Test
  void signingOutEndsTheSession() {
    String id = sessions.open();
    sessions.close(id);
    assertThat(sessions.check(id)).isFalse();
  }
}
