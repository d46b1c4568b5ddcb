package dev.sluice.core.generalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sluice.core.net.IpLiteral;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One coarsening of a field value, the {@code generalize:} action of a contract. Built by {@link
 * Generalizers#parse}; immutable and thread-safe. docs/generalization.md is the reference.
 *
 * <p>{@link #apply} takes one scalar (objects and arrays give null) and always returns a string
 * node or null. It never returns the input unchanged: where a value cannot be coarsened, the caller
 * drops the field.
 */
public sealed interface Generalizer {
  /**
   * The generalised value for {@code value}, or null when it cannot be generalised (the caller then
   * drops the field).
   */
  JsonNode apply(JsonNode value);

  /**
   * The YAML spelling, e.g. {@code country} or {@code bucket(10)}, as {@code sluice check} shows
   * it.
   */
  String describe();

  /** Unknown country, from ISO 3166-1's user-assigned range, as commonly used for "unknown". */
  String UNKNOWN_COUNTRY = "ZZ";

  /**
   * IP address to ISO 3166-1 alpha-2 country: {@code "8.8.8.8"} becomes {@code "US"}. An address
   * the database does not place (private, reserved, unallocated) becomes {@code "ZZ"}; a value that
   * is not an IP literal gives null.
   */
  record Country(CountryLookup lookup) implements Generalizer {
    public Country {
      Objects.requireNonNull(lookup, "lookup");
    }

    @Override
    public JsonNode apply(JsonNode value) {
      byte[] ip = ipBytes(value);
      if (ip == null) {
        return null;
      }
      String code;
      try {
        code = lookup.country(InetAddress.getByAddress(ip)); // bytes in: never DNS
      } catch (UnknownHostException e) {
        throw new IllegalStateException("4 or 16 address bytes are always valid", e);
      }
      return text(isCountryCode(code) ? code : UNKNOWN_COUNTRY);
    }

    @Override
    public String describe() {
      return "country";
    }

    private static boolean isCountryCode(String code) {
      return code != null
          && code.length() == 2
          && code.charAt(0) >= 'A'
          && code.charAt(0) <= 'Z'
          && code.charAt(1) >= 'A'
          && code.charAt(1) <= 'Z';
    }
  }

  /**
   * IP address to its network in CIDR form: IPv4 /24 ({@code "203.0.113.7"} becomes {@code
   * "203.0.113.0/24"}), IPv6 /48 ({@code "2001:db8:1234:5678::1"} becomes {@code
   * "2001:db8:1234::/48"}). An IPv4-mapped IPv6 address is treated as the IPv4 address. A 6to4
   * address ({@code 2002::/16}) keeps /40, because its bits 16..48 are a whole IPv4 address.
   */
  record IpPrefix() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      byte[] ip = ipBytes(value);
      if (ip == null) {
        return null;
      }
      int bits;
      if (ip.length == 4) {
        bits = 24;
      } else if (ip[0] == 0x20 && ip[1] == 0x02) {
        bits = 40;
      } else {
        bits = 48;
      }
      for (int i = 0; i < ip.length; i++) {
        int keep = Math.max(0, Math.min(8, bits - 8 * i));
        ip[i] &= (byte) (0xff << (8 - keep));
      }
      return text(IpLiteral.format(ip) + "/" + bits);
    }

    @Override
    public String describe() {
      return "ip-prefix";
    }
  }

  /**
   * User agent to browser family and major version: {@code "Mozilla/5.0 (Windows NT 10.0; Win64;
   * x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.90 Safari/537.36"} becomes {@code
   * "Chrome 129"}; an unrecognised string becomes {@code "Other"}.
   */
  record Browser() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      return value != null && value.isTextual()
          ? text(UserAgentLabels.browser(value.textValue()))
          : null;
    }

    @Override
    public String describe() {
      return "browser";
    }
  }

  /**
   * User agent to operating system family and major version: the Chrome example above becomes
   * {@code "Windows 10"}, an iPhone's Safari {@code "iOS 18"}; unrecognised: {@code "Other"}.
   */
  record Os() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      return value != null && value.isTextual()
          ? text(UserAgentLabels.os(value.textValue()))
          : null;
    }

    @Override
    public String describe() {
      return "os";
    }
  }

  /**
   * URL to its host: {@code "https://Jane@Shop.Example.com:8443/cart?id=7"} becomes {@code
   * "shop.example.com"}. Null when the value is not a {@code scheme://} URL or its host is an IP
   * address.
   */
  record Domain() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      return value != null && value.isTextual()
          ? text(UrlParts.host(value.textValue().strip()))
          : null;
    }

    @Override
    public String describe() {
      return "domain";
    }
  }

  /**
   * URL or absolute path to its path, query and fragment removed and identifiers templated: {@code
   * "https://app.example/users/48213/orders/3f2c0a4e-8b1d-4c6e-9f7a-2b5d8e1c4a90?x=1"} becomes
   * {@code "/users/:id/orders/:uuid"}, {@code "/reset/eyJhbGciOiJIUzI1NiJ9"} becomes {@code
   * "/reset/:token"}.
   */
  record UrlPath() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      return value != null && value.isTextual()
          ? text(UrlParts.templatedPath(value.textValue().strip()))
          : null;
    }

    @Override
    public String describe() {
      return "path";
    }
  }

  /** Timestamp to its UTC day: {@code "2026-11-25T18:04:11.203Z"} becomes {@code "2026-11-25"}. */
  record Day() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      LocalDate d = Timestamps.date(value);
      return d == null ? null : text(d.toString());
    }

    @Override
    public String describe() {
      return "day";
    }
  }

  /** Timestamp to its UTC month: {@code "2026-11-25T18:04:11.203Z"} becomes {@code "2026-11"}. */
  record Month() implements Generalizer {
    @Override
    public JsonNode apply(JsonNode value) {
      LocalDate d = Timestamps.date(value);
      return d == null ? null : text(d.toString().substring(0, 7));
    }

    @Override
    public String describe() {
      return "month";
    }
  }

  /**
   * Number to the range of width {@code size} holding it, {@code lo} a multiple of {@code size}:
   * with size 10, {@code 124.5} becomes {@code "120-129"} and {@code -3} becomes {@code "-10--1"}.
   * The range is [lo, lo + size), written with lo + size - 1 as its end. Numeric strings count.
   */
  record Bucket(long size) implements Generalizer {
    private static final int MAX_INTEGER_DIGITS = 40;
    private static final long SMALL = 1L << 61;

    public Bucket {
      if (size < 1) {
        throw new IllegalArgumentException("bucket size must be a positive integer, got " + size);
      }
    }

    @Override
    public JsonNode apply(JsonNode value) {
      if (value == null) {
        return null;
      }
      if (value.isIntegralNumber() && value.canConvertToLong() && size < SMALL) {
        long x = value.longValue();
        if (-SMALL < x && x < SMALL) { // no overflow below: |lo| and |lo + size| stay under 2^62
          long lo = Math.floorDiv(x, size) * size;
          return text(lo + "-" + (lo + size - 1));
        }
      }
      BigDecimal x = decimal(value);
      if (x == null || x.precision() - x.scale() > MAX_INTEGER_DIGITS) {
        return null;
      }
      BigDecimal n = BigDecimal.valueOf(size);
      BigDecimal lo = x.divide(n, 0, RoundingMode.FLOOR).multiply(n);
      return text(lo.toPlainString() + "-" + lo.add(n).subtract(BigDecimal.ONE).toPlainString());
    }

    @Override
    public String describe() {
      return "bucket(" + size + ")";
    }

    private static BigDecimal decimal(JsonNode value) {
      if (value.isNumber()) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
          return null;
        }
        return value.decimalValue();
      }
      if (!value.isTextual()) {
        return null;
      }
      String s = value.textValue().strip();
      if (!isPlainDecimal(s)) {
        return null;
      }
      return new BigDecimal(s);
    }

    /** Optional sign, digits, optional fraction: no exponent, no spaces, at most 64 characters. */
    private static boolean isPlainDecimal(String s) {
      int i = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
      int digits = 0;
      boolean dot = false;
      if (s.length() > 64) {
        return false;
      }
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (c == '.' && !dot) {
          dot = true;
        } else {
          return false;
        }
      }
      return digits > 0;
    }
  }

  /**
   * Date of birth to a 10-year age band on {@code today}: born {@code "1990-05-17"}, on 2026-11-25
   * the value becomes {@code "30-39"}. Null for a birth date in the future or more than 120 years
   * ago, and for anything that is not a date (see {@code day}).
   */
  record AgeBand(Supplier<LocalDate> today) implements Generalizer {
    static final int MAX_AGE = 120;

    public AgeBand {
      Objects.requireNonNull(today, "today");
    }

    @Override
    public JsonNode apply(JsonNode value) {
      LocalDate born = Timestamps.date(value);
      if (born == null) {
        return null;
      }
      LocalDate now = today.get();
      if (born.isAfter(now)) {
        return null;
      }
      int age = Period.between(born, now).getYears();
      if (age > MAX_AGE) {
        return null;
      }
      int lo = age / 10 * 10;
      return text(lo + "-" + (lo + 9));
    }

    @Override
    public String describe() {
      return "age-band";
    }
  }

  /** The bytes of an IP literal value (IPv4-mapped IPv6 as 4 bytes), or null. */
  private static byte[] ipBytes(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    byte[] ip = IpLiteral.parseLenient(value.textValue());
    return ip == null ? null : IpLiteral.unmapped(ip);
  }

  private static TextNode text(String s) {
    return s == null ? null : JsonNodeFactory.instance.textNode(s);
  }
}
