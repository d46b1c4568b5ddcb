package dev.sluice.server.receive;

import dev.sluice.core.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the write key from HTTP Basic auth, where Segment SDKs put it as the user name. */
public final class BasicAuth {
  private BasicAuth() {}

  /** The user name of a Basic Authorization header; null when the header is absent. */
  public static String user(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new BadInputException(401, "unauthorized", "Authorization must be HTTP Basic with the write key as user name");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(401, "unauthorized", "Authorization header is not valid base64");
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.substring(0, colon);
  }
}
