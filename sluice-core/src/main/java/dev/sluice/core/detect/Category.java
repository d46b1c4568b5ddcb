package dev.sluice.core.detect;

/**
 * The data categories Sluice detects: a closed, published taxonomy (docs/taxonomy.md). The ledger,
 * the data BOM and redaction placeholders all use {@link #code()}.
 */
public enum Category {
  EMAIL("email", "contact"),
  PHONE("phone", "contact"),
  PERSON_NAME("name", "identity"),
  STREET_ADDRESS("address", "location"),
  PRECISE_LOCATION("geo", "location"),
  IP_ADDRESS("ip", "network"),
  MAC_ADDRESS("mac", "network"),
  PAYMENT_CARD("card", "financial"),
  IBAN("iban", "financial"),
  US_SSN("ssn", "government_id"),
  DATE_OF_BIRTH("dob", "identity"),
  JWT("jwt", "credential"),
  SECRET("secret", "credential"),
  /** User and anonymous identifiers, recognised by field name only. */
  ONLINE_ID("online_id", "identifier"),
  DEVICE_ID("device_id", "device"),
  USER_AGENT("user_agent", "device");

  private final String code;
  private final String group;
  private final String placeholder;

  Category(String code, String group) {
    this.code = code;
    this.group = group;
    this.placeholder = "[" + code + "]";
  }

  /** Short lower-case code used in placeholders, the ledger and reports, e.g. {@code "email"}. */
  public String code() {
    return code;
  }

  /** The redaction placeholder, e.g. {@code "[email]"}. */
  public String placeholder() {
    return placeholder;
  }

  /**
   * The taxonomy group: contact, identity, location, network, device, financial, government_id,
   * credential or identifier.
   */
  public String group() {
    return group;
  }

  /** The category with this {@link #code()}, or null. */
  public static Category byCode(String code) {
    for (Category c : values()) {
      if (c.code.equals(code)) {
        return c;
      }
    }
    return null;
  }
}
