package dev.sluice.server.ui;

import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.Protection;
import dev.sluice.core.detect.Category;
import dev.sluice.core.ledger.LedgerEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One destination of the data BOM as the dashboard shows it: "what does vendor X receive". Only
 * formatting lives here (counts, times, the masked example, the CSS class of a row); what the
 * numbers mean is {@link Bom.DestinationFlows}.
 */
record DestinationView(
    Bom.DestinationFlows flows,
    String href,
    String eventsSent,
    String deliveredValues,
    String blockedValues,
    String subjects,
    List<String> rawCategories,
    List<String> deliveredCategories,
    List<String> eventsDropped,
    List<Field> fields,
    boolean hasDifferences) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * One (path, category, protection) row. {@code example} is a masked shape, never a value: the
   * ledger holds none, so it is the category's placeholder ({@code [email]}).
   *
   * @param rowClass {@code raw} (personal data sent as is), {@code delivered} or {@code withheld}
   * @param rule the deciding rule's pattern, or null for default deny
   */
  record Field(
      String path, String category, String protection, String rowClass, String rule, String events, String values,
      String example, String sources, String firstSeen, String lastSeen) {}

  static DestinationView of(Bom.DestinationFlows d) {
    List<Field> fields = new ArrayList<>();
    long delivered = 0;
    long blocked = 0;
    for (Bom.FieldFlow f : d.fields()) {
      boolean raw = f.protection() == Protection.RAW && !f.category().equals(LedgerEntry.NO_CATEGORY);
      if (f.protection().delivered()) {
        delivered += f.values();
      } else {
        blocked += f.values();
      }
      Category c = Category.byCode(f.category());
      fields.add(
          new Field(
              f.path(),
              f.category(),
              f.generalizer() == null ? f.protection().code() : f.protection().code() + " (" + f.generalizer() + ")",
              raw ? "raw" : f.protection().delivered() ? "delivered" : "withheld",
              f.rule(),
              count(f.events()),
              count(f.values()),
              c == null ? "" : c.placeholder(),
              String.join(", ", f.sources()),
              time(f.firstSeen()),
              time(f.lastSeen())));
    }
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, Long> e : d.eventsDropped().entrySet()) {
      dropped.add(e.getKey() + ": " + count(e.getValue()));
    }
    return new DestinationView(
        d,
        "/ui/destinations/" + URLEncoder.encode(d.name(), StandardCharsets.UTF_8).replace("+", "%20"),
        count(d.eventsSent()),
        count(delivered),
        count(blocked),
        d.subjects() == null ? "none counted" : "about " + count(d.subjects()),
        d.rawCategories(),
        d.deliveredCategories(),
        dropped,
        fields,
        !d.rawCategories().isEmpty() || !d.unseenRules().isEmpty() || !d.declared());
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }
}
