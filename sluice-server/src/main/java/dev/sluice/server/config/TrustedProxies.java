package dev.sluice.server.config;

import dev.sluice.core.net.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers whose {@code X-Forwarded-For} header is believed: IPv4/IPv6 addresses and CIDR ranges.
 * Entries are IP literals only, parsed by the core {@link IpLiteral}; nothing here ever performs a DNS lookup. An
 * IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is treated as the IPv4 address it carries.
 */
public final class TrustedProxies {
  /** Trusts nobody: the peer address is the client address. The default. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses {@code entries}; throws IllegalArgumentException naming the first bad entry. A CIDR
   * with host bits set ({@code 10.0.0.1/8}) is rejected rather than silently widened.
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Range> out = new ArrayList<>(entries.size());
    for (String e : entries) {
      out.add(Range.parse(e));
    }
    return new TrustedProxies(out);
  }

  /** True when {@code peer} is inside one of the ranges. */
  public boolean trusts(InetAddress peer) {
    byte[] a = IpLiteral.unmapped(peer.getAddress());
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** True when some entry is a whole address family ({@code 0.0.0.0/0} or {@code ::/0}). */
  public boolean trustsEveryone() {
    return ranges.stream().anyMatch(r -> r.prefix == 0);
  }

  /** The entries as written. */
  public List<String> entries() {
    return ranges.stream().map(r -> r.text).toList();
  }

  @Override
  public String toString() {
    return "TrustedProxies" + entries();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedProxies t && t.entries().equals(entries());
  }

  @Override
  public int hashCode() {
    return entries().hashCode();
  }

  /**
   * {@code text} as an address when it is an IPv4 or IPv6 literal (no brackets, no zone, no port),
   * empty otherwise. Never resolves names, so it is safe on untrusted input such as
   * X-Forwarded-For entries.
   */
  public static Optional<InetAddress> parseAddress(String text) {
    byte[] b = literal(text);
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(b)); // by bytes: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes", e);
    }
  }

  /** The bytes of an IP literal (4 or 16), or null. */
  static byte[] literal(String s) {
    return IpLiteral.parse(s);
  }

  private record Range(String text, byte[] network, int prefix) {
    static Range parse(String text) {
      int slash = text.indexOf('/');
      String addr = slash < 0 ? text : text.substring(0, slash);
      byte[] net = literal(addr);
      if (net == null) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an IP address or CIDR range (host names are not accepted: no DNS lookups)");
      }
      int bits = net.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String p = text.substring(slash + 1);
        if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > bits) {
          throw new IllegalArgumentException(
              "'" + text + "' has a bad prefix length: use /0 to /" + bits);
        }
        prefix = Integer.parseInt(p);
      }
      if (IpLiteral.isMapped(net) && prefix >= 96) {
        net = IpLiteral.unmapped(net);
        prefix -= 96;
      }
      byte[] masked = mask(net, prefix);
      if (!java.util.Arrays.equals(masked, net)) {
        throw new IllegalArgumentException(
            "'" + text + "' has host bits set; did you mean " + IpLiteral.format(masked) + "/" + prefix + "?");
      }
      return new Range(text, net, prefix);
    }

    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      return java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] a, int prefix) {
      byte[] out = a.clone();
      for (int i = 0; i < out.length; i++) {
        int keep = Math.max(0, Math.min(8, prefix - 8 * i));
        out[i] &= (byte) (0xff << (8 - keep));
      }
      return out;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Range r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }
  }
}
