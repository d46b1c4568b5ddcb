package dev.sluice.server.admin;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What an admin token may do. Each admin route names the scope it needs; a token without it gets
 * 403. {@link #spelling()} is how sluice.yaml writes it ({@code admin.tokens[].scopes}).
 */
public enum Scope {
  /** Read the BOM, the ledger, the destinations and the dashboard. */
  READ("read"),
  /** Produce breach-impact (incident) reports. */
  INCIDENT("incident");

  /** The spellings, for error messages. */
  public static final String KNOWN = Arrays.stream(values()).map(Scope::spelling).collect(Collectors.joining(", "));

  private final String spelling;

  Scope(String spelling) {
    this.spelling = spelling;
  }

  public String spelling() {
    return spelling;
  }

  /** The scope spelled {@code s}, or null. */
  public static Scope bySpelling(String s) {
    for (Scope v : values()) {
      if (v.spelling.equals(s)) {
        return v;
      }
    }
    return null;
  }
}
