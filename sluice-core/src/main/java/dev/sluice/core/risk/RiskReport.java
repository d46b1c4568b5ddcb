package dev.sluice.core.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every vendor's {@link VendorRisk}, riskiest first, as of a day and over a ledger window, rendered
 * as a text table, markdown or JSON. Renders nothing but names, codes, counts and dates.
 *
 * @param since the start of the ledger window, or null for everything recorded
 */
public record RiskReport(LocalDate asOf, LocalDate since, List<VendorRisk> vendors) {
  public RiskReport {
    List<VendorRisk> sorted = new ArrayList<>(vendors);
    sorted.sort(RiskModel.RISKIEST_FIRST);
    vendors = List.copyOf(sorted);
  }

  private String window() {
    return since == null ? "everything the ledger recorded" : "ledger rows seen since " + since;
  }

  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("vendor risk as of ").append(asOf).append(" (").append(window()).append("); model: docs/risk.md\n");
    int w = Math.max(6, vendors.stream().mapToInt(v -> v.vendor().length()).max().orElse(0));
    String row = "%-" + w + "s  %5s  %-6s  %8s  %5s  %s%n";
    sb.append(String.format(Locale.ROOT, row, "vendor", "score", "level", "exposure", "trust", "destinations"));
    for (VendorRisk v : vendors) {
      sb.append(String.format(Locale.ROOT, row, v.vendor(), v.score(), v.level(), v.exposure(), v.trust(),
          String.join(", ", v.destinations())));
    }
    for (VendorRisk v : vendors) {
      sb.append('\n').append(v.vendor()).append(": ").append(v.score()).append(" (").append(v.level()).append(")\n");
      for (Factor f : v.factors()) {
        sb.append("  ").append(f).append('\n');
      }
    }
    return sb.toString();
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Vendor risk\n\nAs of ").append(asOf).append(", over ").append(window())
        .append(". Model: docs/risk.md.\n\n| vendor | score | level | exposure | trust | destinations |\n|---|---:|---|---:|---:|---|\n");
    for (VendorRisk v : vendors) {
      sb.append("| ").append(v.vendor()).append(" | ").append(v.score()).append(" | ").append(v.level())
          .append(" | ").append(v.exposure()).append(" | ").append(v.trust()).append(" | ")
          .append(String.join(", ", v.destinations())).append(" |\n");
    }
    for (VendorRisk v : vendors) {
      sb.append("\n## ").append(v.vendor()).append(": ").append(v.score()).append(" (").append(v.level()).append(")\n\n");
      for (Factor f : v.factors()) {
        sb.append("- ").append(f).append('\n');
      }
    }
    return sb.toString();
  }

  public String json() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("asOf", asOf.toString());
    if (since != null) {
      root.put("since", since.toString());
    } else {
      root.putNull("since");
    }
    ArrayNode list = root.putArray("vendors");
    for (VendorRisk v : vendors) {
      ObjectNode o = list.addObject();
      o.put("vendor", v.vendor());
      o.put("registered", v.registered());
      o.put("score", v.score());
      o.put("level", v.level());
      o.put("exposure", v.exposure());
      o.put("trust", v.trust());
      ArrayNode d = o.putArray("destinations");
      v.destinations().forEach(d::add);
      ArrayNode fs = o.putArray("factors");
      for (Factor f : v.factors()) {
        fs.addObject().put("points", f.points()).put("reason", f.reason());
      }
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
