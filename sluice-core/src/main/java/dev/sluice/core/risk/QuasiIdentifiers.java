package dev.sluice.core.risk;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The privacy-safe projection of one event as a vendor received it, for re-identification
 * estimates: every leaf but the direct identifiers, each value replaced by a short digest.
 *
 * <p>Dropped: per-vendor pseudonyms ({@code ps1_...}: direct identifiers, not quasi-identifiers),
 * message and insert ids, and the event's type and name (what happened, not who). Timestamps
 * keep the hour ({@code 2026-11-25T18}), since the exact millisecond would make every record
 * unique and no attacker needs that precision to link. Each remaining value becomes the first 8
 * bytes of SHA-256 over a domain tag and the value: equal values stay equal (all k-anonymity
 * needs) and the sample holds no value in the clear, even decrypted.
 */
public final class QuasiIdentifiers {
  private static final Set<String> SKIPPED =
      Set.of("messageId", "$insert_id", "insert_id", "type", "event", "sentAt", "receivedAt");
  private static final Set<String> TIMES = Set.of("timestamp", "time", "originalTimestamp");
  private static final byte[] DOMAIN = "sluice/qi\0".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /** Longer values are cut before hashing (they are unique anyway). */
  private static final int MAX_VALUE = 256;

  private QuasiIdentifiers() {}

  /** Path → digest of the value, sorted by path. */
  public static Map<String, String> of(JsonNode event) {
    Map<String, String> out = new TreeMap<>();
    walk(event, "", out);
    return out;
  }

  private static void walk(JsonNode n, String path, Map<String, String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        String k = e.getKey();
        if (path.isEmpty() && SKIPPED.contains(k)) {
          continue;
        }
        walk(e.getValue(), path.isEmpty() ? k : path + "." + k, out);
      }
    } else if (n.isArray()) {
      int i = 0;
      for (JsonNode x : n) {
        walk(x, path + "[" + i++ + "]", out);
      }
    } else if (!n.isNull() && !n.isMissingNode()) {
      String v = n.asText();
      if (v.startsWith("ps1_")) {
        return;
      }
      String leaf = path.substring(path.lastIndexOf('.') + 1);
      if (TIMES.contains(leaf) && v.length() >= 13 && v.charAt(10) == 'T') {
        v = v.substring(0, 13);
      }
      out.put(path, digest(v));
    }
  }

  static String digest(String value) {
    String v = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(DOMAIN);
      byte[] d = md.digest(v.getBytes(StandardCharsets.UTF_8));
      return B64.encodeToString(java.util.Arrays.copyOf(d, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
