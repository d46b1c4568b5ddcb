package dev.sluice.core.bom;

import dev.sluice.core.BadInputException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of a BOM or ledger window as people write it ({@code ?since=} of the admin API,
 * {@code sluice bom --since}): an ISO-8601 instant, a date (its start, UTC), or a span back from
 * now ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}, or ISO {@code P7D}, {@code PT12H}).
 */
public final class Since {
  private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([smhdw])");
  static final String FORMS =
      "an ISO-8601 instant (2026-11-25T10:00:00Z), a date (2026-11-25) or a span back from now (30m, 24h, 7d, 2w, P7D)";

  private Since() {}

  /**
   * The instant {@code text} names, or null (everything) when it is null or blank.
   *
   * @throws BadInputException 400 {@code bad_since} naming the accepted forms
   */
  public static Instant parse(String text, Instant now) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    Instant at = at(t, now);
    if (at == null) {
      String shown = t.length() > 40 ? t.substring(0, 40) + "..." : t;
      throw BadInputException.badRequest("bad_since", "since '" + shown + "' is not a time: use " + FORMS);
    }
    if (at.isAfter(now)) {
      throw BadInputException.badRequest("bad_since", "since " + at + " is in the future");
    }
    return at;
  }

  private static Instant at(String t, Instant now) {
    Matcher m = SPAN.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            default -> Duration.ofDays(7);
          };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      if (t.startsWith("P") || t.startsWith("p")) {
        Duration d = Duration.parse(t);
        return d.isNegative() ? null : now.minus(d);
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }
}
