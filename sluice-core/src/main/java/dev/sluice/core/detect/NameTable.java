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
 * The name lists, looked up by a slice of the scanned text without allocating for ASCII tokens
 * (and for tokens of scripts without case): an open-addressing table of lower-case,
 * diacritic-folded words with flag bits. The words live in one {@code char[]} pool and each slot
 * keeps the word's full hash, so a probe compares characters only when the hashes agree; about
 * 70,000 words take under 2 MB of heap.
 */
final class NameTable {
  static final int GIVEN = 1;
  static final int FAMILY = 2;
  /** Also an everyday word, place or month: needs a second signal. */
  static final int AMBIGUOUS = 4;
  /** Never part of a name (function words, titles, UI words). */
  static final int STOP = 8;

  private static final String DIR = "/dev/sluice/core/detect/names/";

  /** Longest word kept: longer tokens are never looked up. */
  private static final int MAX_LEN = 32;

  private final char[] pool;
  private final int[] starts; // per slot: offset of the word in pool, -1 when empty
  private final int[] hashes; // per slot: the word's hash
  private final byte[] lengths;
  private final short[] flags; // the cue table uses more than eight bits
  private final int mask;

  private NameTable(Map<String, Integer> words) {
    int cap = Integer.highestOneBit(Math.max(16, words.size() * 3 / 2)) << 1; // load <= 0.75
    starts = new int[cap];
    java.util.Arrays.fill(starts, -1);
    hashes = new int[cap];
    lengths = new byte[cap];
    flags = new short[cap];
    mask = cap - 1;
    int total = 0;
    for (String k : words.keySet()) {
      total += k.length() <= MAX_LEN ? k.length() : 0;
    }
    pool = new char[total];
    int at = 0;
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String k = e.getKey();
      if (k.isEmpty() || k.length() > MAX_LEN) {
        continue;
      }
      int h = hashLower(k, 0, k.length());
      int slot = mix(h) & mask;
      while (starts[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      k.getChars(0, k.length(), pool, at);
      starts[slot] = at;
      hashes[slot] = h;
      lengths[slot] = (byte) k.length();
      flags[slot] = (short) (int) e.getValue();
      at += k.length();
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
    Map<String, Integer> words = new HashMap<>(1 << 17);
    read("given.txt", GIVEN, words);
    read("given_localized.txt", GIVEN, words);
    read("given_en.txt", GIVEN, words);
    read("family.txt", FAMILY, words);
    read("family_localized.txt", FAMILY, words);
    read("family_en.txt", FAMILY, words);
    read("ambiguous.txt", AMBIGUOUS, words);
    read("ambiguous_derived.txt", AMBIGUOUS, words);
    read("not_names.txt", STOP, words);
    read("common_words.txt", STOP, words);
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

  /** Polynomial hash of {@code s[a, b)} with ASCII upper case folded to lower case. */
  private static int hashLower(String s, int a, int b) {
    int h = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if ((char) (c - 'A') < 26) {
        c = (char) (c + 32);
      }
      h = 31 * h + c;
    }
    return h;
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  /** Flags of the word {@code s[a, b)} (case-insensitive, diacritics folded), 0 when unknown. */
  int lookup(String s, int a, int b) {
    int n = b - a;
    if (n <= 0 || n > MAX_LEN) {
      return 0;
    }
    // ASCII fast path: hash and case-fold in one pass, no allocation
    int h = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        return lookupOther(s, a, b);
      }
      if ((char) (c - 'A') < 26) {
        c = (char) (c + 32);
      }
      h = 31 * h + c;
    }
    return probe(s, a, n, h);
  }

  /** Tokens with non-ASCII characters: scripts without case as they are, others folded. */
  private int lookupOther(String s, int a, int b) {
    for (int i = a; i < b; i++) {
      if (s.charAt(i) < '\u2e80') {
        String k = fold(s.substring(a, b)); // Latin, Greek, Cyrillic ...: diacritics and case
        return k.length() > MAX_LEN ? 0 : probe(k, 0, k.length(), hashLower(k, 0, k.length()));
      }
    }
    return probe(s, a, b - a, hashLower(s, a, b)); // CJK: nothing to fold
  }

  private int probe(String s, int a, int n, int h) {
    int slot = mix(h) & mask;
    while (true) {
      int start = starts[slot];
      if (start < 0) {
        return 0;
      }
      if (hashes[slot] == h && lengths[slot] == n && equalsLower(start, s, a, n)) {
        return flags[slot] & 0xffff; // all sixteen bits, none sign-extended
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean equalsLower(int start, String s, int a, int n) {
    for (int i = 0; i < n; i++) {
      char c = s.charAt(a + i);
      if ((char) (c - 'A') < 26) {
        c = (char) (c + 32);
      }
      if (c != pool[start + i]) {
        return false;
      }
    }
    return true;
  }
}
