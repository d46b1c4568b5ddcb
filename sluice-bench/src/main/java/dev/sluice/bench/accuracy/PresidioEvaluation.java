package dev.sluice.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.ScanHints;
import dev.sluice.core.detect.Span;
import dev.sluice.core.detect.TextScanner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Span-level evaluation on Presidio's synthetic sentences (presidio_synth_dataset_v2.json).
 *
 * <p>Matching: a gold span of a mapped entity type is <b>found</b> (TP) when Sluice spans of the
 * mapped category cover at least 50% of its characters; otherwise it is a FN. A Sluice span is
 * correct when it overlaps a found gold span of its category; a span over an entity of an unmapped
 * type (ORGANIZATION, GPE, DATE_TIME, ...) is neither TP nor FP and is counted apart; every other
 * span is a FP of its category. Each sentence is scanned with region US (the corpus is American
 * English).
 */
public final class PresidioEvaluation {
  public static final Map<String, Category> MAPPING = new LinkedHashMap<>();

  static {
    MAPPING.put("EMAIL_ADDRESS", Category.EMAIL);
    MAPPING.put("PHONE_NUMBER", Category.PHONE);
    MAPPING.put("CREDIT_CARD", Category.PAYMENT_CARD);
    MAPPING.put("IBAN_CODE", Category.IBAN);
    MAPPING.put("US_SSN", Category.US_SSN);
    MAPPING.put("IP_ADDRESS", Category.IP_ADDRESS);
    MAPPING.put("PERSON", Category.PERSON_NAME);
    MAPPING.put("STREET_ADDRESS", Category.STREET_ADDRESS);
  }

  /** Which gold values pass the checks real ones pass (Faker's often do not). */
  static final Map<Category, Predicate<String>> VALID = new EnumMap<>(Category.class);

  static {
    VALID.put(Category.PAYMENT_CARD, v -> {
      String d = v.replaceAll("[ -]", "");
      return d.length() >= 12 && d.length() <= 19 && Fakes.luhn(d);
    });
    VALID.put(Category.IBAN, Fakes::ibanValid);
    VALID.put(Category.PHONE, v -> Fakes.phoneValid(v, "US") || (v.strip().startsWith("+") && Fakes.phoneValid(v, "ZZ")));
  }

  public static final class Result {
    public int sentences;
    public int goldSpans;
    public final Map<Category, Counts> counts = new EnumMap<>(Category.class);
    public final Map<Category, int[]> valid = new EnumMap<>(Category.class); // gold valid, found valid
    public final Map<Category, Integer> redactedAny = new EnumMap<>(Category.class);
    /** Sluice category -> unmapped entity type -> spans. */
    public final Map<Category, Map<String, Integer>> unmapped = new EnumMap<>(Category.class);
    public final Map<Category, Integer> nameOnly = new EnumMap<>(Category.class);
    /** FPs that partly overlap a gold span of their own category (under the 50% bar). */
    public final Map<Category, Integer> partial = new EnumMap<>(Category.class);
    /** PERSON gold spans: [total, with a listed word, with a listed word that is not ambiguous]. */
    public final int[] personCoverage = new int[3];

    /** Precision over all categories but one. */
    public double precisionWithout(Category excluded) {
      Counts all = new Counts();
      counts.forEach((c, n) -> {
        if (c != excluded) {
          all.add(n);
        }
      });
      return all.precision();
    }
    public final Map<Category, List<String>> misses = new EnumMap<>(Category.class);
    public final Map<Category, List<String>> falsePositives = new EnumMap<>(Category.class);

    public Counts overall() {
      Counts all = new Counts();
      counts.values().forEach(all::add);
      return all;
    }

    public int unmappedTotal() {
      return unmapped.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }
  }

  private record Gold(int start, int end, String type, Category category, String value) {}

  private PresidioEvaluation() {}

