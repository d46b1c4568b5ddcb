package dev.sluice.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Value-level evaluation on validator.js's test vectors (each value scanned alone: a valid one is
 * found when spans of the category cover half of it or more; an invalid one is a FP when any span of
 * the category appears in it) and on secretlint's fixtures (a positive is found when a SECRET or JWT
 * span lies in it: for a URL with credentials that is the password, for a webhook URL its key path;
 * every non-empty line of a negative snippet must have no SECRET/JWT span).
 */
public final class VectorEvaluation {
  private VectorEvaluation() {}

  public static final class VectorResult {
    public final String file;
    public final Category category;
    public final Counts counts = new Counts();
    public int invalid;
    /** Invalid vectors whose whole value (trimmed) is one span of the category: the validator disagrees. */
    public int invalidWhole;
    public final List<String> missedValid = new ArrayList<>();
    public final List<String> flaggedInvalid = new ArrayList<>();

    VectorResult(String file, Category category) {
      this.file = file;
      this.category = category;
    }
  }

  public static List<VectorResult> validators(DataSets data, TextScanner scanner) {
    List<VectorResult> out = new ArrayList<>();
    out.add(vectors(data, DataSets.CARDS, Category.PAYMENT_CARD, scanner));
    out.add(vectors(data, DataSets.IBANS, Category.IBAN, scanner));
    out.add(vectors(data, DataSets.EMAILS, Category.EMAIL, scanner));
    out.add(vectors(data, DataSets.IPS, Category.IP_ADDRESS, scanner));
    return out;
  }

  private static VectorResult vectors(DataSets data, String file, Category c, TextScanner scanner) {
    JsonNode j = data.json(file);
    VectorResult r = new VectorResult(file, c);
    for (JsonNode v : j.get("valid")) {
      String s = v.asText();
      if (covered(s, scanner.scan(s, ScanHints.NONE), c) * 2 >= s.length()) {
        r.counts.tp++;
      } else {
        r.counts.fn++;
        r.missedValid.add(Mask.mask(s));
      }
    }
    for (JsonNode v : j.get("invalid")) {
      String s = v.asText();
      r.invalid++;
      List<Span> spans = scanner.scan(s, ScanHints.NONE);
      boolean flagged = spans.stream().anyMatch(sp -> sp.category() == c);
      String t = s.strip();
      int lead = s.indexOf(t);
      if (!t.isEmpty() && spans.stream().anyMatch(sp -> sp.category() == c && sp.start() <= lead
          && sp.end() >= lead + t.length())) {
        r.invalidWhole++;
      }
      if (flagged) {
        r.counts.fp++;
        r.flaggedInvalid.add(Mask.mask(s));
      }
    }
    return r;
  }

  private static int covered(String s, List<Span> spans, Category c) {
    int n = 0;
    for (Span sp : spans) {
      if (sp.category() == c) {
        n += sp.length();
      }
    }
    return n;
  }

  public static final class SecretResult {
    /** kind -> [positives, found, negative lines, negative lines flagged]. */
    public final Map<String, int[]> byKind = new TreeMap<>();
    public final Counts counts = new Counts();
    public int negativeLines;
    public final List<String> missed = new ArrayList<>();
    public final List<String> flagged = new ArrayList<>();
    /** Non-secret categories found in negative lines (not scored). */
    public final Map<Category, Integer> otherInNegatives = new LinkedHashMap<>();
  }

  public static SecretResult secrets(DataSets data, TextScanner scanner) {
    JsonNode j = data.json(DataSets.SECRETS);
    SecretResult r = new SecretResult();
    for (JsonNode p : j.get("positives")) {
      String kind = p.get("kind").asText();
      String v = p.get("value").asText();
      int[] k = r.byKind.computeIfAbsent(kind, x -> new int[4]);
      k[0]++;
      // found: a secret span inside the value (for a URL with credentials, the password or path key)
      boolean found = false;
      for (Span sp : scanner.scan(v, ScanHints.NONE)) {
        found |= sp.category() == Category.SECRET || sp.category() == Category.JWT;
      }
      if (found) {
        k[1]++;
        r.counts.tp++;
      } else {
        r.counts.fn++;
        r.missed.add(kind + " `" + p.get("rule_message_id").asText() + "`: " + Mask.mask(v));
      }
    }
    for (JsonNode n : j.get("negatives")) {
      String kind = n.get("kind").asText();
      int[] k = r.byKind.computeIfAbsent(kind, x -> new int[4]);
      for (String line : n.get("text").asText().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        k[2]++;
        r.negativeLines++;
        List<Span> spans = scanner.scan(line, ScanHints.NONE);
        boolean secret = false;
        for (Span sp : spans) {
          if (sp.category() == Category.SECRET || sp.category() == Category.JWT) {
            secret = true;
          } else {
            r.otherInNegatives.merge(sp.category(), 1, Integer::sum);
          }
        }
        if (secret) {
          k[3]++;
          r.counts.fp++;
          Span first = spans.stream()
              .filter(sp -> sp.category() == Category.SECRET || sp.category() == Category.JWT)
              .findFirst().orElseThrow();
          r.flagged.add(kind + ": " + Mask.marked(line, first.start(), first.end()));
        }
      }
    }
    return r;
  }
}
