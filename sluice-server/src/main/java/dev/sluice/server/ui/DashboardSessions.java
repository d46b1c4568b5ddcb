package dev.sluice.server.ui;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the dashboard. A person types an admin token once on the login form; the
 * server checks it and hands back a random session id in an HttpOnly, SameSite=Strict cookie, so
 * the token itself never sits in the browser (no script can read the cookie, no other site can
 * send it). Sessions live in memory: a restart logs everybody out, which is the safe direction.
 * A session ends {@link #IDLE} after its last use and at most {@link #MAX_AGE} after login.
 */
final class DashboardSessions {
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration MAX_AGE = Duration.ofHours(8);
  /** Logins need a valid admin token, so this bounds memory only against a runaway script. */
  static final int MAX_SESSIONS = 1_000;

  private record Session(Instant created, Instant lastUsed) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final InstantSource clock;

  DashboardSessions(InstantSource clock) {
    this.clock = clock;
  }

  /** A new session id: 256 random bits, URL-safe. */
  String open() {
    Instant now = clock.instant();
    purge(now);
    if (sessions.size() >= MAX_SESSIONS) {
      // Drop the least recently used rather than refuse a person holding a valid token.
      sessions.entrySet().stream()
          .min(Map.Entry.comparingByValue((a, b) -> a.lastUsed().compareTo(b.lastUsed())))
          .ifPresent(e -> sessions.remove(e.getKey()));
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(now, now));
    return id;
  }

  /** Whether {@code id} is a live session; using it extends its idle time. */
  boolean check(String id) {
    if (id == null) {
      return false;
    }
    Instant now = clock.instant();
    Session s = sessions.get(id);
    if (s == null) {
      return false;
    }
    if (expired(s, now)) {
      sessions.remove(id);
      return false;
    }
    sessions.replace(id, s, new Session(s.created(), now));
    return true;
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private static boolean expired(Session s, Instant now) {
    return now.isAfter(s.lastUsed().plus(IDLE)) || now.isAfter(s.created().plus(MAX_AGE));
  }

  private void purge(Instant now) {
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (expired(it.next(), now)) {
        it.remove();
      }
    }
  }
}
