package dev.sluice.server.receive;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name. */
public final class IpLiteral {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpLiteral() {}

  /** The address, or null when {@code text} is not an IPv4/IPv6 literal. */
  public static InetAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    // Only strings shaped like literals reach getByName, which then never does a lookup.
    if (!(V4.matcher(t).matches() || V6.matcher(t).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
