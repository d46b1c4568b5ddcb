package dev.sluice.server.receive;

import dev.sluice.server.config.TrustedProxies;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * The end user's IP for {@code context.ip}. X-Forwarded-For is believed only from trusted proxies,
 * and then read from the right: the first address not itself a trusted proxy is the client (a
 * client can prepend anything, but cannot forge what our own proxies appended).
 */
public final class ClientAddress {
  private final Predicate<InetAddress> trustedProxy;

  public ClientAddress(Predicate<InetAddress> trustedProxy) {
    this.trustedProxy = trustedProxy;
  }

  public String resolve(String remoteAddr, String forwardedFor) {
    InetAddress remote = literal(remoteAddr);
    if (remote == null) {
      return remoteAddr;
    }
    if (forwardedFor == null || !trustedProxy.test(remote)) {
      return remote.getHostAddress();
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = literal(hops[i]);
      if (hop == null) {
        break; // garbage in the chain: trust nothing to its left
      }
      if (!trustedProxy.test(hop)) {
        return hop.getHostAddress();
      }
    }
    return remote.getHostAddress();
  }

  /** An IP literal (brackets and spaces allowed around it), or null; never a DNS lookup. */
  static InetAddress literal(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    return TrustedProxies.parseAddress(t).orElse(null);
  }
}
