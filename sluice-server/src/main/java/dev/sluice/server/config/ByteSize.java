package dev.sluice.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written as a string: a whole number with an optional unit. Units are binary, as in
 * Segment's documented limits and the JVM's {@code -Xmx}: {@code 1KB = 1KiB = 1024} bytes. Units
 * are case-insensitive and may be separated from the number by one space.
 */
final class ByteSize {
  /** The units accepted, for error messages. */
  static final String UNITS = "B, KB, MB, GB, KiB, MiB, GiB (1 KB = 1024 bytes)";

  private static final Pattern SIZE = Pattern.compile("([0-9]{1,19}) ?([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /** The number of bytes {@code text} stands for; IllegalArgumentException when it is not a size. */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: write a whole number of bytes, or a whole number and one of " + UNITS);
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor = switch (unit.charAt(0)) {
      case 'K' -> 1L << 10;
      case 'M' -> 1L << 20;
      case 'G' -> 1L << 30;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
  }
}
