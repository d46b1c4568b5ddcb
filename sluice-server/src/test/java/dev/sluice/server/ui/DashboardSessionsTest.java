package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
  private final DashboardSessions sessions = new DashboardSessions(now::get);

  private void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

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
    advance(Duration.ofMinutes(29));
    assertThat(sessions.check(id)).isTrue();
    advance(Duration.ofMinutes(29));
    assertThat(sessions.check(id)).isTrue();
    advance(Duration.ofMinutes(31));
    assertThat(sessions.check(id)).isFalse();
  }

  @Test
  void noSessionOutlivesEightHoursEvenWhenUsed() {
    String id = sessions.open();
    for (int i = 0; i < 16; i++) {
      advance(Duration.ofMinutes(29));
      assertThat(sessions.check(id)).as("after %d checks", i).isTrue();
    }
    advance(Duration.ofMinutes(29)); // 8h13m after sign-in, 29 minutes after the last use
    assertThat(sessions.check(id)).isFalse();
  }

  @Test
  void signingOutEndsTheSession() {
    String id = sessions.open();
    sessions.close(id);
    assertThat(sessions.check(id)).isFalse();
  }
}
