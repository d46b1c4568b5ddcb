package dev.sluice.core.detect;

import java.util.Set;

/**
 * Street addresses where a number and a street-type word make them plain, in four shapes:
 *
 * <ol>
 *   <li>number, words, street type: "221B Baker Street", "1600 Amphitheatre Pkwy";
 *   <li>number, street type, words: "12 Rue de la Paix", "10, rue des Lilas";
 *   <li>street type, words, number: "Rua do Arenque 1634", "Calle Mayor 5", "Via Roma 12";
 *   <li>a word ending in a street suffix, number: "Hauptstraße 5", "Koskikatu 25", "Bahnhofstr. 12".
 * </ol>
 *
 * A unit ("Apt. 4B", "Suite 501", "Unit 7") right after is included. Postal codes, cities and
 * countries are not matched on their own (no reliable cue in free text).
 */
final class StreetAddresses {
  private static final Set<String> TYPES_AFTER =
      Set.of("street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln",
          "drive", "dr", "court", "ct", "place", "pl", "square", "sq", "parkway", "pkwy", "way",
          "terrace", "ter", "highway", "hwy", "circle", "cir", "trail", "trl", "loop", "crescent",
          "cres", "close", "row", "walk", "grove", "gardens", "mews", "alley", "plaza", "expressway",
          "freeway", "turnpike", "pike", "path", "broadway", "streets", "route", "rte", "crossing",
          "xing", "heights", "hts", "estates", "manor", "point", "ridge", "view", "commons",
          "junction", "jct", "center", "centre", "quay", "wharf", "esplanade", "promenade", "embankment");

  private static final Set<String> TYPES_BEFORE =
      Set.of("rue", "avenue", "av", "boulevard", "bd", "bvd", "allée", "allee", "chemin", "impasse",
          "place", "quai", "cours", "route", "calle", "c/", "avenida", "avda", "paseo", "plaza",
          "camino", "carrera", "carretera", "ronda", "travesía", "travesia", "rua", "travessa",
          "largo", "praça", "praca", "estrada", "alameda", "via", "viale", "piazza", "corso",
          "vicolo", "strada", "piazzale", "rambla", "passeig", "carrer", "plac", "ulica", "ul",
          "utca", "odos", "bulevar", "calzada", "prolongación", "avinguda", "rúa");

  private static final String[] SUFFIXES = {
    "straße", "strasse", "str", "weg", "gasse", "platz", "allee", "damm", "ufer", "chaussee",
    "steig", "pfad", "laan", "straat", "gracht", "plein", "dijk", "kade", "singel", "vej", "gade",
    "vænget", "gatan", "gata", "vägen", "väg", "gränd", "veien", "vegen", "katu", "tie", "kuja",
    "polku", "väylä", "utca", "ulica", "street", "road"
  };

  private static final Set<String> UNITS =
      Set.of("apt", "apartment", "suite", "ste", "unit", "flat", "fl", "floor", "room", "rm", "bldg",
          "building", "no", "nr", "box");

  private static final int AFTER = 1;
  private static final int BEFORE = 2;
  private static final int UNIT = 4;

  /** The word sets as one table looked up by a slice of the text, without allocating. */
  private static final NameTable WORDS;

  static {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    TYPES_AFTER.forEach(w -> m.merge(w, AFTER, (a, b) -> a | b));
    TYPES_BEFORE.forEach(w -> m.merge(w, BEFORE, (a, b) -> a | b));
    UNITS.forEach(w -> m.merge(w, UNIT, (a, b) -> a | b));
    WORDS = NameTable.of(m);
  }

  private StreetAddresses() {}

  private static boolean is(String s, int a, int b, int flag) {
    return b - a <= 12 && (WORDS.lookup(s, a, b) & flag) != 0;
  }

