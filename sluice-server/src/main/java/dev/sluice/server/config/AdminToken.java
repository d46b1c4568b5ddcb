package dev.sluice.server.config;

import dev.sluice.core.config.Location;
import dev.sluice.server.admin.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code admin.tokens}: a name (shown in logs instead of the token), the SHA-256 of
 * the token, and its scopes. The token itself is not kept once loaded: requests are checked by
 * hashing the presented token and comparing digests in constant time ({@link #matches}).
 */
public final class AdminToken {
  private final String name;
  private final byte[] digest;
  private final Set<Scope> scopes;
  private final Location location;

  AdminToken(String name, byte[] token, Set<Scope> scopes, Location location) {
    this.name = Objects.requireNonNull(name, "name");
    this.digest = sha256(token);
    this.scopes = Set.copyOf(scopes);
    this.location = location;
  }

  /** A token for tests and the demo, which make their own. */
  public static AdminToken of(String name, String token, Set<Scope> scopes) {
    return new AdminToken(name, token.getBytes(StandardCharsets.UTF_8), scopes, Location.UNKNOWN);
  }

  public String name() {
    return name;
  }

  public Set<Scope> scopes() {
    return scopes;
  }

  public Location location() {
    return location;
  }

  /** Whether {@code presentedDigest} (SHA-256 of a presented token) is this token's, in constant time. */
  public boolean matches(byte[] presentedDigest) {
    return MessageDigest.isEqual(digest, presentedDigest);
  }

  /** SHA-256, so tokens of any length compare in time independent of their content. */
  public static byte[] sha256(byte[] token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  boolean sameTokenAs(AdminToken other) {
    return Arrays.equals(digest, other.digest);
  }

  /** Names the token, never its digest. */
  @Override
  public String toString() {
    return "AdminToken[" + name + ", scopes=" + scopes + "]";
  }
}
