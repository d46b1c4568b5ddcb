package dev.sluice.bench.accuracy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fixed list of strings the detection benchmark and the redact-pii comparison both use: string
 * leaves of the labelled event corpus, in corpus order — {@value #WITH_PII} that carry planted
 * personal data, {@value #WITH_DISTRACTORS} that carry only look-alike non-personal values, and
 * {@value #CLEAN} distinct clean ones (URLs, titles, user agents, product names, ids, short enum
 * values), {@value #SIZE} in all, each with its labels and the phone region of its event.
 */
public final class DetectionStrings {
  public static final int WITH_PII = 1_000;
  public static final int WITH_DISTRACTORS = 400;
  public static final int CLEAN = 600;
  public static final int SIZE = WITH_PII + WITH_DISTRACTORS + CLEAN;

  private DetectionStrings() {}

  public static List<LabelledString> standard() {
    return from(LabelledCorpus.standard());
  }

  public static List<LabelledString> from(LabelledCorpus corpus) {
    List<LabelledString> pii = new ArrayList<>();
    List<LabelledString> distractors = new ArrayList<>();
    List<LabelledString> clean = new ArrayList<>();
    Set<String> seenClean = new HashSet<>();
    for (LabelledString s : corpus.strings()) {
      if (s.hasPii()) {
        if (pii.size() < WITH_PII) {
          pii.add(s);
        }
      } else if (!s.labels().isEmpty()) {
        if (distractors.size() < WITH_DISTRACTORS) {
          distractors.add(s);
        }
      } else if (clean.size() < CLEAN && s.text().length() >= 3 && seenClean.add(s.text())) {
        clean.add(s);
      }
    }
    if (pii.size() < WITH_PII || distractors.size() < WITH_DISTRACTORS || clean.size() < CLEAN) {
      throw new IllegalStateException("corpus too small for the benchmark strings");
    }
    // interleave so that any prefix has the same mix (5 : 2 : 3)
    List<LabelledString> out = new ArrayList<>(SIZE);
    int a = 0;
    int b = 0;
    int c = 0;
    while (out.size() < SIZE) {
      for (int k = 0; k < 5 && a < pii.size(); k++) {
        out.add(pii.get(a++));
      }
      for (int k = 0; k < 2 && b < distractors.size(); k++) {
        out.add(distractors.get(b++));
      }
      for (int k = 0; k < 3 && c < clean.size(); k++) {
        out.add(clean.get(c++));
      }
    }
    return out;
  }

  public static long utf8Bytes(List<LabelledString> strings) {
    long n = 0;
    for (LabelledString s : strings) {
      n += s.text().getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }
}