  public static Result run(JsonNode corpus, TextScanner scanner) {
    Result res = new Result();
    for (Category c : MAPPING.values()) {
      res.counts.put(c, new Counts());
    }
    ScanHints us = new ScanHints("US");
    NameLists lists = new NameLists();
    for (JsonNode rec : corpus) {
      res.sentences++;
      String text = rec.get("full_text").asText();
      List<Span> spans = scanner.scan(text, us);
      List<Gold> gold = new ArrayList<>();
      for (JsonNode g : rec.get("spans")) {
        String type = g.get("entity_type").asText();
        gold.add(new Gold(g.get("start_position").asInt(), g.get("end_position").asInt(), type, MAPPING.get(type),
            g.get("entity_value").asText()));
      }
      res.goldSpans += gold.size();
      boolean[] found = new boolean[gold.size()];
      for (int i = 0; i < gold.size(); i++) {
        Gold g = gold.get(i);
        if (g.category == null) {
          continue;
        }
        int covered = 0;
        int coveredAny = 0;
        for (Span s : spans) {
          int ov = Math.max(0, Math.min(s.end(), g.end) - Math.max(s.start(), g.start));
          coveredAny += ov;
          if (s.category() == g.category) {
            covered += ov;
          }
        }
        int len = g.end - g.start;
        found[i] = covered * 2 >= len;
        if (g.category == Category.PERSON_NAME) {
          res.personCoverage[0]++;
          res.personCoverage[1] += lists.hasListedWord(g.value) ? 1 : 0;
          res.personCoverage[2] += lists.hasUnambiguousWord(g.value) ? 1 : 0;
        }
        Counts c = res.counts.get(g.category);
        if (found[i]) {
          c.tp++;
        } else {
          c.fn++;
          List<String> ex = res.misses.computeIfAbsent(g.category, x -> new ArrayList<>());
          if (ex.size() < Tally.EXAMPLES) {
            ex.add(example(text, g.start, g.end, gold, spans));
          }
        }
        if (coveredAny * 2 >= len) {
          res.redactedAny.merge(g.category, 1, Integer::sum);
        }
        Predicate<String> valid = VALID.get(g.category);
        if (valid != null) {
          int[] v = res.valid.computeIfAbsent(g.category, x -> new int[2]);
          if (valid.test(g.value)) {
            v[0]++;
            v[1] += found[i] ? 1 : 0;
          }
        }
      }
      for (Span s : spans) {
        if (Tally.NAME_ONLY.contains(s.category())) {
          res.nameOnly.merge(s.category(), 1, Integer::sum);
          continue;
        }
        boolean correct = false;
        boolean partial = false;
        String unmappedType = null;
        for (int i = 0; i < gold.size(); i++) {
          Gold g = gold.get(i);
          if (s.start() < g.end && g.start < s.end()) {
            if (found[i] && g.category == s.category()) {
              correct = true;
              break;
            }
            partial |= g.category == s.category();
            if (g.category == null && unmappedType == null) {
              unmappedType = g.type;
            }
          }
        }
        if (correct) {
          continue;
        }
        if (unmappedType != null) {
          res.unmapped.computeIfAbsent(s.category(), x -> new TreeMap<>()).merge(unmappedType, 1, Integer::sum);
          continue;
        }
        res.counts.computeIfAbsent(s.category(), x -> new Counts()).fp++;
        if (partial) {
          res.partial.merge(s.category(), 1, Integer::sum);
        }
        List<String> ex = res.falsePositives.computeIfAbsent(s.category(), x -> new ArrayList<>());
        if (ex.size() < Tally.EXAMPLES) {
          ex.add(example(text, s.start(), s.end(), gold, List.of()));
        }
      }
    }
    return res;
  }

  /** The sentence with gold values masked and {@code [hs, he)} marked. */
  private static String example(String text, int hs, int he, List<Gold> gold, List<Span> spans) {
    List<Label> masks = new ArrayList<>();
    for (Gold g : gold) {
      masks.add(new Label(g.start, g.end, Kind.NAME, null, Placement.FREE_TEXT, null)); // kind only marks "mask it"
    }
    StringBuilder found = new StringBuilder();
    for (Span s : spans) {
      if (s.start() < he && hs < s.end()) {
        found.append(found.length() == 0 ? " [spans: " : ", ").append(s.category().code());
      }
    }
    if (found.length() > 0) {
      found.append(']');
    }
    String type = "";
    for (Gold g : gold) {
      if (g.start < he && hs < g.end) {
        type = " (gold: " + g.type + ")";
        break;
      }
    }
    return Mask.context(text, masks, hs, he) + found + type;
  }
}
