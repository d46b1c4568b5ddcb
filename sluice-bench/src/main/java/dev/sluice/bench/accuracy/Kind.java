package dev.sluice.bench.accuracy;

import dev.sluice.core.detect.Category;
import java.util.EnumSet;
import java.util.Set;

/** What a planted personal-data value is, and which Sluice categories count as finding it. */
public enum Kind {
  EMAIL("email", Category.EMAIL),
  PHONE("phone", Category.PHONE),
  CARD("payment card", Category.PAYMENT_CARD),
  IBAN("IBAN", Category.IBAN),
  IPV4("IPv4", Category.IP_ADDRESS),
  IPV6("IPv6", Category.IP_ADDRESS),
  SSN("US SSN", Category.US_SSN),
  JWT("JWT", Category.JWT, Category.SECRET),
  SECRET("secret / API key", Category.SECRET, Category.JWT),
  NAME("person name", Category.PERSON_NAME),
  MAC("MAC address", Category.MAC_ADDRESS),
  GEO("lat/lng", Category.PRECISE_LOCATION);

  private final String label;
  private final Category category;
  private final Set<Category> accepted;

  Kind(String label, Category category, Category... alsoAccepted) {
    this.label = label;
    this.category = category;
    this.accepted = EnumSet.of(category, alsoAccepted);
  }

  public String label() {
    return label;
  }

  /** The category the value belongs to. */
  public Category category() {
    return category;
  }

  /**
   * Categories whose span counts as finding the value: the category itself, and for credentials
   * both JWT and SECRET (the taxonomy reports a JWT under a secret-like name as SECRET).
   */
  public boolean accepts(Category c) {
    return accepted.contains(c);
  }

  /** Structured categories the issue holds to recall ≥ 0.97. */
  public boolean structured() {
    return this != NAME && this != MAC && this != GEO;
  }
}