  static void scan(String s, int from, int to, SpanSink sink) {
    int lastEnd = from;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (!Chars.digit(c)) {
        i++;
        continue;
      }
      int j = i;
      while (j < to && Chars.alnum(s.charAt(j))) {
        j++;
      }
      if ((i > from && Chars.alnum(s.charAt(i - 1))) || !houseNumber(s, i, j)) {
        i = j;
        continue;
      }
      int e = forward(s, i, j, to);
      int a = i;
      if (e < 0) {
        a = backward(s, Math.max(from, lastEnd), i);
        e = a >= 0 ? unit(s, j, to) : -1;
      }
      if (e > 0 && a >= lastEnd) {
        sink.add(Category.STREET_ADDRESS, a, e, SpanSink.ADDRESS);
        lastEnd = e;
        i = Math.max(j, e);
      } else {
        i = j;
      }
    }
  }

  /** 1-5 digits with an optional letter: 12, 221B, 1600. */
  private static boolean houseNumber(String s, int a, int b) {
    int d = a;
    while (d < b && Chars.digit(s.charAt(d))) {
      d++;
    }
    int digits = d - a;
    return digits >= 1 && digits <= 5 && (b - d == 0 || (b - d == 1 && Character.isLetter(s.charAt(d))));
  }

  private static boolean capitalised(String s, int a) {
    char c = s.charAt(a);
    return c < 128 ? Chars.upper(c) : Character.isUpperCase(c);
  }

  private static boolean sep(char c) {
    return c == ' ' || c == ',' || c == '.';
  }

  private static boolean wordChar(char c) {
    return Chars.alnum(c) || c == '\'' || c == '-';
  }

  /** End of the word after {@code pos} (1-3 separators away), or -1; its start via {@code starts[0]}. */
  private static int nextWord(String s, int pos, int to, int[] starts) {
    int a = pos;
    while (a < to && a - pos < 3 && sep(s.charAt(a))) {
      a++;
    }
    if (a == pos || a >= to || !Chars.alnum(s.charAt(a))) {
      return -1;
    }
    int b = a;
    while (b < to && wordChar(s.charAt(b))) {
      b++;
    }
    starts[0] = a;
    return b;
  }

  /** Start of the word before {@code pos} (1-3 separators away), or -1; its end via {@code ends[0]}. */
  private static int previousWord(String s, int from, int pos, int[] ends) {
    int b = pos;
    while (b > from && pos - b < 3 && sep(s.charAt(b - 1))) {
      b--;
    }
    if (b == pos || b <= from || !Chars.alnum(s.charAt(b - 1))) {
      return -1;
    }
    int a = b;
    while (a > from && wordChar(s.charAt(a - 1))) {
      a--;
    }
    ends[0] = b;
    return a;
  }

  /** Shapes 1 and 2: the number at {@code [a, b)} leads. Returns the end or -1. */
  private static int forward(String s, int a, int b, int to) {
    int[] ws = new int[1];
    int pos = b;
    int words = 0;
    while (words < 5) {
      int we = nextWord(s, pos, to, ws);
      if (we < 0) {
        return -1;
      }
      int wa = ws[0];
      if (we - wa <= 12) {
        if (words > 0 && is(s, wa, we, AFTER)) {
          return unit(s, we, to);
        }
        if (words == 0 && is(s, wa, we, BEFORE)) {
          // shape 2: number, street type, words (particles allowed), up to a comma
          int last = -1;
          int p = we;
          for (int m = 0; m < 6; m++) {
            if (p < to && s.charAt(p) == ',') {
              break;
            }
            int me = nextWord(s, p, to, ws);
            if (me < 0) {
              break;
            }
            if (capitalised(s, ws[0])) {
              last = me;
            } else if (me - ws[0] > 4 || Chars.digit(s.charAt(ws[0]))) {
              break;
            }
            p = me;
          }
          return last;
        }
      }
      if (!capitalised(s, wa) && !ordinal(s, wa, we)) {
        return -1;
      }
      words++;
      pos = we;
    }
    return -1;
  }

  /** Shapes 3 and 4: the number at {@code at} trails. Returns the address start or -1. */
  private static int backward(String s, int from, int at) {
    int[] we = new int[1];
    int pa = previousWord(s, from, at, we);
    if (pa < 0) {
      return -1;
    }
    int pb = we[0];
    if (capitalised(s, pa) && pb - pa <= 24 && suffixed(s, pa, pb)) {
      return pa; // shape 4: Hauptstraße 5
    }
    // shape 3: street type, capitalised words (particles allowed), number
    boolean named = false;
    int pos = at;
    for (int m = 0; m < 6; m++) {
      int wa = previousWord(s, from, pos, we);
      if (wa < 0 || Chars.digit(s.charAt(wa))) {
        return -1;
      }
      int wb = we[0];
      if (capitalised(s, wa) && named && is(s, wa, wb, BEFORE)) {
        return wa;
      }
      if (capitalised(s, wa)) {
        named = true;
      } else if (wb - wa > 3) {
        return -1; // "Place your 3 orders": prose, not a street name
      }
      pos = wa;
    }
    return -1;
  }

  private static boolean ordinal(String s, int a, int b) {
    int d = a;
    while (d < b && Chars.digit(s.charAt(d))) {
      d++;
    }
    if (d == a || b - d != 2) {
      return false;
    }
    return Chars.regionIs(s, d, b, "st") || Chars.regionIs(s, d, b, "nd")
        || Chars.regionIs(s, d, b, "rd") || Chars.regionIs(s, d, b, "th");
  }

  private static boolean suffixed(String s, int a, int b) {
    for (String suffix : SUFFIXES) {
      int n = suffix.length();
      if (b - a > n + 3 && s.regionMatches(true, b - n, suffix, 0, n)) {
        return true;
      }
    }
    return false;
  }

  /** {@code end}, extended over a "." ("St.") and a following unit ("Apt. 4B", "Suite 501"). */
  private static int unit(String s, int end, int to) {
    int e = end;
    if (e < to && s.charAt(e) == '.') {
      e++;
    }
    int[] ws = new int[1];
    int ue = nextWord(s, end, to, ws);
    if (ue > 0 && is(s, ws[0], ue, UNIT)) {
      int ne = nextWord(s, ue, to, ws);
      if (ne > 0 && Chars.digit(s.charAt(ws[0])) && ne - ws[0] <= 6) {
        return ne;
      }
    }
    return e;
  }
}
