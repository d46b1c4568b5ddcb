package dev.sluice.server.config;

import dev.sluice.core.generalize.CountryLookup;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link CountryLookup} that builds the real one on its first {@link #country} call and keeps it:
 * the IP-to-country database (about 8 MB in memory) is read only by a process that actually
 * generalises an address, never by one whose contracts do not use {@code generalize: country}, nor
 * by {@code sluice check}.
 *
 * <p>Thread-safe: concurrent first calls build the lookup once. A build that fails is remembered
 * too, so every later call fails fast with the same cause instead of re-reading the database per
 * event. {@link #checkAvailable()} is the cheap start-up half of failing closed: the loader calls it
 * when a contract uses {@code country}, so a missing database stops loading with a located error
 * rather than failing the first event.
 */
public final class LazyCountryLookup implements CountryLookup {
  private final Supplier<? extends CountryLookup> loader;
  private final Runnable availabilityCheck;
  private final Object lock = new Object();
  private volatile CountryLookup lookup;
  private volatile RuntimeException failure;

  /**
   * @param loader builds the real lookup; called at most once
   * @param availabilityCheck cheap, throws when {@code loader} certainly cannot succeed (for the
   *     bundled database: the resource is missing); must not build the lookup
   */
  public LazyCountryLookup(Supplier<? extends CountryLookup> loader, Runnable availabilityCheck) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.availabilityCheck = Objects.requireNonNull(availabilityCheck, "availabilityCheck");
  }

  /** Without a start-up check. */
  public LazyCountryLookup(Supplier<? extends CountryLookup> loader) {
    this(loader, () -> {});
  }

  @Override
  public String country(InetAddress address) {
    CountryLookup l = lookup;
    return (l != null ? l : get()).country(address);
  }

  /** The real lookup, built now if it was not yet. */
  public CountryLookup get() {
    CountryLookup l = lookup;
    if (l != null) {
      return l;
    }
    synchronized (lock) {
      if (lookup != null) {
        return lookup;
      }
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      try {
        l = Objects.requireNonNull(loader.get(), "the country lookup loader returned null");
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      lookup = l;
      return l;
    }
  }

  /** Throws when the lookup certainly cannot be built; never builds it. */
  public void checkAvailable() {
    availabilityCheck.run();
  }

  /** True once the real lookup is built. */
  public boolean isLoaded() {
    return lookup != null;
  }

  @Override
  public String toString() {
    CountryLookup l = lookup;
    return l != null ? l.toString() : "LazyCountryLookup[not loaded]";
  }
}
