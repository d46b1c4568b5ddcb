package dev.sluice.core.detect;

import java.util.Set;

/**
 * Street addresses, found by a number and a street shape and then widened to the whole address.
 *
 * <p>The street (the anchor) takes one of these shapes:
 *
 * <ol>
 *   <li>number, words, street type: "221B Baker Street", "1600 Amphitheatre Pkwy";
 *   <li>number, street type, words, number: "12 Rue de la Paix", "10, rue des Lilas", "2 Rue X 38";
 *   <li>street type, words, number: "Rua do Arenque 1634", "Calle Mayor 5", "Via Roma 12";
 *   <li>a word ending in a street suffix, number: "Hauptstraße 5", "Koskikatu 25", "Bahnhofstr. 12";
 *   <li>words, a street type written after them, number: "Villacher Strasse 89", "Erzsébet tér 19",
 *       "Piroska u. 97", "Trenerys gate 232";
 *   <li>a leading number, capitalised words, a trailing number: "20789 Allika 46" (a postcode or
 *       building number before a European "street number" pair that has no type word);
 *   <li>a post box: "P.O. Box 211", "PO Box 12", "PSC 3294, Box 9168", "Unit 5146 Box 1772".
 * </ol>
 *
 * <p>The span then grows to what a postal address writes around the street, so that {@code redact}
 * removes the whole address and not a piece of it: up to two numbers right before it (a building
 * number or postcode: "1987 74 Diakou Street", "28245 Puruntie 82") and units ("Apt. 4B", "Suite
 * 200", also before it), then, on the same or the next lines, the city, region, postcode and country
 * tokens that follow ("..., Mountain View, CA 94043", "\n Kissousa\n Cyprus 36903", "APO AA 61487").
 * The tail takes capitalised or upper-case words, postcode-like tokens and short particles between
 * them ("Velká Bukovina u Decína"); it stops at a lower-case word, a sentence end, a label ("Phone:")
 * or after a few tokens or lines. Every step looks at a bounded number of characters, so a string is
 * scanned in linear time.
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

  /**
   * Street types written as a separate word between the street's name and its number (shape 5):
   * German, Dutch, Nordic, Hungarian, Czech, Polish, Finnish and English forms.
   */
  private static final Set<String> TYPES_MIDDLE =
      Set.of("straße", "strasse", "str", "weg", "gasse", "platz", "allee", "damm", "ring", "ufer",
          "laan", "straat", "gracht", "plein", "vej", "gade", "gate", "gata", "gatan", "vägen",
          "veien", "vegen", "terrasse", "allé", "plads", "torv", "utca", "u", "út", "útja", "tér",
          "körút", "krt", "köz", "sor", "sétány", "ulice", "nábřeží", "náměstí", "nám", "třída",
          "ulica", "ul", "aleja", "al", "plac", "katu", "tie", "tee");

  private static final String[] SUFFIXES = {
    "straße", "strasse", "str", "weg", "gasse", "platz", "allee", "damm", "ufer", "chaussee",
    "steig", "pfad", "laan", "straat", "gracht", "plein", "dijk", "kade", "singel", "vej", "gade",
    "vænget", "gatan", "gata", "vägen", "väg", "gränd", "veien", "vegen", "katu", "tie", "kuja",
    "polku", "väylä", "utca", "ulica", "street", "road"
  };

  private static final Set<String> UNITS =
      Set.of("apt", "apartment", "suite", "ste", "unit", "flat", "fl", "floor", "room", "rm", "bldg",
          "building", "no", "nr", "box");

  /** Words that make a "number Word number" run a date or a quantity, not an address. */
  private static final Set<String> NOT_STREET =
      Set.of("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
          "june", "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
          "november", "dec", "december", "version", "v", "page", "step", "level", "chapter", "part",
          "vol", "volume", "season", "episode", "item", "items", "x", "of", "to", "and", "or", "in",
          "at", "for", "pm", "am", "h", "min", "sec", "kg", "km", "mb", "gb", "usd", "eur", "gbp");

  /** Tokens that end a tail: they start a new sentence or field, not a city or country. */
  private static final Set<String> TAIL_STOP =
      Set.of("i", "the", "a", "an", "we", "you", "he", "she", "it", "they", "please", "thanks",
          "thank", "call", "phone", "tel", "mobile", "desk", "fax", "email", "e-mail", "website",
          "hi", "hello", "dear", "best", "regards", "and", "or", "but", "for", "from", "to", "at",
          "on", "in", "by", "with", "is", "was", "if", "then", "office", "home", "work");

  private static final int AFTER = 1;
  private static final int BEFORE = 2;
  private static final int UNIT = 4;
  private static final int MIDDLE = 8;
  private static final int NOT_A_STREET = 16;
  private static final int STOP = 32;

  /** The word sets as one table looked up by a slice of the text, without allocating. */
  private static final NameTable WORDS;

  static {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    TYPES_AFTER.forEach(w -> m.merge(w, AFTER, (a, b) -> a | b));
    TYPES_BEFORE.forEach(w -> m.merge(w, BEFORE, (a, b) -> a | b));
    UNITS.forEach(w -> m.merge(w, UNIT, (a, b) -> a | b));
    TYPES_MIDDLE.forEach(w -> m.merge(w, MIDDLE, (a, b) -> a | b));
    NOT_STREET.forEach(w -> m.merge(w, NOT_A_STREET, (a, b) -> a | b));
    TAIL_STOP.forEach(w -> m.merge(w, STOP, (a, b) -> a | b));
    WORDS = NameTable.of(m);
  }

  /** Most tokens the tail (city, region, postcode, country, units) takes after the street. */
  private static final int TAIL_TOKENS = 10;
  /** Most line breaks the tail crosses. */
  private static final int TAIL_LINES = 4;
  /** Longest gap between two tokens of one address ("\n    " in a letter head). */
  private static final int MAX_GAP = 8;

  private StreetAddresses() {}

  private static boolean is(String s, int a, int b, int flag) {
    return b - a <= 12 && (WORDS.lookup(s, a, b) & flag) != 0;
  }

  /**
   * {@link #is} for the units, stop words and not-a-street words, which are all ASCII: a token with
   * other letters (a Greek or Czech city in the tail) is not looked up, which would fold it first.
   */
  private static boolean isAscii(String s, int a, int b, int flag) {
    if (b - a > 12) {
      return false;
    }
    for (int k = a; k < b; k++) {
      if (s.charAt(k) >= 128) {
        return false;
      }
    }
    return (WORDS.lookup(s, a, b) & flag) != 0;
  }

  static void scan(String s, int from, int to, SpanSink sink) {
    int lastEnd = from;
    int i = from;
    int[] ws = new int[1];
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
      int e = forward(s, i, j, to, ws);
      int a = i;
      if (e < 0) {
        a = backward(s, Math.max(from, lastEnd), i, j, ws);
        e = a >= 0 ? j : -1;
      }
      if (e > 0 && a >= lastEnd && Chars.digit(s.charAt(a)) && a != i && tail(s, e, to, ws) == e) {
        e = -1; // shape 6 needs a unit, a city or a postcode after it: "Added 120 Tickets 3" is not an address
      }
      if (e > 0 && a >= lastEnd) {
        a = leading(s, lastEnd, a, ws);
        e = tail(s, e, to, ws);
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

  private static boolean digits(String s, int a, int b, int min, int max) {
    if (b - a < min || b - a > max) {
      return false;
    }
    for (int k = a; k < b; k++) {
      if (!Chars.digit(s.charAt(k))) {
        return false;
      }
    }
    return true;
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
    return wordEnd(s, a, to, starts);
  }

  private static int wordEnd(String s, int a, int to, int[] starts) {
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
  private static int forward(String s, int a, int b, int to, int[] ws) {
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
          return we;
        }
        if (words == 0 && is(s, wa, we, BEFORE)) {
          return typeFirst(s, we, to, ws);
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

  /**
   * Shape 2 after its street type: words (particles allowed) up to a comma, and a house number
   * right after them ("Rue de Virton 38"). Returns the end or -1.
   */
  private static int typeFirst(String s, int we, int to, int[] ws) {
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
      int ma = ws[0];
      if (isAscii(s, ma, me, UNIT)) {
        break; // "Rue Gafsa Apt. 981": the unit is the tail's
      }
      if (capitalised(s, ma)) {
        last = me;
      } else if (last > 0 && Chars.digit(s.charAt(ma)) && houseNumber(s, ma, me) && s.charAt(p) == ' ') {
        return me;
      } else if (me - ma > 4 || Chars.digit(s.charAt(ma))) {
        break;
      }
      p = me;
    }
    return last;
  }

  /** Shapes 3 to 7: the number at {@code [at, end)} trails. Returns the address start or -1. */
  private static int backward(String s, int from, int at, int end, int[] we) {
    int pa = previousWord(s, from, at, we);
    if (pa < 0) {
      return -1;
    }
    int pb = we[0];
    if (capitalised(s, pa) && pb - pa <= 24 && suffixed(s, pa, pb)) {
      return pa; // shape 4: Hauptstraße 5
    }
    if (pb - pa == 3 && Chars.regionIs(s, pa, pb, "box")) {
      return postBox(s, from, pa, we); // shape 7
    }
    if (pb - pa == 2 && Chars.upper(s.charAt(pa)) && Chars.upper(s.charAt(pa + 1))
        && (Chars.regionIs(s, pa, pb, "aa") || Chars.regionIs(s, pa, pb, "ae")
            || Chars.regionIs(s, pa, pb, "ap"))) {
      return military(s, from, pa, we); // shape 7, US forces mail: "FPO AP 12428"
    }
    // shape 3: street type, capitalised words (particles allowed), number;
    // shape 5: capitalised words, street type, number;
    // shape 6: number, capitalised words (particles allowed), number
    boolean middle = is(s, pa, pb, MIDDLE) && (pb - pa > 4 || !capitalised(s, pa));
    int first = -1; // start of the leftmost capitalised word
    int pos = middle ? pa : at;
    for (int m = 0; m < 5; m++) {
      int wa = previousWord(s, from, pos, we);
      if (wa < 0) {
        break;
      }
      int wb = we[0];
      if (Chars.digit(s.charAt(wa))) {
        if (middle) {
          break;
        }
        // shape 6: the leading number (a postcode or building number, 3+ digits) stands alone, the
        // trailing one is short
        boolean alone = wa == from || !Chars.alnum(s.charAt(wa - 1));
        return first == pos && alone && houseNumber(s, wa, wb) && digitsAtLeast(s, wa, 3)
            && spaced(s, wb, pos) && end - at <= 4 ? wa : -1;
      }
      if (isAscii(s, wa, wb, NOT_A_STREET)) {
        break;
      }
      if (capitalised(s, wa)) {
        if (first >= 0 && !middle && is(s, wa, wb, BEFORE)) {
          return wa;
        }
        first = wa;
      } else if (middle || wb - wa > 3) {
        break; // "Place your 3 orders", "Bor på Trenerys gate": prose, not a street name
      }
      pos = wa;
    }
    return middle ? first : -1;
  }

  private static boolean digitsAtLeast(String s, int a, int n) {
    for (int k = a; k < a + n; k++) {
      if (k >= s.length() || !Chars.digit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Only spaces between {@code a} and {@code b}. */
  private static boolean spaced(String s, int a, int b) {
    for (int k = a; k < b; k++) {
      if (s.charAt(k) != ' ') {
        return false;
      }
    }
    return true;
  }

  /** Shape 7 from "Box" at {@code box}: "P.O. Box", "PO Box", "PSC 3294, Box", "Unit 5146 Box". */
  private static int postBox(String s, int from, int box, int[] we) {
    int wa = previousWord(s, from, box, we);
    if (wa < 0) {
      return -1;
    }
    int wb = we[0];
    if (wb - wa == 2 && Chars.regionIs(s, wa, wb, "po")) {
      return wa;
    }
    if (wb - wa == 1 && (s.charAt(wa) == 'O' || s.charAt(wa) == 'o')) {
      int pa = previousWord(s, from, wa, we);
      return pa >= 0 && we[0] - pa == 1 && (s.charAt(pa) == 'P' || s.charAt(pa) == 'p') ? pa : -1;
    }
    if (Chars.digit(s.charAt(wa)) && digits(s, wa, wb, 1, 6)) {
      int pa = previousWord(s, from, wa, we);
      if (pa >= 0 && (Chars.regionIs(s, pa, we[0], "psc") || Chars.regionIs(s, pa, we[0], "cmr")
          || Chars.regionIs(s, pa, we[0], "unit"))) {
        return pa;
      }
    }
    return -1;
  }

  /**
   * The start of "APO|FPO|DPO" before the state code at {@code code}, moved to the line before when
   * that line ends with a ship ("USNS Saibara\nFPO AP 12428"), or -1. "PSC 3294, Box 9168\nAPO ..."
   * is found from its box number.
   */
  private static int military(String s, int from, int code, int[] we) {
    int oa = previousWord(s, from, code, we);
    if (oa < 0 || we[0] - oa != 3 || !Chars.startsWith(s, oa + 1, oa + 3, "PO")
        || "AFD".indexOf(s.charAt(oa)) < 0) {
      return -1;
    }
    int k = oa;
    while (k > from && s.charAt(k - 1) == ' ') {
      k--;
    }
    if (k == from || s.charAt(k - 1) != '\n') {
      return oa;
    }
    int nb = k - 1; // the ship's or unit's name ends the line before: "USNS Saibara\n"
    int na = nb;
    while (na > from && nb - na < 24 && wordChar(s.charAt(na - 1))) {
      na--;
    }
    int ta = na == nb ? -1 : previousWord(s, from, na, we);
    if (ta >= 0 && we[0] == na - 1) {
      for (String ship : MILITARY_LINES) {
        if (we[0] - ta == ship.length() && Chars.startsWith(s, ta, we[0], ship)) {
          return ta;
        }
      }
    }
    return oa;
  }

  /** The ship prefixes of the line before "FPO". */
  private static final String[] MILITARY_LINES = {"USNS", "USNV", "USS", "USCGC"};

  /**
   * {@code a} moved back over what a postal address writes before the street: up to two numbers
   * (a building number, a postcode: "1987 74 Diakou Street") and a unit ("Apt. 675 62314 ...").
   */
  private static int leading(String s, int limit, int a, int[] we) {
    int start = a;
    for (int k = 0; k < 3; k++) {
      int wa = previousWord(s, limit, start, we);
      if (wa < 0 || !spacedOrDot(s, we[0], start)) {
        break;
      }
      int wb = we[0];
      if (digits(s, wa, wb, 1, 6) && (wa == limit || !Chars.alnum(s.charAt(wa - 1)))) {
        int ua = previousWord(s, limit, wa, we);
        if (ua >= 0 && isAscii(s, ua, we[0], UNIT) && !Chars.regionIs(s, ua, we[0], "box")) {
          start = ua;
        } else {
          start = wa;
        }
      } else {
        break;
      }
    }
    return start;
  }

  private static boolean spacedOrDot(String s, int a, int b) {
    for (int k = a; k < b; k++) {
      char c = s.charAt(k);
      if (c != ' ' && !(c == '.' && k == a)) {
        return false;
      }
    }
    return b > a;
  }

  /**
   * The start of the next token of the address after {@code pos}, or -1: a gap of spaces, commas,
   * line breaks and quote marks ("> ") of at most {@link #MAX_GAP} characters; a dot only at the end
   * of a line ("St.\n"). {@code lines[0]} is decreased by the line breaks crossed.
   */
  private static int gap(String s, int pos, int to, int[] lines) {
    int k = pos;
    boolean dot = false;
    boolean bullet = false;
    int commas = 0;
    while (k < to && k - pos <= MAX_GAP) {
      char c = s.charAt(k);
      if (c == '\n') {
        if (--lines[0] < 0) {
          return -1;
        }
        dot = false;
        bullet = true;
      } else if (bullet && (c == '?' || c == '*' || c == '\u2022' || c == '\u00b7' || c == '-')) {
        // a list marker or a quote at the start of the line ("??? " is a mis-decoded bullet)
      } else if (c == '.') {
        if (dot || k != pos) {
          return -1;
        }
        dot = true;
      } else if (c == ',') {
        if (++commas > 1) {
          return -1;
        }
      } else if (c != ' ' && c != '\t' && c != '\r' && c != '>') {
        break;
      }
      k++;
    }
    if (k == pos || k >= to || k - pos > MAX_GAP || dot || !Chars.alnum(s.charAt(k))) {
      return -1; // a dot not followed by a line break ends the sentence
    }
    return k;
  }

  /**
   * {@code end} extended over units ("Apt. 864", "Suite 510") and the city, region, postcode and
   * country tokens that follow on the same or the next lines.
   */
  private static int tail(String s, int end, int to, int[] ws) {
    int e = end;
    int[] lines = {TAIL_LINES};
    int pos = end;
    boolean particle = false;
    boolean postcodeSeen = false;
    int numbers = 0;
    for (int n = 0; n < TAIL_TOKENS; n++) {
      int ta = gap(s, pos, to, lines);
      if (ta < 0 && n == 0 && pos < to && s.charAt(pos) == '.') {
        // "Rákóczi út 13. Suite 104": a dot after the number, then a unit
        int ua = gap(s, pos + 1, to, lines);
        ta = ua >= 0 && isAscii(s, ua, wordEnd(s, ua, to, ws), UNIT) ? ua : -1;
      }
      if (ta < 0) {
        break;
      }
      int tb = wordEnd(s, ta, to, ws);
      if (tb < to && s.charAt(tb) == ':') {
        break; // a label: "Phone:", "Mobile:"
      }
      if (tb - ta <= 12 && isAscii(s, ta, tb, UNIT) && !Chars.regionIs(s, ta, tb, "no")) {
        int ue = unitNumber(s, tb, to, ws);
        if (ue < 0) {
          break;
        }
        e = ue;
        pos = ue;
        particle = false;
        continue;
      }
      char c = s.charAt(ta);
      if (Chars.digit(c)) {
        // after a full postcode ("Portugal 30971") only words follow: a number there starts
        // something else, such as the phone number on the next line
        if (particle || postcodeSeen || ++numbers > 2 || !postcode(s, ta, tb)) {
          break;
        }
        postcodeSeen = tb - ta >= 4;
      } else if (capitalised(s, ta)) {
        if (tb - ta > 30 || (tb - ta <= 12 && isAscii(s, ta, tb, STOP))) {
          break;
        }
      } else if (tb - ta <= 3 && !particle && Character.isLetter(c) && !isAscii(s, ta, tb, STOP)) {
        particle = true; // "u", "de", "am": kept only when a capitalised token follows
        pos = tb;
        continue;
      } else {
        break;
      }
      particle = false;
      e = tb;
      pos = tb;
    }
    return e;
  }

  /** After a unit word ending at {@code ue}: an optional dot, a space and a unit number. */
  private static int unitNumber(String s, int ue, int to, int[] ws) {
    int k = ue;
    if (k < to && s.charAt(k) == '.') {
      k++;
    }
    int a = k;
    while (k < to && k - a < 2 && s.charAt(k) == ' ') {
      k++;
    }
    if (k >= to || !Chars.alnum(s.charAt(k))) {
      return -1;
    }
    int ne = wordEnd(s, k, to, ws);
    boolean hasDigit = false;
    for (int d = k; d < ne; d++) {
      hasDigit |= Chars.digit(s.charAt(d));
    }
    return hasDigit && ne - k <= 6 ? ne : -1;
  }

  /** 2-6 digits ("ON 82269", ", 32"), ZIP+4, or an upper-case code with digits (SW1A, 1AA, K1A). */
  private static boolean postcode(String s, int a, int b) {
    int d = a;
    while (d < b && Chars.digit(s.charAt(d))) {
      d++;
    }
    if (d == b) {
      return b - a >= 2 && b - a <= 6;
    }
    if (s.charAt(d) == '-') {
      return d - a == 5 && digits(s, d + 1, b, 4, 4);
    }
    if (b - a > 4) {
      return false;
    }
    for (int k = a; k < b; k++) {
      char c = s.charAt(k);
      if (!Chars.digit(c) && !Chars.upper(c)) {
        return false;
      }
    }
    return true;
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
}
