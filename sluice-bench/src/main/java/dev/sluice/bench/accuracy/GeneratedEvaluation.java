package dev.sluice.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.detect.EventFindings;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.LeafFinding;
import dev.sluice.core.detect.Span;
import java.util.List;
import java.util.Map;

/**
 * Runs the detect stage ({@link EventScanner}) over the labelled event corpus and scores it leaf by
 * leaf ({@link Tally}): each string leaf's spans against the values planted in it.
 */
public final class GeneratedEvaluation {
  private GeneratedEvaluation() {}

  public static Tally run(LabelledCorpus corpus, EventScanner scanner) {
    Tally t = new Tally();
    for (LabelledCorpus.LabelledEvent e : corpus.events()) {
      EventFindings findings = scanner.scan(e.event());
      String region = LabelledCorpus.region(e.event().json());
      walk(e.event().json(), "", e.labels(), findings, region, t);
    }
    return t;
  }

  private static void walk(JsonNode n, String path, Map<JsonNode, List<Label>> labels, EventFindings findings,
      String region, Tally t) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        String key = f.getKey();
        if (path.isEmpty() && (key.equals("type") || key.equals("messageId") || key.equals("timestamp"))) {
          continue; // envelope fields the receiver generates or validates; the detect stage skips them
        }
        walk(f.getValue(), path.isEmpty() ? key : path + "." + key, labels, findings, region, t);
      }
    } else if (n.isArray()) {
      for (JsonNode el : n) {
        walk(el, path, labels, findings, region, t);
      }
    } else if (n.isTextual()) {
      LeafFinding lf = findings.of(n);
      List<Span> spans = lf == null ? List.of() : lf.spans();
      t.add(new LabelledString(n.textValue(), region, path, labels.getOrDefault(n, List.of())), spans);
    }
  }
}
