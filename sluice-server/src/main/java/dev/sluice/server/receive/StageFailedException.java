package dev.sluice.server.receive;

/**
 * No event of a request could be processed because a stage (detect, policy, encode) threw on
 * each: a bug on Sluice's side, not bad input. {@link HttpErrors} answers it with a JSON 500
 * {@code internal_error} naming the stage, so the SDK keeps the events and retries.
 */
public final class StageFailedException extends RuntimeException {
  private final String stage;

  public StageFailedException(String stage) {
    super("the " + stage + " stage failed on every event of this request (a Sluice bug, logged without event values);"
        + " nothing was accepted, retry later", null, false, false);
    this.stage = stage;
  }

  public String stage() {
    return stage;
  }
}
