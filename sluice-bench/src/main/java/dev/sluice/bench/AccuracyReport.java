package dev.sluice.bench;

import dev.sluice.bench.accuracy.Counts;
import dev.sluice.bench.accuracy.DataSets;
import dev.sluice.bench.accuracy.Distractor;
import dev.sluice.bench.accuracy.GeneratedEvaluation;
import dev.sluice.bench.accuracy.Kind;
import dev.sluice.bench.accuracy.LabelledCorpus;
import dev.sluice.bench.accuracy.Placement;
import dev.sluice.bench.accuracy.PresidioEvaluation;
import dev.sluice.bench.accuracy.Tally;
import dev.sluice.bench.accuracy.VectorEvaluation;
import dev.sluice.core.detect.Category;
import dev.sluice.core.detect.EventScanner;
import dev.sluice.core.detect.TextScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reproducible accuracy evaluation: precision, recall and F1 per category on the labelled
 * corpora, written to {@code docs/accuracy.md}.
 *
 * <pre>
 * java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.AccuracyReport [--data ../shared/data] [--out docs/accuracy.md]
 * </pre>
 *
 * Run from the repository (or anywhere inside it): the data directory defaults to
 * {@code <repo>/../shared/data}, the output to {@code <repo>/docs/accuracy.md}. The hand-written
 * section between {@code <!-- notes:begin -->} and {@code <!-- notes:end -->} of an existing
 * output file is kept.
 */
public final class AccuracyReport {
  static final String NOTES_BEGIN = "<!-- notes:begin -->";
  static final String NOTES_END = "<!-- notes:end -->";
  static final double STRUCTURED_RECALL = 0.97;
  static final double NAME_RECALL = 0.85;
  static final double PRECISION = 0.95;

  private AccuracyReport() {}

