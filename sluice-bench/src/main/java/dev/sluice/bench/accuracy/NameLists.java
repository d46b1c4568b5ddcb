package dev.sluice.bench.accuracy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The name lists sluice-core ships (read from its class path as data, for the report only): how
 * many planted or gold names have a word the person-name detector can know at all. A name none of
 * whose words is listed can only be found after a strong cue ("Mr.", "my name is").
 */
public final class NameLists {
  private static final String DIR = "dev/sluice/core/detect/names/";

  private final Set<String> names = new HashSet<>();
  private final Set<String> ambiguous = new HashSet<>();

  public NameLists() {
    for (String f : new String[] {"given.txt", "family.txt", "given_localized.txt", "family_localized.txt"}) {
      read(f, names);
    }
    read("ambiguous.txt", ambiguous);
  }

  private static void read(String file, Set<String> into) {
    InputStream in = NameLists.class.getClassLoader().getResourceAsStream(DIR + file);
    if (in == null) {
      return; // the lists moved: coverage is then reported as unknown (0)
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          into.add(fold(t));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fold(String s) {
    return Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  public boolean available() {
    return !names.isEmpty();
  }

  /** Some word of the name is in the lists and not marked ambiguous (a common word, place or brand). */
  public boolean hasUnambiguousWord(String name) {
    for (String w : name.split("[\\s.,+]+|%20")) {
      String f = fold(w);
      if (!f.isEmpty() && names.contains(f) && !ambiguous.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** Some word of the name is in the lists at all. */
  public boolean hasListedWord(String name) {
    for (String w : name.split("[\\s.,+]+|%20")) {
      String f = fold(w);
      if (!f.isEmpty() && names.contains(f)) {
        return true;
      }
    }
    return false;
  }
}
