package dev.sluice.core;

/**
 * The one exception for input a client got wrong. It carries the HTTP status to answer with and a
 * message safe to show the client: it names the problem, never echoes event values.
 */
public final class BadInputException extends RuntimeException {
  private final int status;
  private final String code;

  public BadInputException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static BadInputException badRequest(String code, String message) {
    return new BadInputException(400, code, message);
  }

  /** HTTP status to answer with (4xx). */
  public int status() {
    return status;
  }

  /** Stable machine-readable error code, e.g. {@code malformed_json}. */
  public String code() {
    return code;
  }
}