  public static void main(String[] args) throws IOException {
    Path root = Repo.root();
    Path data = root.resolve("../shared/data").normalize();
    Path out = root.resolve("docs/accuracy.md");
    long seed = LabelledCorpus.DEFAULT_SEED;
    int events = LabelledCorpus.DEFAULT_EVENTS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(value(args, ++i)).toAbsolutePath().normalize();
        case "--out" -> out = Path.of(value(args, ++i)).toAbsolutePath().normalize();
        case "--seed" -> seed = Long.parseLong(value(args, ++i));
        case "--events" -> events = Integer.parseInt(value(args, ++i));
        case "-h", "--help" -> {
          System.out.println("usage: AccuracyReport [--data DIR] [--out FILE] [--seed N] [--events N]");
          return;
        }
        default -> fail("unknown argument '" + args[i] + "' (try --help)");
      }
    }
    DataSets sets = new DataSets(data);
    try {
      sets.check();
    } catch (DataSets.Missing e) {
      fail(e.getMessage());
    }
    long t0 = System.nanoTime();
    TextScanner scanner = new TextScanner();
    LabelledCorpus corpus = LabelledCorpus.generate(seed, events);
    Tally generated = GeneratedEvaluation.run(corpus, new EventScanner(scanner));
    PresidioEvaluation.Result presidio = PresidioEvaluation.run(sets.json(DataSets.PRESIDIO), scanner);
    List<VectorEvaluation.VectorResult> vectors = VectorEvaluation.validators(sets, scanner);
    VectorEvaluation.SecretResult secrets = VectorEvaluation.secrets(sets, scanner);
    double seconds = (System.nanoTime() - t0) / 1e9;

    String notes = null;
    if (Files.isRegularFile(out)) {
      notes = Repo.block(Files.readString(out), NOTES_BEGIN, NOTES_END);
    }
    String md = new Writer(root, data, out, seed, events, corpus, generated, presidio, vectors, secrets, notes).render();
    Files.createDirectories(out.getParent());
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.print(summary(generated, presidio));
    System.out.printf(Locale.ROOT, "evaluated in %.1f s; wrote %s%n", seconds, out);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      fail(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(2);
  }

  static String summary(Tally g, PresidioEvaluation.Result p) {
    return summary(g) + String.format(Locale.ROOT, "presidio: overall precision %s (%s without street addresses)%n",
        Counts.fmt(p.overall().precision()), Counts.fmt(p.precisionWithout(Category.STREET_ADDRESS)));
  }

  static String summary(Tally g) {
    StringBuilder b = new StringBuilder();
    b.append("generated events: per category (TP/FN/FP, precision, recall, F1)\n");
    for (Map.Entry<Category, Counts> e : g.byCategory().entrySet()) {
      Counts c = e.getValue();
      b.append(String.format(Locale.ROOT, "  %-17s %5d %4d %4d  P %s  R %s  F1 %s%n", e.getKey().code(), c.tp, c.fn, c.fp,
          Counts.fmt(c.precision()), Counts.fmt(c.recall()), Counts.fmt(c.f1())));
    }
    b.append(String.format(Locale.ROOT, "  overall precision %s, names in free text recall %s%n",
        Counts.fmt(g.overall().precision()), Counts.fmt(g.recall(Kind.NAME, Placement.FREE_TEXT))));
    return b.toString();
  }

  // ------------------------------------------------------------------ the document

  private static final class Writer {
    final StringBuilder b = new StringBuilder();
    final Path root;
    final Path data;
    final Path out;
    final long seed;
    final int events;
    final LabelledCorpus corpus;
    final Tally g;
    final PresidioEvaluation.Result p;
    final List<VectorEvaluation.VectorResult> vectors;
    final VectorEvaluation.SecretResult secrets;
    final String notes;

    Writer(Path root, Path data, Path out, long seed, int events, LabelledCorpus corpus, Tally g,
        PresidioEvaluation.Result p, List<VectorEvaluation.VectorResult> vectors, VectorEvaluation.SecretResult secrets,
        String notes) {
      this.root = root;
      this.data = data;
      this.out = out;
      this.seed = seed;
      this.events = events;
      this.corpus = corpus;
      this.g = g;
      this.p = p;
      this.vectors = vectors;
      this.secrets = secrets;
      this.notes = notes;
    }

    Writer line(String s) {
      b.append(s).append('\n');
      return this;
    }

    Writer f(String fmt, Object... args) {
      b.append(String.format(Locale.ROOT, fmt, args)).append('\n');
      return this;
    }

    static String pct(int n, int d) {
      return d == 0 ? "–" : String.format(Locale.ROOT, "%d/%d (%.1f%%)", n, d, 100.0 * n / d);
    }

    static String ratio(int n, int d) {
      return d == 0 ? "–" : Counts.fmt((double) n / d);
    }

    static String met(double v, double target) {
      return Double.isNaN(v) ? "–" : v >= target ? "yes" : "**no**";
    }

    String render() {
      String commit = Repo.commit(root);
      String relData = rel(data);
      String relOut = rel(out);
      line("# Detection accuracy");
      line("");
      line("<!-- Generated by dev.sluice.bench.AccuracyReport. Edit the generator, not this file; only the"
          + " Notes section between the notes markers is hand-written and survives regeneration. -->");
      line("");
      f("Generated on %s from commit `%s` with Java %s. Every figure below comes from one run of the command.",
          LocalDate.now(ZoneOffset.UTC), commit == null ? "unknown" : commit, Runtime.version());
      line("");
      line("```");
      line("./mvnw -q -DskipTests package -pl sluice-core,sluice-bench");
      f("java -cp sluice-bench/target/benchmarks.jar dev.sluice.bench.AccuracyReport --data %s --out %s%s", relData, relOut,
          seed != LabelledCorpus.DEFAULT_SEED || events != LabelledCorpus.DEFAULT_EVENTS
              ? " --seed " + seed + " --events " + events : "");
      line("```");
      line("");
      line("The generated-corpus figures are also a build gate: `GeneratedCorpusAccuracyTest` in sluice-bench fails");
      line("when they drop below the floors it holds.");
      line("");
      summary();
      corpora();
      matching();
      generated();
      presidio();
      vectors();
      secrets();
      line("## Notes");
      line("");
      b.append(NOTES_BEGIN); // the kept text runs verbatim from the end of this marker to the next
      b.append(notes == null ? "\n\n(hand-written analysis goes here)\n\n" : notes);
      line(NOTES_END);
      return b.toString();
    }

    String rel(Path path) {
      try {
        return root.relativize(path).toString();
      } catch (IllegalArgumentException e) {
        return path.toString();
      }
    }

    void summary() {
      line("## Against the targets (issue 4)");
      line("");
      line("| target | corpus | measured | met |");
      line("|---|---|---:|:---:|");
      for (Kind k : new Kind[] {Kind.EMAIL, Kind.PHONE, Kind.CARD, Kind.IBAN, Kind.SSN, Kind.SECRET, Kind.JWT}) {
        double r = g.recall(k);
        f("| recall ≥ %.2f: %s | generated events | %s | %s |", STRUCTURED_RECALL, k.label(), Counts.fmt(r), met(r, STRUCTURED_RECALL));
      }
      double ip = g.recall(Kind.IPV4, Kind.IPV6);
      f("| recall ≥ %.2f: IP address (v4 + v6) | generated events | %s | %s |", STRUCTURED_RECALL, Counts.fmt(ip), met(ip, STRUCTURED_RECALL));
      double names = g.recall(Kind.NAME, Placement.FREE_TEXT);
      f("| recall ≥ %.2f: person names in free text | generated events | %s | %s |", NAME_RECALL, Counts.fmt(names), met(names, NAME_RECALL));
      double prec = g.overall().precision();
      f("| precision ≥ %.2f overall | generated events | %s | %s |", PRECISION, Counts.fmt(prec), met(prec, PRECISION));
      double pp = p.overall().precision();
      f("| precision ≥ %.2f overall | Presidio synthetic sentences | %s | %s |", PRECISION, Counts.fmt(pp), met(pp, PRECISION));
      double ppa = p.precisionWithout(Category.STREET_ADDRESS);
      f("| precision ≥ %.2f overall, street addresses left out | Presidio synthetic sentences | %s | %s |", PRECISION,
          Counts.fmt(ppa), met(ppa, PRECISION));
      double pn = p.counts.get(Category.PERSON_NAME).recall();
      f("| recall ≥ %.2f: person names (free text) | Presidio synthetic sentences | %s | %s |", NAME_RECALL, Counts.fmt(pn), met(pn, NAME_RECALL));
      for (Category c : new Category[] {Category.EMAIL, Category.PHONE, Category.PAYMENT_CARD, Category.IBAN, Category.US_SSN, Category.IP_ADDRESS}) {
        Counts cc = p.counts.get(c);
        int[] v = p.valid.get(c);
        if (v != null) {
          double rv = v[0] == 0 ? Double.NaN : (double) v[1] / v[0];
          f("| recall ≥ %.2f: %s (all / checksum-valid) | Presidio synthetic sentences | %s / %s | %s |", STRUCTURED_RECALL,
              c.code(), Counts.fmt(cc.recall()), Counts.fmt(rv), met(rv, STRUCTURED_RECALL) + " (valid)");
        } else {
          f("| recall ≥ %.2f: %s | Presidio synthetic sentences | %s | %s |", STRUCTURED_RECALL, c.code(),
              Counts.fmt(cc.recall()), met(cc.recall(), STRUCTURED_RECALL));
        }
      }
      line("");
      line("Where a target is missed, the sections below show masked examples and the Notes say why.");
      line("");
    }

    void corpora() {
      line("## Corpora");
      line("");
      line("| corpus | what | source | licence | size |");
      line("|---|---|---|---|---|");
      f("| generated labelled events (`dev.sluice.bench.accuracy.LabelledCorpus`, seed %d) | Segment track/identify/page/screen/group/alias events from web, mobile and server sources, with personal data and look-alike non-personal values planted at random paths | made here; deterministic | this repository | %d events, %d string leaves, %d planted values, %d planted distractors |",
          seed, events, g.leaves, g.kinds.values().stream().mapToInt(k -> k.planted).sum(),
          g.distractors.values().stream().mapToInt(d -> d.planted).sum());
      f("| `pii/presidio_synth_dataset_v2.json` | synthetic English sentences with labelled spans (Faker values) | microsoft/presidio-research@7622dec1 `data/synth_dataset_v2.json` | MIT | %d sentences, %d spans |",
          p.sentences, p.goldSpans);
      line("| `validators/{credit_cards,iban,email,ip}.json` | validator.js test vectors (valid / invalid values) | validatorjs/validator.js@cdb7dafc `test/validators.test.js`, `test/validators/isIP.test.js` | MIT | see section 3 |");
      f("| `secrets/secretlint_fake_tokens.json` | obviously fake tokens (positives) and near-miss snippets (negatives) | secretlint/secretlint@18346ba3 rule snapshots | MIT | %d positives, %d negative lines |",
          secrets.counts.tp + secrets.counts.fn, secrets.negativeLines);
      line("");
      line("The data sets are read from `" + rel(data) + "` (the development data beside the repository; see its README).");
      line("`validators/bic.json` is not used: Sluice has no BIC category.");
      line("");
    }

    void matching() {
      line("## How values are matched");
      line("");
      line("* **Found (TP):** spans of the value's category cover at least 50% of the gold value's characters. For");
      line("  credentials a SECRET span counts for a JWT and a JWT span for a secret (the taxonomy reports a JWT under a");
      line("  secret-like name as SECRET). Otherwise the value is a **FN**.");
      line("* **FP:** a reported span that overlaps no found value of its category (a span over a distractor, over");
      line("  unlabelled text, or over a value of another category). Precision = TP / (TP + FP).");
      line("* *Fully covered* counts values whose every character is inside a span; *redacted (any category)* counts");
      line("  values at least half covered by spans of any category, i.e. removed by `redact` even when mis-categorised.");
      line("* Generated events are scanned the way the pipeline scans them: `EventScanner.scan(event)` once per event,");
      line("  with the phone region from `context.locale`; each string leaf's spans are scored against what was planted");
      line("  in that leaf.");
      line("* Presidio: the mapping is EMAIL_ADDRESS→email, PHONE_NUMBER→phone, CREDIT_CARD→card, IBAN_CODE→iban,");
      line("  US_SSN→ssn, IP_ADDRESS→ip, PERSON→name, STREET_ADDRESS→address. A Sluice span over an entity of an unmapped");
      line("  type (ORGANIZATION, GPE, DATE_TIME, ...) is neither TP nor FP (counted apart); a span over no entity is a FP.");
      line("  Sentences are scanned with region US.");
      line("* `online_id`, `device_id` and `user_agent` come only from key names (`gclid=` in a URL, `user_id=` in text);");
      line("  nothing of them is planted, so their spans are listed apart and not scored.");
      line("");
    }

    void categoryTable(Map<Category, Counts> counts, Map<Category, int[]> extra) {
      line("| category | gold | TP | FN | FP | precision | recall | F1 |");
      line("|---|---:|---:|---:|---:|---:|---:|---:|");
      Counts all = new Counts();
      for (Map.Entry<Category, Counts> e : counts.entrySet()) {
        Counts c = e.getValue();
        all.add(c);
        f("| %s | %d | %d | %d | %d | %s | %s | %s |", e.getKey().code(), c.gold(), c.tp, c.fn, c.fp,
            Counts.fmt(c.precision()), Counts.fmt(c.recall()), Counts.fmt(c.f1()));
      }
      f("| **all** | %d | %d | %d | %d | **%s** | **%s** | **%s** |", all.gold(), all.tp, all.fn, all.fp,
          Counts.fmt(all.precision()), Counts.fmt(all.recall()), Counts.fmt(all.f1()));
      line("");
    }

    void generated() {
      line("## 1. Generated labelled events");
      line("");
      f("%d events (seed %d): realistic Segment events whose background holds no personal data (product, order,",
          events, seed);
      line("button, search, form, feature and video properties; page, library, device, OS and locale context; user");
      line("agents; ids). Values are planted at random places: " + placements() + ".");
      line("Phone numbers are valid for their region (libphonenumber), written E.164, international or national;");
      line("national ones set `context.locale` to their country. Cards pass Luhn with real brand prefixes and");
      line("lengths, IBANs pass mod-97 with their country length, SSNs follow the SSA rules, JWTs have a JSON");
      line("header with `alg`, and provider tokens are assembled at run time in each provider's documented shape.");
      line("Person names come from a list of common US/UK and international names chosen independently of the name");
      line("lists Sluice ships. Distractors that must not be flagged are planted the same way (as field values, in");
      line("free text and in URLs).");
      line("");
      f("Leaves: %d string leaves, %d with planted personal data; %d of the %d leaves without personal data got a",
          g.leaves, g.leavesWithPii, g.cleanLeavesFlagged, g.cleanLeaves);
      line("scored span.");
      line("");
      line("### Per category");
      line("");
      categoryTable(g.byCategory(), null);
      line("### Per planted kind");
      line("");
      line("| kind | planted | found | recall | fully covered | redacted (any category) |");
      line("|---|---:|---:|---:|---:|---:|");
      for (Map.Entry<Kind, Tally.KindStats> e : g.kinds.entrySet()) {
        Tally.KindStats k = e.getValue();
        f("| %s | %d | %d | %s | %s | %s |", e.getKey().label(), k.planted, k.found, ratio(k.found, k.planted),
            ratio(k.full, k.planted), ratio(k.redacted, k.planted));
      }
      line("");
      line("### Recall by placement");
      line("");
      StringBuilder head = new StringBuilder("| kind |");
      StringBuilder sep = new StringBuilder("|---|");
      for (Placement pl : Placement.values()) {
        head.append(' ').append(pl.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |");
        sep.append("---:|");
      }
      line(head.toString());
      line(sep.toString());
      for (Map.Entry<Kind, Tally.KindStats> e : g.kinds.entrySet()) {
        StringBuilder row = new StringBuilder("| " + e.getKey().label() + " |");
        for (Placement pl : Placement.values()) {
          int[] v = e.getValue().byPlacement.get(pl);
          row.append(' ').append(v == null ? "–" : v[1] + "/" + v[0]).append(" |");
        }
        line(row.toString());
      }
      line("");
      line("Placements: " + placementLegend());
      line("");
      details(Kind.PHONE, "Phones by region and form (national forms rely on `context.locale`)");
      details(Kind.SECRET, "Secrets by provider and by URL detail");
      details(Kind.NAME, "Person names by form and URL detail");
      int names = g.kinds.get(Kind.NAME).planted;
      f("Of the %d planted names, %s have a word in the name lists sluice-core ships and %s a listed word that",
          names, pct(g.nameCoverage[0], names), pct(g.nameCoverage[1], names));
      line("is not also marked ambiguous (a common word, place or brand such as Brown, Hill, Taylor). Without such a");
      line("word a name is only found after a strong cue (\"Mr.\", \"my name is\").");
      line("");
      line("### Distractors (must not be flagged)");
      line("");
      line("| distractor | planted | flagged | flagged as |");
      line("|---|---:|---:|---|");
      for (Map.Entry<Distractor, Tally.DistractorStats> e : g.distractors.entrySet()) {
        Tally.DistractorStats d = e.getValue();
        f("| %s | %d | %d | %s |", e.getKey().label(), d.planted, d.flagged, d.as.isEmpty() ? "" : d.as.toString());
      }
      line("");
      if (!g.nameOnlySpans.isEmpty()) {
        line("Spans of key-name-only categories (not scored): " + g.nameOnlySpans + ", by the parameter they follow: "
            + g.nameOnlyWhere + ".");
        line("");
      }
      line("### Misses (masked; ⟦ ⟧ marks the planted value, `[spans: ...]` what was reported over it)");
      line("");
      boolean any = false;
      for (Map.Entry<Kind, Tally.KindStats> e : g.kinds.entrySet()) {
        if (e.getValue().missExamples.isEmpty()) {
          continue;
        }
        any = true;
        f("**%s** (%d missed):", e.getKey().label(), e.getValue().planted - e.getValue().found);
        line("");
        for (String m : e.getValue().missExamples) {
          line("* " + m);
        }
        line("");
      }
      if (!any) {
        line("None.");
        line("");
      }
      line("### False positives (⟦ ⟧ marks the reported span)");
      line("");
      if (g.fpExamples.isEmpty()) {
        line("None.");
        line("");
      }
      for (Map.Entry<Category, List<String>> e : g.fpExamples.entrySet()) {
        int[] w = g.fpWhere.get(e.getKey());
        f("**%s** (%d: %d on distractors, %d on a planted value of another category, %d on unlabelled text):",
            e.getKey().code(), g.fp.get(e.getKey()), w[0], w[1], w[2]);
        line("");
        for (String m : e.getValue()) {
          line("* " + m);
        }
        line("");
      }
    }

    void details(Kind k, String title) {
      Map<String, int[]> d = g.kinds.get(k).byDetail;
      if (d.isEmpty()) {
        return;
      }
      line("#### " + title);
      line("");
      line("| detail | found / planted |");
      line("|---|---:|");
      for (Map.Entry<String, int[]> e : d.entrySet()) {
        f("| %s | %s |", e.getKey(), pct(e.getValue()[1], e.getValue()[0]));
      }
      line("");
    }

    String placements() {
      StringBuilder s = new StringBuilder();
      for (Placement pl : Placement.values()) {
        if (s.length() > 0) {
          s.append(", ");
        }
        s.append(pl.description());
      }
      return s.toString();
    }

    String placementLegend() {
      StringBuilder s = new StringBuilder();
      for (Placement pl : Placement.values()) {
        if (s.length() > 0) {
          s.append("; ");
        }
        s.append('*').append(pl.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("*: ").append(pl.description());
      }
      return s.append('.').toString();
    }

    void presidio() {
      line("## 2. Presidio synthetic sentences");
      line("");
      line("### Per category");
      line("");
      categoryTable(p.counts, null);
      line("Card numbers, IBANs and phone numbers in this corpus are Faker-generated and often fail the checks real");
      line("ones pass, which Sluice applies on purpose (Luhn and issuer ranges, mod-97 and country length,");
      line("libphonenumber). Recall on the values that pass those checks:");
      line("");
      line("| category | recall, all gold | checksum-valid gold | recall, valid gold | redacted (any category) |");
      line("|---|---:|---:|---:|---:|");
      for (Map.Entry<Category, int[]> e : p.valid.entrySet()) {
        Counts c = p.counts.get(e.getKey());
        f("| %s | %s | %d of %d | %s | %s |", e.getKey().code(), Counts.fmt(c.recall()), e.getValue()[0], c.gold(),
            ratio(e.getValue()[1], e.getValue()[0]), ratio(p.redactedAny.getOrDefault(e.getKey(), 0), c.gold()));
      }
      line("");
      if (!p.partial.isEmpty()) {
        f("Of the FPs, %s overlap a gold span of their own category but cover less than half of it (an address", p.partial);
        line("split into pieces, a name with a neighbouring word); under the 50% rule they count as FP and the gold as FN.");
        line("");
      }
      int[] pc = p.personCoverage;
      f("PERSON gold spans: %d; %s have a word in the shipped name lists, %s a listed word not marked ambiguous.",
          pc[0], pct(pc[1], pc[0]), pct(pc[2], pc[0]));
      line("");
      f("Spans over entities of unmapped types (neither TP nor FP): %d — %s.", p.unmappedTotal(), p.unmapped);
      if (!p.nameOnly.isEmpty()) {
        line("Key-name-only spans (not scored): " + p.nameOnly + ".");
      }
      line("");
      line("### Misses (masked)");
      line("");
      for (Map.Entry<Category, List<String>> e : p.misses.entrySet()) {
        f("**%s** (%d missed):", e.getKey().code(), p.counts.get(e.getKey()).fn);
        line("");
        for (String m : e.getValue()) {
          line("* " + m);
        }
        line("");
      }
      line("### False positives");
      line("");
      for (Map.Entry<Category, List<String>> e : p.falsePositives.entrySet()) {
        f("**%s** (%d):", e.getKey().code(), p.counts.get(e.getKey()).fp);
        line("");
        for (String m : e.getValue()) {
          line("* " + m);
        }
        line("");
      }
    }

    void vectors() {
      line("## 3. Validator vectors (validator.js)");
      line("");
      line("Each value is scanned alone. A valid vector is a TP when found, a FN otherwise; an invalid vector with");
      line("any span of the category is a FP. The text scanner finds values *inside* text, so an invalid vector that");
      line("contains a valid value (a trailing dot after an e-mail) is flagged by design; such cases are listed.");
      line("");
      line("| file | category | valid | TP | FN | invalid | FP (invalid flagged) | of which the whole value | precision | recall | F1 |");
      line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (VectorEvaluation.VectorResult r : vectors) {
        Counts c = r.counts;
        f("| `%s` | %s | %d | %d | %d | %d | %d | %d | %s | %s | %s |", r.file, r.category.code(), c.gold(), c.tp, c.fn,
            r.invalid, c.fp, r.invalidWhole, Counts.fmt(c.precision()), Counts.fmt(c.recall()), Counts.fmt(c.f1()));
      }
      line("");
      for (VectorEvaluation.VectorResult r : vectors) {
        if (!r.missedValid.isEmpty()) {
          f("* %s, valid vectors missed (masked): `%s`", r.category.code(), String.join("`, `", r.missedValid));
        }
        if (!r.flaggedInvalid.isEmpty()) {
          f("* %s, invalid vectors flagged (masked): `%s`", r.category.code(), String.join("`, `", r.flaggedInvalid));
        }
      }
      line("");
    }

    void secrets() {
      line("## 4. Secrets (secretlint fixtures)");
      line("");
      line("Positives are scanned alone; one is found when a `secret` (or `jwt`) span lies in it (for a URL with");
      line("credentials that is the password, for a Slack webhook its key path). Every non-empty line of each negative");
      line("snippet must have no `secret`/`jwt` span.");
      line("");
      Counts c = secrets.counts;
      f("Overall: TP %d, FN %d, FP %d (of %d negative lines); precision %s, recall %s, F1 %s.", c.tp, c.fn, c.fp,
          secrets.negativeLines, Counts.fmt(c.precision()), Counts.fmt(c.recall()), Counts.fmt(c.f1()));
      line("");
      line("| kind | positives found | negative lines flagged |");
      line("|---|---:|---:|");
      for (Map.Entry<String, int[]> e : secrets.byKind.entrySet()) {
        int[] k = e.getValue();
        f("| %s | %s | %s |", e.getKey(), k[0] == 0 ? "–" : k[1] + "/" + k[0], k[2] == 0 ? "–" : k[3] + "/" + k[2]);
      }
      line("");
      for (String m : secrets.missed) {
        line("* missed: " + m);
      }
      for (String m : secrets.flagged) {
        line("* flagged negative: " + m);
      }
      if (!secrets.otherInNegatives.isEmpty()) {
        line("* other categories found in negative lines (not scored): " + secrets.otherInNegatives);
      }
      line("");
    }
  }
}
