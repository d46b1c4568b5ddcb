package dev.sluice.server.config;

/** {@code server:}: the two listeners and the proxies whose X-Forwarded-For is believed. */
public record ServerSettings(ListenAddress ingest, ListenAddress admin, TrustedProxies trustedProxies) {
  public static final ListenAddress DEFAULT_INGEST = new ListenAddress("127.0.0.1", 8080);
  public static final ListenAddress DEFAULT_ADMIN = new ListenAddress("127.0.0.1", 8081);
}
