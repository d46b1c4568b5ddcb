package dev.sluice.core.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Outcome;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * If this vendor's store leaked today, what would the attacker hold: per category how the values
 * reached it (raw, pseudonymised, hashed, generalised, redacted), subjects reached, and the
 * re-identification risk of a sample of what it received ({@link KAnonymity}).
 *
 * @param since the window's first day, or null for everything recorded
 */
public record BlastRadius(String vendor, List<String> destinations, LocalDate since, Exposure exposure,
    KAnonymity sample) {
  public BlastRadius {
    destinations = List.copyOf(destinations);
  }

  /** The outcomes a category row shows, in order: raw (sent as is), pseudonymised, hashed, generalised, redacted. */
  public static final List<Outcome> COLUMNS =
      List.of(Outcome.SENT, Outcome.PSEUDONYMIZED, Outcome.HASHED, Outcome.GENERALIZED, Outcome.REDACTED);

  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("blast radius of ").append(vendor).append(" (").append(String.join(", ", destinations)).append("), ")
        .append(since == null ? "everything recorded" : "since " + since).append('\n');
    sb.append(String.format(Locale.ROOT, "subjects reached: about %,d; events delivered: %,d%n%n",
        exposure.subjects(), exposure.events()));
    String row = "%-12s %12s %14s %12s %12s %12s%n";
    sb.append(String.format(Locale.ROOT, row, "category", "raw", "pseudonymised", "hashed", "generalised", "redacted"));
    for (Map.Entry<String, Map<Outcome, Exposure.Counts>> e : exposure.byCategory().entrySet()) {
      Object[] cells = new Object[6];
      cells[0] = e.getKey();
      for (int i = 0; i < COLUMNS.size(); i++) {
        Exposure.Counts c = e.getValue().get(COLUMNS.get(i));
        cells[i + 1] = c == null ? "-" : String.format(Locale.ROOT, "%,d", c.values());
      }
      sb.append(String.format(Locale.ROOT, row, cells));
    }
    if (reversibleHashes()) {
      sb.append("\nnote: hashed emails and phone numbers are unsalted SHA-256, reversible by dictionary:"
          + " count them as raw.\n");
    }
    sb.append('\n').append(reidentification()).append('\n');
    return sb.toString();
  }

  /**
   * Whether the vendor holds hashed emails or phone numbers: unsalted SHA-256, reversible by
   * dictionary, so as good as raw.
   */
  public boolean reversibleHashes() {
    return exposure.get("email", Outcome.HASHED) != null || exposure.get("phone", Outcome.HASHED) != null;
  }

  /** One paragraph on the sample's k-anonymity. */
  public String reidentification() {
    if (sample.records() == 0) {
      return "re-identification: no sample in the window (storage.sampleEvery is 0, or nothing was sent)";
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "re-identification (sample of %,d records, %d quasi-identifiers): %.1f%% unique on them; k = %d;"
            + " %,d equivalence classes",
        sample.records(), sample.paths().size(), 100 * sample.uniqueShare(), sample.k(), sample.classes()));
    sb.append("\n  smallest classes:");
    sample.smallest().forEach((size, n) -> sb.append(String.format(Locale.ROOT, " %,d of size %d;", n, size)));
    sb.setLength(sb.length() - 1);
    sb.append("\n  quasi-identifiers: ").append(String.join(", ", sample.paths()));
    return sb.toString();
  }

  public String json() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("vendor", vendor);
    destinations.forEach(o.putArray("destinations")::add);
    if (since == null) {
      o.putNull("since");
    } else {
      o.put("since", since.toString());
    }
    o.put("subjects", exposure.subjects());
    o.put("events", exposure.events());
    ObjectNode cats = o.putObject("categories");
    exposure.byCategory().forEach((c, m) -> {
      ObjectNode x = cats.putObject(c);
      m.forEach((out, n) -> x.put(out.name().toLowerCase(Locale.ROOT), n.values()));
    });
    o.set("reidentification", json(sample));
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sample's figures as JSON (shared with the incident report). */
  public static ObjectNode json(KAnonymity k) {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("sampleRecords", k.records());
    r.put("classes", k.classes());
    r.put("k", k.k());
    r.put("uniqueRecords", k.unique());
    r.put("uniqueShare", Math.round(k.uniqueShare() * 10000) / 10000.0);
    ArrayNode s = r.putArray("smallestClasses");
    k.smallest().forEach((size, n) -> s.addObject().put("size", size).put("classes", n));
    k.paths().forEach(r.putArray("quasiIdentifiers")::add);
    return r;
  }
}
