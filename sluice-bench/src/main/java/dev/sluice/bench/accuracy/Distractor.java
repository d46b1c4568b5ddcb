package dev.sluice.bench.accuracy;

/** Values analytics needs that are not personal data: nothing may be flagged in them. */
public enum Distractor {
  ORDER_ID("order id"),
  NUMERIC_ID_12("12-digit numeric id"),
  UUID("UUID"),
  TIMESTAMP("timestamp"),
  VERSION("version string"),
  PRICE("price"),
  HEX_COLOUR("hex colour"),
  SKU("SKU"),
  GIT_SHA("git SHA"),
  JORDAN_COUNTRY("\"Jordan\" the country"),
  NAME_LIKE_WORDS("capitalised words that are also names (\"Mark as read\", \"Grace period\")");

  private final String label;

  Distractor(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
