package dev.sluice.bench.accuracy;

import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.Span;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores spans against planted labels, one string leaf at a time.
 *
 * <ul>
 *   <li>A planted value is <b>found</b> when spans of an accepted category ({@link Kind#accepts})
 *       cover at least half of its characters; <b>fully covered</b> when they cover all of them.
 *   <li>A span is correct when it overlaps a found value of a kind that accepts its category;
 *       every other span is a <b>false positive</b> of its category, attributed to the distractor
 *       it hit, to another planted value (wrong category), or to the unlabelled background.
 * </ul>
 *
 * Precision per category is {@code found / (found + false positives)}.
 */
public final class Tally {
  public static final int EXAMPLES = 8;

  /** Per planted kind. */
  public static final class KindStats {
    public int planted;
    public int found;
    public int full;
    /** Covered at least half by spans of any category: redacted, even if mis-categorised. */
    public int redacted;
    public final Map<Placement, int[]> byPlacement = new EnumMap<>(Placement.class);
    public final Map<String, int[]> byDetail = new TreeMap<>();
    public final List<String> missExamples = new ArrayList<>();
  }

  /** Per distractor kind. */
  public static final class DistractorStats {
    public int planted;
    public int flagged;
    public final Map<Category, Integer> as = new EnumMap<>(Category.class);
    public final List<String> examples = new ArrayList<>();
  }

  /**
   * Categories Sluice assigns only from a key name (a query parameter, a {@code key=value} label):
   * identifiers such as {@code gclid=} are online ids by design. Their spans are counted apart and
   * are not scored, since nothing of them is planted.
   */
  public static final Set<Category> NAME_ONLY =
      EnumSet.of(Category.ONLINE_ID, Category.DEVICE_ID, Category.USER_AGENT);

  public final Map<Category, Integer> nameOnlySpans = new EnumMap<>(Category.class);
  public final Map<Category, Map<String, Integer>> nameOnlyWhere = new EnumMap<>(Category.class);

  public final Map<Kind, KindStats> kinds = new EnumMap<>(Kind.class);
  public final Map<Distractor, DistractorStats> distractors = new EnumMap<>(Distractor.class);
  public final Map<Category, Integer> fp = new EnumMap<>(Category.class);
  public final Map<Category, int[]> fpWhere = new EnumMap<>(Category.class); // distractor, other label, background
  public final Map<Category, List<String>> fpExamples = new EnumMap<>(Category.class);
  /** Planted names: [with a listed word, with a listed word that is not ambiguous]. */
  public final int[] nameCoverage = new int[2];
  private final NameLists nameLists = new NameLists();
  public int leaves;
  public int leavesWithPii;
  public int cleanLeaves;
  public int cleanLeavesFlagged;

  public Tally() {
    for (Kind k : Kind.values()) {
      kinds.put(k, new KindStats());
    }
    for (Distractor d : Distractor.values()) {
      distractors.put(d, new DistractorStats());
    }
  }

  public void add(LabelledString s, List<Span> spans) {
    leaves++;
    List<Label> labels = s.labels();
    boolean anyPii = false;
    boolean[] found = new boolean[labels.size()];
    for (int i = 0; i < labels.size(); i++) {
      Label l = labels.get(i);
      if (!l.isPii()) {
        continue;
      }
      anyPii = true;
      int covered = covered(l, spans, false);
      found[i] = covered * 2 >= l.length();
      KindStats ks = kinds.get(l.kind());
      ks.planted++;
      if (l.kind() == Kind.NAME) {
        String v = s.text().substring(l.start(), l.end());
        nameCoverage[0] += nameLists.hasListedWord(v) ? 1 : 0;
        nameCoverage[1] += nameLists.hasUnambiguousWord(v) ? 1 : 0;
      }
      int[] pl = ks.byPlacement.computeIfAbsent(l.placement(), x -> new int[2]);
      pl[0]++;
      String detail = detailKey(l);
      int[] dt = detail == null ? null : ks.byDetail.computeIfAbsent(detail, x -> new int[2]);
      if (dt != null) {
        dt[0]++;
      }
      if (covered(l, spans, true) * 2 >= l.length()) {
        ks.redacted++;
      }
      if (found[i]) {
        ks.found++;
        pl[1]++;
        if (dt != null) {
          dt[1]++;
        }
        if (covered == l.length()) {
          ks.full++;
        }
      } else if (ks.missExamples.size() < EXAMPLES) {
        ks.missExamples.add(example(s, l.start(), l.end(), spans) + " — " + l.placement().name().toLowerCase()
            + (l.detail() == null ? "" : ", " + l.detail()));
      }
    }
    if (anyPii) {
      leavesWithPii++;
    }
    boolean hasDistractor = false;
    for (Label l : labels) {
      if (!l.isPii()) {
        hasDistractor = true;
        DistractorStats ds = distractors.get(l.distractor());
        ds.planted++;
        Category hit = null;
        for (Span sp : spans) {
          if (sp.start() < l.end() && l.start() < sp.end()) {
            hit = sp.category();
            break;
          }
        }
        if (hit != null) {
          ds.flagged++;
          ds.as.merge(hit, 1, Integer::sum);
          if (ds.examples.size() < EXAMPLES) {
            ds.examples.add(example(s, l.start(), l.end(), spans) + " → " + hit.code());
          }
        }
      }
    }
    if (!anyPii) {
      cleanLeaves++;
      if (spans.stream().anyMatch(sp -> !NAME_ONLY.contains(sp.category()))) {
        cleanLeavesFlagged++;
      }
    }
    for (Span sp : spans) {
      if (NAME_ONLY.contains(sp.category())) {
        nameOnlySpans.merge(sp.category(), 1, Integer::sum);
        nameOnlyWhere.computeIfAbsent(sp.category(), x -> new TreeMap<>()).merge(paramBefore(s.text(), sp.start()), 1, Integer::sum);
        continue;
      }
      boolean correct = false;
      int where = 2;
      for (int i = 0; i < labels.size(); i++) {
        Label l = labels.get(i);
        if (sp.start() < l.end() && l.start() < sp.end()) {
          if (l.isPii() && found[i] && l.kind().accepts(sp.category())) {
            correct = true;
            break;
          }
          where = Math.min(where, l.isPii() ? 1 : 0);
        }
      }
      if (!correct) {
        fp.merge(sp.category(), 1, Integer::sum);
        fpWhere.computeIfAbsent(sp.category(), x -> new int[3])[where]++;
        List<String> ex = fpExamples.computeIfAbsent(sp.category(), x -> new ArrayList<>());
        if (ex.size() < EXAMPLES) {
          ex.add(example(s, sp.start(), sp.end(), List.of()) + (hasDistractor && where == 0 ? " (distractor)" : ""));
        }
      }
    }
  }

  /** The {@code name=} right before a span (for reporting where name-implied spans land). */
  static String paramBefore(String text, int start) {
    if (start > 0 && text.charAt(start - 1) == '=') {
      int i = start - 1;
      while (i > 0 && text.charAt(i - 1) != '&' && text.charAt(i - 1) != '?' && text.charAt(i - 1) != '#'
          && text.charAt(i - 1) != ' ' && start - i < 40) {
        i--;
      }
      return text.substring(i, start);
    }
    return "(other)";
  }

  private static String detailKey(Label l) {
    if (l.detail() == null) {
      return null;
    }
    return switch (l.kind()) {
      case SECRET, PHONE, NAME -> l.detail();
      default -> null;
    };
  }

  private static int covered(Label l, List<Span> spans, boolean anyCategory) {
    int covered = 0;
    for (Span sp : spans) {
      if (anyCategory || l.kind().accepts(sp.category())) {
        int a = Math.max(sp.start(), l.start());
        int b = Math.min(sp.end(), l.end());
        if (b > a) {
          covered += b - a; // spans never overlap each other
        }
      }
    }
    return covered;
  }

  private static String example(LabelledString s, int hs, int he, List<Span> spans) {
    StringBuilder found = new StringBuilder();
    for (Span sp : spans) {
      if (sp.start() < he && hs < sp.end()) {
        found.append(found.length() == 0 ? " [spans: " : ", ").append(sp.category().code());
      }
    }
    if (found.length() > 0) {
      found.append(']');
    }
    return "`" + s.path() + "`: " + Mask.context(s.text(), s.labels(), hs, he) + found;
  }

  // ------------------------------------------------------------------ roll-ups

  /** Counts per category: TP/FN from planted kinds, FP from spans. */
  public Map<Category, Counts> byCategory() {
    Map<Category, Counts> out = new EnumMap<>(Category.class);
    for (Kind k : Kind.values()) {
      KindStats ks = kinds.get(k);
      Counts c = out.computeIfAbsent(k.category(), x -> new Counts());
      c.tp += ks.found;
      c.fn += ks.planted - ks.found;
    }
    for (Map.Entry<Category, Integer> e : fp.entrySet()) {
      out.computeIfAbsent(e.getKey(), x -> new Counts()).fp += e.getValue();
    }
    return out;
  }

  public Counts overall() {
    Counts all = new Counts();
    byCategory().values().forEach(all::add);
    return all;
  }

  public double recall(Kind... ks) {
    int p = 0;
    int f = 0;
    for (Kind k : ks) {
      p += kinds.get(k).planted;
      f += kinds.get(k).found;
    }
    return p == 0 ? Double.NaN : (double) f / p;
  }

  public double recall(Kind k, Placement p) {
    int[] v = kinds.get(k).byPlacement.get(p);
    return v == null || v[0] == 0 ? Double.NaN : (double) v[1] / v[0];
  }
}
