package dev.sluice.core.generalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The calendar date of a timestamp value, for {@code day}, {@code month} and {@code age-band}.
 *
 * <ul>
 *   <li>ISO-8601 date: {@code 2026-11-25}, taken as written.
 *   <li>ISO-8601 date-time with offset or zone: {@code 2026-11-25T23:30:00-05:00} is converted to
 *       UTC first (here 2026-11-26), so every source agrees on the day.
 *   <li>ISO-8601 local date-time (no offset): {@code 2026-11-25T10:00:00}, the date as written. A
 *       space instead of {@code T} is accepted.
 *   <li>A JSON number, or a string of digits with an optional minus sign: epoch milliseconds, UTC.
 *       Fractions are floored. Epoch seconds are not guessed (1732500000 is 1970-01-21).
 * </ul>
 *
 * Anything else, or a year outside 1..9999, has no date.
 */
final class Timestamps {
  private static final long MIN_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  private Timestamps() {}

  /** The date of {@code value}, or null. */
  static LocalDate date(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? fromMillis(value.longValue()) : null;
    }
    if (value.isNumber()) {
      double d = value.doubleValue();
      return Double.isFinite(d) && Math.abs(d) < 1e17 ? fromMillis((long) Math.floor(d)) : null;
    }
    if (value.isTextual()) {
      LocalDate d = date(value.textValue().strip());
      return d == null || d.getYear() < 1 ? null : d; // 0000-01-01 parses, but is no real date
    }
    return null;
  }

  private static LocalDate date(String s) {
    if (isEpochDigits(s)) {
      return fromMillis(Long.parseLong(s));
    }
    if (!startsWithIsoDate(s)) {
      return null;
    }
    try {
      if (s.length() == 10) {
        return LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
      }
      LocalDate fast = rfc3339(s);
      if (fast != null) {
        return fast;
      }
      if (s.charAt(10) == ' ') {
        s = s.substring(0, 10) + 'T' + s.substring(11);
      }
      TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
      if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
        return OffsetDateTime.from(t).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
      }
      return LocalDateTime.from(t).toLocalDate();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The UTC date of the common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:mm|-HH:mm)} (what
   * SDKs send), parsed by hand: about 20 times cheaper than {@link DateTimeFormatter}. Null for any
   * other shape, which the formatter then handles. Throws {@link DateTimeException} for an
   * impossible date.
   */
  private static LocalDate rfc3339(String s) {
    int n = s.length();
    if (n < 20
        || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int i = 19;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i - start > 9) {
        return null;
      }
    }
    int offsetMinutes;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetMinutes = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, i + 3);
      int om = digits(s, i + 4, i + 6);
      if (oh < 0 || om < 0 || oh > 18 || om > 59) {
        return null;
      }
      offsetMinutes = (s.charAt(i) == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return null;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    LocalDate date = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
    int utcMinutes = hour * 60 + minute - offsetMinutes;
    return utcMinutes < 0 ? date.minusDays(1) : utcMinutes >= 24 * 60 ? date.plusDays(1) : date;
  }

  /** The decimal number in s[from, to), or -1 when a character there is not an ASCII digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static LocalDate fromMillis(long millis) {
    if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
      return null;
    }
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static boolean isEpochDigits(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    if (s.length() == i || s.length() - i > 18) {
      return false;
    }
    for (; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code dddd-dd-dd} at the start: a cheap test before the parser (which throws). */
  private static boolean startsWithIsoDate(String s) {
    if (s.length() < 10 || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = s.charAt(i);
      boolean ok = i == 4 || i == 7 ? c == '-' : c >= '0' && c <= '9';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
