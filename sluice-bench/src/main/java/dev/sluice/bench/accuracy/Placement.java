package dev.sluice.bench.accuracy;

/** Where in an event a value was planted. */
public enum Placement {
  FIELD("a field with an unrelated name (`properties.ref`, `traits.value`, ...)"),
  FREE_TEXT("free text (`properties.message`, `comment`, `notes`, ...)"),
  URL_PATH("a URL path segment (`page.url`, `page.path`, `properties.link`)"),
  URL_QUERY("a URL query parameter (`page.url`, `page.search`, deep links)"),
  URL_FRAGMENT("a URL fragment (`#/invite/...`, `#access_token=...`)"),
  REFERRER("the referrer URL (`context.page.referrer`)"),
  EVENT_NAME("the event or screen name"),
  ARRAY("an array element (`properties.items[].note`, `tags[]`)");

  private final String description;

  Placement(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
