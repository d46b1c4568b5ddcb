package dev.sluice.core.policy;

/**
 * What a destination does when detection finds personal data inside a field its contract keeps
 * (or in the track's event name). Per destination, {@code onPii:} in sluice.yaml.
 */
public enum OnPii {
  /** Keep the field, each detected span replaced by {@code [category]} (the default). */
  REDACT("redact"),
  /** Drop the field. */
  DROP_FIELD("drop-field"),
  /** Do not send the event to this destination at all. */
  DROP_EVENT("drop-event");

  private final String spelling;

  OnPii(String spelling) {
    this.spelling = spelling;
  }

  public String spelling() {
    return spelling;
  }

  /** The value spelled {@code s} in sluice.yaml, or null. */
  public static OnPii parse(String s) {
    for (OnPii o : values()) {
      if (o.spelling.equals(s)) {
        return o;
      }
    }
    return null;
  }
}
