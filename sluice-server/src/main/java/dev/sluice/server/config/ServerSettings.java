package dev.sluice.server.config;

import java.time.Duration;

/**
 * {@code server:}: the two listeners, the proxies whose X-Forwarded-For is believed, and the limits
 * that keep slow or idle clients from exhausting the listeners.
 *
 * @param idleTimeout a connection with no bytes moving for this long is closed (both listeners)
 * @param maxConnections open connections per listener; past it, new ones wait in the accept queue
 * @param minRequestDataRate bytes per second a request body must keep up; slower is answered 408
 */
public record ServerSettings(
    ListenAddress ingest,
    ListenAddress admin,
    TrustedProxies trustedProxies,
    Duration idleTimeout,
    int maxConnections,
    long minRequestDataRate) {
  public static final ListenAddress DEFAULT_INGEST = new ListenAddress("127.0.0.1", 8080);
  public static final ListenAddress DEFAULT_ADMIN = new ListenAddress("127.0.0.1", 8081);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;

  /** With the default connection limits. */
  public ServerSettings(ListenAddress ingest, ListenAddress admin, TrustedProxies trustedProxies) {
    this(ingest, admin, trustedProxies, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MIN_REQUEST_DATA_RATE);
  }
}
