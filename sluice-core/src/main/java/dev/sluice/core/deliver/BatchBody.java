package dev.sluice.core.deliver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Joins pre-encoded JSON items into {@code prefix item,item,... suffix} without re-parsing them:
 * items in the outbox are already vendor JSON, so framing a batch is a byte copy.
 */
public final class BatchBody {
  private BatchBody() {}

  public static byte[] join(String prefix, List<byte[]> items, String suffix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
    int size = p.length + s.length + Math.max(0, items.size() - 1);
    for (byte[] i : items) {
      size += i.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes(p);
    for (int k = 0; k < items.size(); k++) {
      if (k > 0) {
        out.write(',');
      }
      out.writeBytes(items.get(k));
    }
    out.writeBytes(s);
    return out.toByteArray();
  }

  /** Framing overhead of {@link #join} for {@code n} items, for batch-size accounting. */
  public static int overhead(String prefix, int n, String suffix) {
    return prefix.getBytes(StandardCharsets.UTF_8).length
        + suffix.getBytes(StandardCharsets.UTF_8).length
        + Math.max(0, n - 1);
  }
}
