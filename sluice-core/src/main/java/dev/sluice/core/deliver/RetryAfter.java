package dev.sluice.core.deliver;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses an HTTP Retry-After header (RFC 9110: delay-seconds or an HTTP-date). */
public final class RetryAfter {
  /** Vendors sometimes ask for absurd waits; a day is the longest we honour as given. */
  static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (h.isEmpty()) {
      return Optional.empty();
    }
    Duration d;
    if (h.chars().allMatch(Character::isDigit)) {
      try {
        d = Duration.ofSeconds(Long.parseLong(h));
      } catch (NumberFormatException e) {
        d = MAX;
      }
    } else {
      try {
        Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        d = Duration.between(now, at);
        if (d.isNegative()) {
          d = Duration.ZERO;
        }
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.of(d.compareTo(MAX) > 0 ? MAX : d);
  }
}
