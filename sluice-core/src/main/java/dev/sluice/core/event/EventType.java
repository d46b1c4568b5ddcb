package dev.sluice.core.event;

import java.util.Locale;

/** The Segment Spec event types, the canonical event's closed set. */
public enum EventType {
  TRACK("track", "t"),
  IDENTIFY("identify", "i"),
  PAGE("page", "p"),
  SCREEN("screen", "s"),
  GROUP("group", "g"),
  ALIAS("alias", "a");

  private final String wireName;
  private final String shortName;

  EventType(String wireName, String shortName) {
    this.wireName = wireName;
    this.shortName = shortName;
  }

  /** The {@code type} value on the wire, e.g. {@code track}. */
  public String wireName() {
    return wireName;
  }

  /** The one-letter path analytics.js uses, e.g. {@code t} for {@code /v1/t}. */
  public String shortName() {
    return shortName;
  }

  /** The type for a wire name or a short name; null when there is none. */
  public static EventType fromWire(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (EventType t : values()) {
      if (t.wireName.equals(lower) || t.shortName.equals(lower)) {
        return t;
      }
    }
    return null;
  }
}
