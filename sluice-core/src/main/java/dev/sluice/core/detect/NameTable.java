package dev.sluice.core.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The name lists, looked up by a slice of the scanned text without allocating for ASCII tokens:
 * an open-addressing table of lower-case, diacritic-folded words with flag bits.
 */
final class NameTable {
  static final int GIVEN = 1;
  static final int FAMILY = 2;
  /** Also an everyday word, place or month: needs a second signal. */
  static final int AMBIGUOUS = 4;
  /** Never part of a name (function words, titles, UI words). */
  static final int STOP = 8;

  private static final String DIR = "/dev/sluice/core/detect/names/";

  private final String[] keys;
  private final byte[] flags;
  private final int mask;

  private NameTable(Map<String, Integer> words) {
    int cap = Integer.highestOneBit(Math.max(16, words.size() * 3)) << 1;
    keys = new String[cap];
    flags = new byte[cap];
    mask = cap - 1;
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String k = e.getKey();
      int h = hash(k, 0, k.length()) & mask;
      while (keys[h] != null) {
        h = (h + 1) & mask;
      }
      keys[h] = k;
      flags[h] = (byte) (int) e.getValue();
    }
  }

  /** A table of the given lower-case words, each with its flags. */
  static NameTable of(Map<String, Integer> words) {
    Map<String, Integer> folded = new HashMap<>();
    words.forEach((w, f) -> folded.merge(fold(w), f, (a, b) -> a | b));
    return new NameTable(folded);
  }

  /** Loads the shipped lists from the class path. */
  static NameTable load() {
    Map<String, Integer> words = new HashMap<>(8192);
    read("given.txt", GIVEN, words);
    read("given_localized.txt", GIVEN, words);
    read("family.txt", FAMILY, words);
    read("family_localized.txt", FAMILY, words);
    read("ambiguous.txt", AMBIGUOUS, words);
    read("not_names.txt", STOP, words);
    return new NameTable(words);
  }

  private static void read(String file, int flag, Map<String, Integer> words) {
    InputStream in = NameTable.class.getResourceAsStream(DIR + file);
    if (in == null) {
      throw new IllegalStateException("name list missing from the class path: " + DIR + file);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String w = line.strip();
        if (w.isEmpty() || w.startsWith("#") || w.indexOf(' ') >= 0) {
          continue; // multi-word entries ("de la cruz") cannot match a single token
        }
        String k = fold(w);
        int f = flag;
        if (k.length() <= 2 && flag != STOP) {
          f |= AMBIGUOUS; // two letters are too short to be a signal alone
        }
        words.merge(k, f, (a, b) -> a | b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading name list " + file, e);
    }
  }

  static String fold(String w) {
    String f = w;
    for (int i = 0; i < w.length(); i++) {
      if (w.charAt(i) >= 128) {
        f = FieldNames.foldDiacritics(w);
        break;
      }
    }
    return f.toLowerCase(Locale.ROOT);
  }

  private static int hash(CharSequence s, int a, int b) {
    int h = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      h = 31 * h + c;
    }
    return h ^ (h >>> 16);
  }

  /** Flags of the word {@code s[a, b)} (case-insensitive, diacritics folded), 0 when unknown. */
  int lookup(CharSequence s, int a, int b) {
    boolean ascii = true;
    boolean cjk = true; // scripts from U+2E80 on have no case and nothing to fold
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      ascii &= c < 128;
      cjk &= c >= '\u2e80';
    }
    if (!ascii && !cjk) {
      String k = fold(s.subSequence(a, b).toString());
      return lookupAscii(k, 0, k.length());
    }
    return lookupAscii(s, a, b);
  }

  private int lookupAscii(CharSequence s, int a, int b) {
    int h = hash(s, a, b) & mask;
    int n = b - a;
    while (true) {
      String k = keys[h];
      if (k == null) {
        return 0;
      }
      if (k.length() == n && equalsLower(k, s, a)) {
        return flags[h];
      }
      h = (h + 1) & mask;
    }
  }

  private static boolean equalsLower(String k, CharSequence s, int a) {
    for (int i = 0; i < k.length(); i++) {
      char c = s.charAt(a + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != k.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
