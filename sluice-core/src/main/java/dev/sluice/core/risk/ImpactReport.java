package dev.sluice.core.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a vendor under incident may have lost, for the people who notify: the window, the
 * categories and fields it received (from the ledger), subjects reached, the pseudonym epochs the
 * attacker may hold (all epochs before the rotation), and the notification clock. Holds names,
 * category codes, paths, counts and times only; never a value.
 *
 * @param windowStart the first time the ledger saw anything go to the vendor (null: nothing)
 * @param openedAt when the incident was opened (the window ends here)
 * @param awareAt when we became aware of the breach: GDPR Art. 33's 72 hours run from here
 * @param epochs per destination: the epochs the vendor received (1 to the epoch before the
 *     rotation) and the new one
 * @param held events waiting in the vendor's queue, held
 * @param discarded events discarded from the queue at opening ({@code --discard-queue})
 * @param sample k-anonymity of the sample of what the vendor received (see {@link BlastRadius})
 */
public record ImpactReport(
    String incident,
    String vendor,
    String reason,
    List<String> destinations,
    Instant windowStart,
    Instant openedAt,
    Instant awareAt,
    Exposure exposure,
    SortedMap<String, Epochs> epochs,
    Integer promisedNotificationHours,
    long held,
    long discarded,
    KAnonymity sample) {
  /** GDPR Art. 33(1): notify the supervisory authority within 72 hours of becoming aware. */
  public static final Duration GDPR_NOTIFICATION = Duration.ofHours(72);

  /** Pseudonym epochs of one destination: {@code 1..exposedUpTo} may be held by the attacker. */
  public record Epochs(int exposedUpTo, int current) {}

  public ImpactReport {
    destinations = List.copyOf(destinations);
  }

  public Instant notificationDeadline() {
    return awareAt.plus(GDPR_NOTIFICATION);
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Incident ").append(incident).append(": ").append(vendor).append("\n\n");
    sb.append("- reason: ").append(reason).append('\n');
    sb.append("- destinations: ").append(String.join(", ", destinations)).append('\n');
    sb.append("- window: ").append(windowStart == null ? "(nothing recorded)" : windowStart.toString())
        .append(" to ").append(openedAt).append('\n');
    sb.append("- aware at: ").append(awareAt).append('\n');
    sb.append("- **notify the supervisory authority by ").append(notificationDeadline())
        .append("** (GDPR Art. 33: 72 hours from awareness, if the breach is likely to result in a risk to people)\n");
    sb.append("- vendor's promised notification window: ")
        .append(promisedNotificationHours == null ? "unknown" : promisedNotificationHours + " h").append('\n');
    sb.append("- delivery: held (").append(held).append(" events waiting");
    if (discarded > 0) {
      sb.append(", ").append(discarded).append(" discarded");
    }
    sb.append(")\n");
    sb.append(String.format(Locale.ROOT, "- subjects reached: about %,d%n", exposure.subjects()));
    sb.append(String.format(Locale.ROOT, "- events delivered: %,d%n", exposure.events()));
    sb.append("\n## Pseudonym epochs\n\n| destination | epochs the vendor holds | new epoch |\n|---|---|---:|\n");
    epochs.forEach((d, e) -> sb.append("| ").append(d).append(" | ")
        .append(e.exposedUpTo() <= 1 ? "1" : "1 to " + e.exposedUpTo()).append(" | ").append(e.current()).append(" |\n"));
    sb.append("\nPseudonyms of the epochs it holds cannot be reversed without our key, but they are stable"
        + " within an epoch: data sent after the rotation no longer joins with them.\n");
    sb.append("\n## Data it received\n\n| category | outcome | values | fields |\n|---|---|---:|---|\n");
    if (exposure.byCategory().isEmpty()) {
      sb.append("| (nothing recorded) | | | |\n");
    }
    for (Map.Entry<String, Map<Outcome, Exposure.Counts>> c : exposure.byCategory().entrySet()) {
      for (Map.Entry<Outcome, Exposure.Counts> o : c.getValue().entrySet()) {
        sb.append("| ").append(c.getKey()).append(" | ").append(spell(o.getKey())).append(" | ")
            .append(String.format(Locale.ROOT, "%,d", o.getValue().values())).append(" | ")
            .append(String.join(", ", o.getValue().paths().stream().map(p -> "`" + p + "`").toList())).append(" |\n");
      }
    }
    if (exposure.get("email", Outcome.HASHED) != null || exposure.get("phone", Outcome.HASHED) != null) {
      sb.append("\nHashed emails and phone numbers are unsalted SHA-256: treat them as disclosed"
          + " (reversible by dictionary).\n");
    }
    sb.append("\n## Re-identification\n\n")
        .append(new BlastRadius(vendor, destinations, null, exposure, sample).reidentification()).append('\n');
    return sb.toString();
  }

  public String json() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("incident", incident);
    root.put("vendor", vendor);
    root.put("reason", reason);
    ArrayNode ds = root.putArray("destinations");
    destinations.forEach(ds::add);
    ObjectNode w = root.putObject("window");
    if (windowStart == null) {
      w.putNull("start");
    } else {
      w.put("start", windowStart.toString());
    }
    w.put("end", openedAt.toString());
    root.put("awareAt", awareAt.toString());
    root.put("notificationDeadline", notificationDeadline().toString());
    if (promisedNotificationHours == null) {
      root.putNull("promisedNotificationHours");
    } else {
      root.put("promisedNotificationHours", promisedNotificationHours);
    }
    root.put("held", held);
    root.put("discarded", discarded);
    root.put("subjects", exposure.subjects());
    root.put("events", exposure.events());
    ObjectNode ep = root.putObject("epochs");
    epochs.forEach((d, e) -> ep.putObject(d).put("exposedUpTo", e.exposedUpTo()).put("current", e.current()));
    ArrayNode cats = root.putArray("received");
    exposure.byCategory().forEach((c, m) -> m.forEach((o, n) -> {
      ObjectNode x = cats.addObject().put("category", c).put("outcome", spell(o)).put("values", n.values());
      ArrayNode p = x.putArray("fields");
      n.paths().forEach(p::add);
    }));
    root.set("reidentification", BlastRadius.json(sample));
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String spell(Outcome o) {
    return switch (o) {
      case SENT -> "raw";
      case PSEUDONYMIZED -> "pseudonymised";
      case HASHED -> "hashed";
      case GENERALIZED -> "generalised";
      case REDACTED -> "redacted";
      case BLOCKED_BY_CONTRACT, DROPPED_FOR_PII -> o.name().toLowerCase(Locale.ROOT);
    };
  }
}
