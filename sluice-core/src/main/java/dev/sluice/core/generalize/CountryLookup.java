package dev.sluice.core.generalize;

import java.net.InetAddress;

/**
 * IP address to country, for {@code generalize: country}. The server backs it with an offline
 * database; tests use a map.
 */
public interface CountryLookup {
  /**
   * The ISO 3166-1 alpha-2 code (upper case, e.g. {@code "US"}) of the country {@code address} is
   * located in, or null when unknown (private, reserved or unallocated ranges, or not in the
   * database). Implementations never do DNS: they read only {@link InetAddress#getAddress()}.
   */
  String country(InetAddress address);
}
