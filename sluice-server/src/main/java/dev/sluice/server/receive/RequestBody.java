package dev.sluice.server.receive;

import dev.sluice.core.BadInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads an ingest request's body from its raw parts, bounded: checks the media type, undoes
 * {@code Content-Encoding: gzip}, and never holds more than the limit in memory, compressed or
 * not (a decompression bomb stops at limit + 1 bytes and answers 413).
 *
 * <p>Bad input is a {@link BadInputException}; an {@link IOException} means the transport failed
 * (the client went away), not that the client sent something wrong.
 */
public final class RequestBody {
  private static final int FIRST_BUFFER = 8 * 1024;

  private RequestBody() {}

  /**
   * {@link #read(String, String, InputStream, int, int)} with the compressed-size cap at
   * {@link #compressedCapFor(int) compressedCapFor(maxBytes)}.
   */
  public static byte[] read(String contentType, String contentEncoding, InputStream in, int maxBytes)
      throws IOException {
    return read(contentType, contentEncoding, in, maxBytes, compressedCapFor(maxBytes));
  }

  /**
   * Returns the body's bytes, decompressed.
   *
   * @param contentType the {@code Content-Type} header, or null; {@code application/json} and
   *     {@code text/plain} (what analytics.js sends to avoid a CORS preflight) are accepted with
   *     any parameters; a missing header is taken as JSON
   * @param contentEncoding the {@code Content-Encoding} header, or null; {@code gzip}, {@code
   *     x-gzip} and {@code identity} are accepted
   * @param in the body as it arrives; read at most to the caps, not closed
   * @param maxBytes the most body bytes accepted after decompression
   * @param maxCompressedBytes the most bytes read from {@code in} when the body is gzipped
   * @throws BadInputException 415 {@code unsupported_media_type} / {@code unsupported_encoding},
   *     400 {@code bad_gzip}, 413 {@code too_large}
   * @throws IOException when reading {@code in} fails
   */
  public static byte[] read(
      String contentType, String contentEncoding, InputStream in, int maxBytes, int maxCompressedBytes)
      throws IOException {
    if (maxBytes < 0 || maxCompressedBytes < 0) {
      throw new IllegalArgumentException("negative body limit");
    }
    checkMediaType(contentType);
    if (!isGzip(contentEncoding)) {
      try {
        return readAtMost(new Transport(in), maxBytes);
      } catch (Transport.Failure f) {
        throw f.getCause();
      }
    }
    CompressedCap wire = new CompressedCap(new Transport(in), maxCompressedBytes);
    try {
      return readAtMost(new GZIPInputStream(wire, FIRST_BUFFER), maxBytes);
    } catch (Transport.Failure f) {
      throw f.getCause();
    } catch (CompressedCap.Exceeded e) {
      throw new BadInputException(
          413, "too_large", "compressed request body is larger than " + maxCompressedBytes + " bytes");
    } catch (IOException e) {
      // ZipException (bad header, bad data, CRC), EOFException (truncated): not gzip data
      throw BadInputException.badRequest("bad_gzip", "request body is not valid gzip data");
    }
  }

  /**
   * The default compressed-size cap for a body limit: the limit plus gzip's worst-case growth of
   * incompressible data (stored blocks: 5 bytes per 64 KB, plus an 18-byte frame), rounded up
   * generously. JSON compresses well, so real bodies are far below it.
   */
  public static int compressedCapFor(int maxBytes) {
    return (int) Math.min(Integer.MAX_VALUE, (long) maxBytes + maxBytes / 1000 + 64);
  }

  private static void checkMediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.equals("text/plain")) {
      throw new BadInputException(
          415, "unsupported_media_type", "Content-Type must be application/json or text/plain");
    }
  }

  private static boolean isGzip(String contentEncoding) {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String e = contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (e.equals("identity")) {
      return false;
    }
    if (e.equals("gzip") || e.equals("x-gzip")) {
      return true;
    }
    throw new BadInputException(
        415, "unsupported_encoding", "Content-Encoding must be gzip or identity");
  }

  /**
   * Reads all of {@code in} if it holds at most {@code max} bytes; otherwise stops after one byte
   * more and throws 413. The buffer starts small and doubles, never beyond {@code max}.
   */
  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] buf = new byte[Math.min(max, FIRST_BUFFER)];
    int len = 0;
    while (true) {
      if (len == buf.length) {
        if (len == max) {
          if (in.read() != -1) {
            throw new BadInputException(
                413, "too_large", "request body is larger than " + max + " bytes");
          }
          return buf;
        }
        buf = Arrays.copyOf(buf, (int) Math.min(max, 2L * len));
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
      }
      len += n;
    }
  }

  /** Marks failures of the underlying stream, so they are not mistaken for bad gzip data. */
  private static final class Transport extends FilterInputStream {
    Transport(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public int available() throws IOException {
      try {
        return in.available();
      } catch (IOException e) {
        throw new Failure(e);
      }
    }

    @Override
    public void close() {
      // the caller owns the stream
    }

    static final class Failure extends IOException {
      Failure(IOException cause) {
        super(cause);
      }

      @Override
      public synchronized IOException getCause() {
        return (IOException) super.getCause();
      }
    }
  }

  /** Counts compressed bytes; reading past the cap throws. */
  private static final class CompressedCap extends FilterInputStream {
    private final long cap;
    private long count;

    CompressedCap(InputStream in, int cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && ++count > cap) {
        throw new Exceeded();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      // ask for at most one byte past the cap: enough to know it was exceeded
      int n = in.read(b, off, (int) Math.min(len, cap - count + 1));
      if (n > 0 && (count += n) > cap) {
        throw new Exceeded();
      }
      return n;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }

    static final class Exceeded extends IOException {
      Exceeded() {
        super(null, null);
      }
    }
  }
}
