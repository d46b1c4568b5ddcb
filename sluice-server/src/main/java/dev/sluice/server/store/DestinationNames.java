package dev.sluice.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Maps a destination name to a file or directory name and back. Destination names come from
 * sluice.yaml and may hold anything; on disk they must not escape the data directory ({@code ..},
 * {@code /}), must not collide on case-insensitive file systems ({@code Mixpanel} vs {@code
 * mixpanel}) and must decode back exactly (recovery learns the destinations from the directory
 * listing). So only {@code [a-z0-9_-]} is kept as is and every other UTF-8 byte becomes {@code %XX}
 * (upper-case hex): the encoding is injective, reversible and portable.
 */
public final class DestinationNames {
  /** Worst case every byte triples; 80 bytes stay under the common 255-byte name limit. */
  static final int MAX_UTF8_BYTES = 80;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private DestinationNames() {}

  /**
   * Checks a destination name: non-empty, at most {@value #MAX_UTF8_BYTES} UTF-8 bytes, valid
   * Unicode, no control characters.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void validate(String destination) {
    utf8(destination);
  }

  /** The file-system-safe form of a (valid) destination name. */
  public static String encode(String destination) {
    byte[] bytes = utf8(destination);
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isLiteral(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  /**
   * The destination name a file name stands for.
   *
   * @throws IllegalArgumentException if {@code fileName} is not the canonical output of {@link
   *     #encode} (a stray file in the data directory, not ours)
   */
  public static String decode(String fileName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(fileName.length());
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c == '%' && i + 2 < fileName.length()) {
        int hi = Character.digit(fileName.charAt(i + 1), 16);
        int lo = Character.digit(fileName.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw notEncoded(fileName);
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80 && isLiteral(c)) {
        out.write(c);
      } else {
        throw notEncoded(fileName);
      }
    }
    String name = new String(out.toByteArray(), StandardCharsets.UTF_8);
    // Only the canonical spelling maps back, so one destination has exactly one directory.
    try {
      if (!encode(name).equals(fileName)) {
        throw notEncoded(fileName);
      }
    } catch (IllegalArgumentException e) {
      throw notEncoded(fileName);
    }
    return name;
  }

  private static boolean isLiteral(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  private static byte[] utf8(String destination) {
    if (destination == null || destination.isEmpty()) {
      throw new IllegalArgumentException("destination name must not be empty");
    }
    for (int i = 0; i < destination.length(); i++) {
      if (Character.isISOControl(destination.charAt(i))) {
        throw new IllegalArgumentException(
            "destination name must not contain control characters: " + printable(destination));
      }
    }
    byte[] bytes = destination.getBytes(StandardCharsets.UTF_8);
    // A lone surrogate is silently replaced by '?' when encoding, so two names could share a
    // directory; refuse them instead.
    if (!new String(bytes, StandardCharsets.UTF_8).equals(destination)) {
      throw new IllegalArgumentException("destination name is not valid Unicode");
    }
    if (bytes.length > MAX_UTF8_BYTES) {
      throw new IllegalArgumentException(
          "destination name must be at most "
              + MAX_UTF8_BYTES
              + " bytes of UTF-8; got "
              + bytes.length);
    }
    return bytes;
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return "'" + sb + "'";
  }

  private static IllegalArgumentException notEncoded(String fileName) {
    return new IllegalArgumentException("not an encoded destination name: " + fileName);
  }
}
