package dev.sluice.core.generalize;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What some generalisations need from outside: the IP-to-country database ({@code country}) and
 * today's date ({@code age-band}). {@code countries} may be null when no database is available;
 * parsing {@code country} then fails. {@code today} is asked on every {@code age-band} value, so a
 * long-running server moves on at midnight.
 */
public record GeneralizeContext(CountryLookup countries, Supplier<LocalDate> today) {
  public GeneralizeContext {
    Objects.requireNonNull(today, "today");
  }

  /** Today is the date of {@code clock} in the clock's zone. */
  public static GeneralizeContext of(CountryLookup countries, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new GeneralizeContext(countries, () -> LocalDate.now(clock));
  }
}
