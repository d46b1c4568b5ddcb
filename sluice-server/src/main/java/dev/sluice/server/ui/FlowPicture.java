package dev.sluice.server.ui;

import dev.sluice.core.bom.Protection;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data-flow picture of the dashboard: sources on the left, data categories in the middle,
 * destinations on the right, each band as wide as the number of values that took it. Only what
 * was delivered in some form is drawn ({@link Protection#delivered()}: redacted, blocked and
 * dropped values stay on the vendor pages). A band is {@code raw} when a value with a data category
 * was sent as is, {@code protected} when it was pseudonymised, hashed or generalised, {@code
 * plain} when detection found no category.
 *
 * <p>Drawn from the ledger rows rather than the BOM, which sums over sources.
 *
 * <p>Pure geometry: the template draws the numbers as inline SVG, so the page needs no script.
 */
record FlowPicture(int width, int height, List<Node> nodes, List<Band> bands, long total) {
  static final int WIDTH = 960;
  static final int MIN_HEIGHT = 240;
  private static final int NODE_WIDTH = 14;
  private static final int GAP = 14;
  private static final int PER_NODE = 34;
  private static final int LABEL_ROOM = 170;
  /** A band is at least this wide, so a single value is still visible. */
  private static final double MIN_BAND = 1.5;

  /** A box in one of the three columns. {@code kind} is source, category or destination. */
  record Node(String kind, String label, String x, String y, String w, String h, String labelX, String labelY, String anchor, long values) {}

  /** One band between two nodes: an SVG path stroked {@code strokeWidth} wide. */
  record Band(String from, String to, String kind, String d, String strokeWidth, long values, String title) {}

  private static String kind(LedgerEntry e) {
    if (e.outcome() == Outcome.SENT && !LedgerEntry.NO_CATEGORY.equals(e.category())) {
      return "raw";
    }
    return LedgerEntry.NO_CATEGORY.equals(e.category()) ? "plain" : "protected";
  }

  static FlowPicture of(Collection<LedgerEntry> entries) {
    // (from, to, kind) -> values, for both stages; TreeMaps keep the drawing stable.
    Map<List<String>, Long> left = new TreeMap<>(Comparator.comparing(Object::toString));
    Map<List<String>, Long> right = new TreeMap<>(Comparator.comparing(Object::toString));
    Map<String, Long> sources = new TreeMap<>();
    Map<String, Long> categories = new TreeMap<>();
    Map<String, Long> destinations = new TreeMap<>();
    long total = 0;
    for (LedgerEntry e : entries) {
      if (!Protection.of(e.outcome()).delivered() || e.path().equals(FlowLedger.EVENT_PATH) || e.values() == 0) {
        continue;
      }
      String k = kind(e);
      left.merge(List.of(e.source(), e.category(), k), e.values(), Long::sum);
      right.merge(List.of(e.category(), e.destination(), k), e.values(), Long::sum);
      sources.merge(e.source(), e.values(), Long::sum);
      categories.merge(e.category(), e.values(), Long::sum);
      destinations.merge(e.destination(), e.values(), Long::sum);
      total += e.values();
    }
    int rows = Math.max(sources.size(), Math.max(categories.size(), destinations.size()));
    int height = Math.max(MIN_HEIGHT, rows * PER_NODE + 40);
    if (total == 0) {
      return new FlowPicture(WIDTH, height, List.of(), List.of(), 0);
    }
    double usable = height - 20 - GAP * (rows - 1);
    double scale = usable / total;

    double[] xs = {LABEL_ROOM - NODE_WIDTH, (WIDTH - NODE_WIDTH) / 2.0, WIDTH - LABEL_ROOM};
    Map<String, double[]> srcBox = column(sources, scale, height);
    Map<String, double[]> catBox = column(categories, scale, height);
    Map<String, double[]> dstBox = column(destinations, scale, height);

    List<Node> nodes = new ArrayList<>();
    addNodes(nodes, "source", sources, srcBox, xs[0], "end", -6);
    addNodes(nodes, "category", categories, catBox, xs[1], "start", NODE_WIDTH + 4);
    addNodes(nodes, "destination", destinations, dstBox, xs[2], "start", NODE_WIDTH + 6);

    List<Band> bands = new ArrayList<>();
    // Running offsets inside each node, so bands stack instead of overlapping.
    Map<String, Double> srcOut = new LinkedHashMap<>();
    Map<String, Double> catIn = new LinkedHashMap<>();
    Map<String, Double> catOut = new LinkedHashMap<>();
    Map<String, Double> dstIn = new LinkedHashMap<>();
    for (var b : left.entrySet()) {
      String s = b.getKey().get(0);
      String c = b.getKey().get(1);
      String k = b.getKey().get(2);
      bands.add(band(s, c, k, b.getValue(), scale, xs[0] + NODE_WIDTH, srcBox.get(s), srcOut, s, xs[1], catBox.get(c), catIn, c));
    }
    for (var b : right.entrySet()) {
      String c = b.getKey().get(0);
      String d = b.getKey().get(1);
      String k = b.getKey().get(2);
      bands.add(band(c, d, k, b.getValue(), scale, xs[1] + NODE_WIDTH, catBox.get(c), catOut, c, xs[2], dstBox.get(d), dstIn, d));
    }
    return new FlowPicture(WIDTH, height, nodes, bands, total);
  }

  /** Boxes {y, h} for one column, centred vertically. */
  private static Map<String, double[]> column(Map<String, Long> totals, double scale, int height) {
    double sum = 0;
    for (long v : totals.values()) {
      sum += Math.max(v * scale, MIN_BAND);
    }
    sum += GAP * (totals.size() - 1);
    double y = (height - sum) / 2;
    Map<String, double[]> boxes = new LinkedHashMap<>();
    for (var t : totals.entrySet()) {
      double h = Math.max(t.getValue() * scale, MIN_BAND);
      boxes.put(t.getKey(), new double[] {y, h});
      y += h + GAP;
    }
    return boxes;
  }

  private static void addNodes(
      List<Node> out, String kind, Map<String, Long> totals, Map<String, double[]> boxes, double x, String anchor, double labelDx) {
    for (var t : totals.entrySet()) {
      double[] box = boxes.get(t.getKey());
      double labelX = x + labelDx;
      double labelY = box[0] + box[1] / 2 + 4;
      out.add(
          new Node(kind, t.getKey(), num(x), num(box[0]), num(NODE_WIDTH), num(box[1]), num(labelX), num(labelY), anchor, t.getValue()));
    }
  }

  private static Band band(
      String from, String to, String kind, long values, double scale,
      double x0, double[] fromBox, Map<String, Double> fromOffsets, String fromKey,
      double x1, double[] toBox, Map<String, Double> toOffsets, String toKey) {
    double w = Math.max(values * scale, MIN_BAND);
    double y0 = fromBox[0] + fromOffsets.getOrDefault(fromKey, 0.0) + w / 2;
    double y1 = toBox[0] + toOffsets.getOrDefault(toKey, 0.0) + w / 2;
    fromOffsets.merge(fromKey, w, Double::sum);
    toOffsets.merge(toKey, w, Double::sum);
    double xm = (x0 + x1) / 2;
    String d = "M" + num(x0) + "," + num(y0) + " C" + num(xm) + "," + num(y0) + " " + num(xm) + "," + num(y1) + " " + num(x1) + "," + num(y1);
    String how = switch (kind) {
      case "raw" -> "sent as is";
      case "protected" -> "protected";
      default -> "no personal data found";
    };
    return new Band(from, to, kind, d, num(w), values, from + " \u2192 " + to + ": " + values + " values, " + how);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
