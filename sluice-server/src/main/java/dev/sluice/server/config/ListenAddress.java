package dev.sluice.server.config;

/** A listener's bind address: an IP literal or host name, and a port (0 picks a free one). */
public record ListenAddress(String host, int port) {
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
