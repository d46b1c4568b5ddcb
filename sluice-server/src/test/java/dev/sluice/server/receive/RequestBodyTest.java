package dev.sluice.server.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
  static final byte[] JSON =
      "{\"type\":\"track\",\"event\":\"Signed Up\",\"userId\":\"jane@example.com\"}".getBytes(StandardCharsets.UTF_8);
  static final int LIMIT = 500 * 1024;

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static BadInputException fails(String type, String encoding, InputStream in, int limit) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> RequestBody.read(type, encoding, in, limit));
    assertThat(e).as("expected BadInputException").isNotNull();
    assertThat(e.getMessage()).doesNotContain("jane@example.com");
    return e;
  }

  static void assertError(BadInputException e, int status, String code) {
    assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
  }

  @Test
  void plainJsonIsReturnedAsIs() throws IOException {
    assertThat(RequestBody.read("application/json", null, new ByteArrayInputStream(JSON), LIMIT)).isEqualTo(JSON);
  }

  @Test
  void mediaTypesAcceptedWithAnyParameters() throws IOException {
    for (String ct : new String[] {
        "application/json", "Application/JSON; charset=utf-8", "text/plain", "text/plain;charset=UTF-8",
        " text/plain ", null, "", "  "}) {
      assertThat(RequestBody.read(ct, null, new ByteArrayInputStream(JSON), LIMIT)).as(String.valueOf(ct)).isEqualTo(JSON);
    }
  }

  @Test
  void otherMediaTypesAre415() {
    for (String ct : new String[] {"application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "text/html", "application/jsonx", "json"}) {
      assertError(fails(ct, null, new ByteArrayInputStream(JSON), LIMIT), 415, "unsupported_media_type");
    }
  }

  @Test
  void gzipRoundTrip() throws IOException {
    byte[] body = gzip(JSON);
    assertThat(RequestBody.read("text/plain", "gzip", new ByteArrayInputStream(body), LIMIT)).isEqualTo(JSON);
    assertThat(RequestBody.read(null, " X-GZIP ", new ByteArrayInputStream(body), LIMIT)).isEqualTo(JSON);
  }

  @Test
  void gzipOfALargeBodyAtTheLimit() throws IOException {
    byte[] data = new byte[LIMIT];
    new Random(7).nextBytes(data); // incompressible: the gzip is slightly larger than the limit
    byte[] body = gzip(data);
    assertThat(body.length).isGreaterThan(LIMIT);
    assertThat(RequestBody.read(null, "gzip", new ByteArrayInputStream(body), LIMIT)).isEqualTo(data);
  }

  @Test
  void identityEncodingIsPlain() throws IOException {
    assertThat(RequestBody.read(null, "identity", new ByteArrayInputStream(JSON), LIMIT)).isEqualTo(JSON);
  }

  @Test
  void otherEncodingsAre415() {
    for (String enc : new String[] {"br", "deflate", "compress", "gzip, gzip", "zstd"}) {
      assertError(fails(null, enc, new ByteArrayInputStream(JSON), LIMIT), 415, "unsupported_encoding");
    }
  }

  @Test
  void notGzipDataIsBadGzip() throws IOException {
    assertError(fails(null, "gzip", new ByteArrayInputStream(JSON), LIMIT), 400, "bad_gzip");
    assertError(fails(null, "gzip", new ByteArrayInputStream(new byte[0]), LIMIT), 400, "bad_gzip");
    byte[] good = gzip(JSON);
    byte[] truncated = Arrays.copyOf(good, good.length - 6);
    assertError(fails(null, "gzip", new ByteArrayInputStream(truncated), LIMIT), 400, "bad_gzip");
    byte[] corrupt = good.clone();
    corrupt[good.length - 5] ^= 0x55; // CRC / size trailer
    assertError(fails(null, "gzip", new ByteArrayInputStream(corrupt), LIMIT), 400, "bad_gzip");
  }

  @Test
  void bodyOverTheLimitIs413() throws IOException {
    byte[] body = new byte[1001];
    assertError(fails(null, null, new ByteArrayInputStream(body), 1000), 413, "too_large");
    assertThat(RequestBody.read(null, null, new ByteArrayInputStream(new byte[1000]), 1000)).hasSize(1000);
    assertThat(RequestBody.read(null, null, new ByteArrayInputStream(new byte[0]), 1000)).isEmpty();
  }

  @Test
  void endlessPlainStreamStopsAtTheLimit() {
    CountingZeros endless = new CountingZeros(Long.MAX_VALUE);
    assertError(fails(null, null, endless, LIMIT), 413, "too_large");
    assertThat(endless.served).isLessThanOrEqualTo(LIMIT + 1L);
  }

  @Test
  void gzipBombIs413WithoutInflatingIt() throws IOException {
    // 50 MB of zeros compresses to about 50 KB
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 50; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = out.toByteArray();
    assertThat(bomb.length).isLessThan(LIMIT);
    ByteArrayInputStream in = new ByteArrayInputStream(bomb);
    assertError(fails("application/json", "gzip", in, LIMIT), 413, "too_large");
    // decompression stopped early: most of the compressed stream was never read
    assertThat(in.available()).isGreaterThan(bomb.length / 2);
  }

  @Test
  void compressedSizeIsCappedToo() throws IOException {
    byte[] data = new byte[900];
    new Random(1).nextBytes(data);
    byte[] body = gzip(data);
    assertThat(body.length).isGreaterThan(100);
    BadInputException e = catchThrowableOfType(BadInputException.class,
        () -> RequestBody.read(null, "gzip", new ByteArrayInputStream(body), 1000, 100));
    assertError(e, 413, "too_large");
    assertThat(e.getMessage()).contains("compressed");
    assertThat(RequestBody.compressedCapFor(LIMIT)).isGreaterThan(LIMIT);
  }

  @Test
  void transportFailuresAreIoExceptionsNotBadInput() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThatThrownBy(() -> RequestBody.read(null, null, broken, LIMIT))
        .isInstanceOf(IOException.class).hasMessage("connection reset");
    assertThatThrownBy(() -> RequestBody.read(null, "gzip", broken, LIMIT))
        .isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  /** An input stream of zeros that counts what it served. */
  static final class CountingZeros extends InputStream {
    final long size;
    long served;

    CountingZeros(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      if (served >= size) return -1;
      served++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served >= size) return -1;
      int n = (int) Math.min(len, size - served);
      Arrays.fill(b, off, off + n, (byte) 0);
      served += n;
      return n;
    }
  }
}
