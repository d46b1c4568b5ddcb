package dev.sluice.core.detect;

import java.util.Locale;
import java.util.Set;

/**
 * Person names in free text, from the name lists plus capitalisation and context.
 *
 * <p>Tokens are words of letters (with inner apostrophes and hyphens). A <em>run</em> is a
 * sequence of capitalised words joined by single spaces, with initials ({@code J.}) and name
 * particles ({@code de}, {@code van}, ...) allowed inside. Within a run a name is:
 *
 * <ul>
 *   <li>two or more words whose first is a given name that is not also a common word ("Maria
 *       Garcia", "Michael Kors"), or where a later word is a family name that is not a common word
 *       ("Jordan Smith", "Mark Smith"); the second word may be unknown ("Maria Xyzowska");
 *   <li>after a context cue — strong ("my name is", "Name:", "Dear", "Mr.", "Dr.", "named", a
 *       quotation's "says", "directed by", "my kid", "Hi, I'm") any capitalised word; weak ("hi",
 *       "thanks", "with", "by", ...) a listed name that is not also a common word;
 *   <li>by what the same text says elsewhere: another mention of a word of a multi-word name found
 *       in it, a list next to a found name or after a plural word for people ("founders:"), the
 *       other speakers of a dialogue in which one speaker is a known name.
 * </ul>
 *
 * A single word without a cue is never a name: "Jordan" (a country) or "Mark" alone stay. Words
 * in ALL CAPS and lower-case names are not detected. In scripts without case (CJK) a family name
 * directly followed by a listed given name of two or more characters is a name.
 */
final class PersonNames {
  private static final int CAP = 1;
  private static final int INITIAL = 2;
  private static final int PARTICLE = 3;
  private static final int OTHER = 4;
  private static final int CASELESS = 5;

  private static final int MAX_RUN = 16;
  private static final int MAX_NAME_WORDS = 4;
  private static final int MAX_LIST = 16;
  /** Name words remembered per scan for {@link #repeats}. */
  private static final int MAX_KNOWN = 8;

  private static final Set<String> PARTICLES =
      Set.of("de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der",
          "den", "ter", "ten", "la", "le", "bin", "binti", "ibn", "al", "el", "y", "e", "zu", "af",
          "av", "mac", "st");

  private static final Set<String> STRONG_CUES =
      Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "dear", "herr", "frau", "sr", "sra",
          "srta", "senor", "senora", "señor", "señora", "monsieur", "madame", "mme", "mlle",
          "signor", "signora", "sig", "named", "signed", "sincerely", "regards", "llamo",
          "chiamo", "heisse", "heiße", "appelle", "m'appelle", "dott", "ing", "mister", "madam",
          "professor", "doctor", "starring");

  private static final Set<String> LABEL_CUES =
      Set.of("name", "nombre", "nom", "nome", "naam", "customer", "client", "patient", "user",
          "contact", "from", "to", "attn", "by", "author", "recipient", "sender", "owner", "holder",
          "cardholder", "passenger", "guest", "manager", "agent", "cc", "bcc", "signed", "signature",
          "buyer", "seller", "applicant", "employee", "student", "member", "speaker", "host");

  private static final Set<String> WEAK_CUES =
      Set.of("hi", "hello", "hey", "thanks", "thank", "cheers", "best", "with", "by", "from",
          "contact", "ask", "tell", "meet", "met", "cc", "attn", "mother", "father", "son",
          "daughter", "wife", "husband", "partner", "friend", "brother", "sister", "kid", "child",
          "boss", "manager", "agent", "speaker", "author", "director", "producer", "under",
          "beneficiary", "called", "am", "i'm", "im", "colleague", "grandfather", "grandmother",
          "uncle", "aunt", "cousin", "nephew", "niece", "mom", "dad", "coach", "teacher", "nurse",
          "officer", "captain", "judge", "senator", "president", "minister", "ceo", "founder",
          "user", "customer", "client", "patient", "hola", "bonjour", "hallo", "says", "said",
          "asked", "told", "me",
          "ciao", "olá", "ola", "merci", "danke", "gracias", "grazie", "obrigado");

  // flags of the cue table (looked up without allocating)
  private static final int STRONG = 1;
  private static final int LABEL = 2;
  private static final int WEAK = 4;
  private static final int PARTICLE_WORD = 8;
  private static final int IS = 16; // is, ist, es, é, est: "name is", "this is"
  private static final int NAME_WORD = 32; // name, nombre, nome, nom
  private static final int THIS = 64;
  private static final int I = 128;
  private static final int AND = 256;
  private static final int OBJECT = 512; // me, him, her
  private static final int CALL = 1024; // call, calls, called, named
  private static final int GREETING = 2048; // hi, hello, hey, dear
  private static final int SPEECH = 4096; // says, said, asked, ...: "...," says Bergqvist.
  private static final int BY = 8192;
  private static final int CREATIVE = 16384; // directed, written, ...: "directed by X"
  private static final int KIN = 1 << 15; // kid, wife, ...: "my kid X" (the table keeps 16 bits)

  private static final Set<String> POSSESSIVES = Set.of("my", "our", "his", "her", "their", "your");

  private static final NameTable CUES;

  static {
    java.util.Map<String, Integer> m = new java.util.HashMap<>();
    STRONG_CUES.forEach(w -> m.merge(w, STRONG, (a, b) -> a | b));
    LABEL_CUES.forEach(w -> m.merge(w, LABEL, (a, b) -> a | b));
    WEAK_CUES.forEach(w -> m.merge(w, WEAK, (a, b) -> a | b));
    PARTICLES.forEach(w -> m.merge(w, PARTICLE_WORD, (a, b) -> a | b));
    for (String w : new String[] {"is", "ist", "es", "é", "est"}) {
      m.merge(w, IS, (a, b) -> a | b);
    }
    for (String w : new String[] {"name", "nombre", "nome", "nom"}) {
      m.merge(w, NAME_WORD, (a, b) -> a | b);
    }
    m.merge("this", THIS, (a, b) -> a | b);
    m.merge("i", I, (a, b) -> a | b);
    m.merge("and", AND, (a, b) -> a | b);
    for (String w : new String[] {"me", "him", "her"}) {
      m.merge(w, OBJECT, (a, b) -> a | b);
    }
    for (String w : new String[] {"call", "calls", "called", "named", "name"}) {
      m.merge(w, CALL, (a, b) -> a | b);
    }
    for (String w : new String[] {"hi", "hello", "hey", "dear", "hola", "hallo", "ciao", "bonjour"}) {
      m.merge(w, GREETING, (a, b) -> a | b);
    }
    for (String w : new String[] {"says", "said", "asked", "added", "wrote", "writes", "replied",
        "explained", "told", "shouted", "laughed", "whispered", "continued", "recalls", "recalled"}) {
      m.merge(w, SPEECH, (a, b) -> a | b);
    }
    m.merge("by", BY, (a, b) -> a | b);
    for (String w : new String[] {"mother", "father", "son", "daughter", "wife", "husband",
        "partner", "friend", "brother", "sister", "kid", "child", "boss", "colleague", "grandfather",
        "grandmother", "grandson", "granddaughter", "uncle", "aunt", "cousin", "nephew", "niece",
        "mom", "mum", "dad", "girlfriend", "boyfriend", "fiance", "fiancee", "stepson",
        "stepdaughter", "roommate", "flatmate", "neighbour", "neighbor", "baby", "twin"}) {
      m.merge(w, KIN, (a, b) -> a | b);
    }
    for (String w : new String[] {"directed", "written", "co-written", "composed", "produced",
        "performed", "sung", "arranged", "painted", "illustrated", "narrated", "photographed",
        "authored", "co-authored", "translated", "choreographed", "conducted", "edited"}) {
      m.merge(w, CREATIVE, (a, b) -> a | b);
    }
    CUES = NameTable.of(m);
  }

  private final NameTable table;

  PersonNames(NameTable table) {
    this.table = table;
  }

  /** Per-scan state: the current run of candidate tokens. */
  private static final class Run {
    final int[] start = new int[MAX_RUN];
    final int[] end = new int[MAX_RUN];
    final int[] kind = new int[MAX_RUN];
    final int[] flags = new int[MAX_RUN];
    final int[] idx = new int[MAX_NAME_WORDS];
    int size;
    int lastNameEnd = -1;
    /** Single capitalised words joined by ", " or " and ": maybe a list of names. */
    final int[] listStart = new int[MAX_LIST];
    final int[] listEnd = new int[MAX_LIST];
    final boolean[] listStrong = new boolean[MAX_LIST];
    final boolean[] listReported = new boolean[MAX_LIST];
    int listSize;
    /** Words of the multi-word names found so far ("Holinka" of "Jindřich Holinka"). */
    final int[] knownStart = new int[MAX_KNOWN];
    final int[] knownEnd = new int[MAX_KNOWN];
    int knownSize;
    /** Single words that open a line as a speaker ("Ubul: What a wife."). */
    final int[] speakerStart = new int[MAX_KNOWN];
    final int[] speakerEnd = new int[MAX_KNOWN];
    int speakers;
    boolean speakerNamed;
  }

  /** One run per thread, reused: a scan allocates nothing unless it finds a name. */
  private static final ThreadLocal<Run> RUNS = ThreadLocal.withInitial(Run::new);

  private static Run run() {
    Run r = RUNS.get();
    r.size = 0;
    r.listSize = 0;
    r.knownSize = 0;
    r.speakers = 0;
    r.speakerNamed = false;
    r.lastNameEnd = -1;
    return r;
  }

  /**
   * Names in {@code s[from, to)}. The caller has checked that the range holds an upper-case letter
   * or a letter of a script without case ({@link TextScanner}'s first pass): without one there is
   * nothing to find.
   */
  void scan(String s, int from, int to, SpanSink sink) {
    Run run = null;
    int prevEnd = -1;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c < 128 ? !Chars.asciiLetter(c) : !Character.isLetter(c)) {
        i++;
        continue;
      }
      // a word: letters and marks, with inner ' ’ - between letters
      int a = i;
      int e = i + 1;
      while (e < to) {
        char d = s.charAt(e);
        if (d < 128 ? Chars.asciiLetter(d)
            : Character.isLetter(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
          e++;
        } else if ((d == '\'' || d == '’' || d == '-') && e + 1 < to && Character.isLetter(s.charAt(e + 1))) {
          e += 2;
        } else {
          break;
        }
      }
      i = e;
      // glued to digits, underscores, @, / or dots-with-letters: part of an identifier
      boolean glued = (a > from && gluedChar(s.charAt(a - 1), s, a - 1, from))
          || (e < to && gluedAfter(s, e, to));
      int wordEnd = e;
      // possessive: "Smith's"
      if (wordEnd - a > 3 && (s.charAt(wordEnd - 2) == '\'' || s.charAt(wordEnd - 2) == '’')
          && s.charAt(wordEnd - 1) == 's') {
        wordEnd -= 2;
      }
      int kind = glued || contraction(s, a, wordEnd) ? OTHER : kindOf(s, a, wordEnd, to);
      if (kind == CASELESS) {
        if (run != null && run.size > 0) {
          evaluate(s, from, to, run, sink);
        }
        caseless(s, from, a, wordEnd, sink);
        prevEnd = -1;
        continue;
      }
      if (run == null) {
        if (kind != CAP) {
          prevEnd = e;
          continue;
        }
        run = run();
      }
      boolean joinable = run.size > 0 && prevEnd >= 0 && singleSpace(s, prevEnd, a)
          && run.size < MAX_RUN;
      if (kind == CAP || kind == INITIAL || kind == PARTICLE) {
        if (!joinable) {
          if (run.size > 0) {
            evaluate(s, from, to, run, sink);
          }
          run.size = 0;
          if (kind != CAP) {
            prevEnd = e;
            continue;
          }
        }
        int k = run.size++;
        run.start[k] = a;
        run.end[k] = wordEnd;
        run.kind[k] = kind;
        run.flags[k] = kind == CAP || kind == PARTICLE ? table.lookup(s, a, wordEnd) : 0;
        if (kind == CAP && hyphenated(s, a, wordEnd) && (run.flags[k] & (NameTable.GIVEN | NameTable.FAMILY)) == 0) {
          run.flags[k] = hyphenFlags(s, a, wordEnd);
        }
        if (wordEnd != e) {
          evaluate(s, from, to, run, sink); // a possessive ends the run
          run.size = 0;
        }
      } else {
        if (run.size > 0) {
          evaluate(s, from, to, run, sink);
          run.size = 0;
        }
      }
      prevEnd = e;
    }
    if (run != null) {
      if (run.size > 0) {
        evaluate(s, from, to, run, sink);
      }
      flushList(s, from, run, sink);
      if (run.speakers >= 2 && run.speakerNamed) {
        // a dialogue in which one speaker is a known name: the others are people too
        for (int k = 0; k < run.speakers; k++) {
          sink.add(Category.PERSON_NAME, run.speakerStart[k], run.speakerEnd[k], SpanSink.NAME);
        }
      }
      if (run.knownSize > 0) {
        repeats(s, from, to, run, sink);
      }
    }
  }

  /**
   * A second pass, only when a name of two or more words was found: the same text mentions that
   * person again by one of its words ("directed by Jindřich Holinka and starring Holinka", "Alvir
   * spent a year as the assistant to Alvir D. Pušaver"). Each capitalised word equal to a
   * remembered name word is a name; words that are also common words or places were not remembered.
   */
  private static void repeats(String s, int from, int to, Run r, SpanSink sink) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      boolean up = c < 128 ? Chars.upper(c) : Character.isUpperCase(c);
      if (!up || (i > from && Character.isLetterOrDigit(s.charAt(i - 1)))) {
        i++;
        continue;
      }
      int e = i + 1;
      while (e < to && (Character.isLetter(s.charAt(e)) || s.charAt(e) == '-')) {
        e++;
      }
      if (e == to || !Character.isDigit(s.charAt(e))) {
        for (int k = 0; k < r.knownSize; k++) {
          int ka = r.knownStart[k];
          int n = r.knownEnd[k] - ka;
          if (n == e - i && ka != i && s.regionMatches(ka, s, i, n)) {
            sink.add(Category.PERSON_NAME, i, e, SpanSink.NAME);
            break;
          }
        }
      }
      i = e;
    }
  }

  private static void remember(Run r, int a, int b, int flags) {
    if (b - a >= 3 && r.knownSize < MAX_KNOWN && (flags & (NameTable.AMBIGUOUS | NameTable.STOP)) == 0) {
      int k = r.knownSize++;
      r.knownStart[k] = a;
      r.knownEnd[k] = b;
    }
  }


  /**
   * A value without upper-case letters ("my name is lena andersson", "follow up with patricia
   * desrosiers"): a given name that is not a common word directly followed by a family name (or
   * an initial and one), a listed name after a cue, or a list of given names.
   */
  void scanLowercase(String s, int from, int to, SpanSink sink) {
    Run r = null;
    int pendingGiven = -1; // start of a given name waiting for its family name
    int pendingEnd = -1;
    int prevEnd = -1;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c < 128 ? !Chars.lower(c) : !Character.isLetter(c)) {
        i++;
        continue;
      }
      int a = i;
      int e = i + 1;
      while (e < to) {
        char d = s.charAt(e);
        if (d < 128 ? Chars.lower(d) : Character.isLetter(d) || Character.getType(d) == Character.NON_SPACING_MARK) {
          e++;
        } else if ((d == '\'' || d == '’' || d == '-') && e + 1 < to && Character.isLetter(s.charAt(e + 1))) {
          e += 2;
        } else {
          break;
        }
      }
      i = e;
      boolean glued = (a > from && gluedChar(s.charAt(a - 1), s, a - 1, from)) || (e < to && gluedAfter(s, e, to));
      int wordEnd = e;
      if (wordEnd - a > 3 && (s.charAt(wordEnd - 2) == '\'' || s.charAt(wordEnd - 2) == '’') && s.charAt(wordEnd - 1) == 's') {
        wordEnd -= 2;
      }
      if (glued || wordEnd - a < 2) {
        boolean initial = !glued && wordEnd - a == 1 && pendingGiven >= 0 && singleSpace(s, pendingEnd, a);
        if (initial) {
          pendingEnd = wordEnd; // "benjamin a seiler", "eric g. samoylova"
        } else {
          pendingGiven = -1;
        }
        prevEnd = e;
        continue;
      }
      int f = table.lookup(s, a, wordEnd);
      boolean joined = pendingGiven >= 0 && singleSpace(s, pendingEnd, a);
      if (joined && familyLike(s, a, wordEnd, f)) {
        sink.add(Category.PERSON_NAME, pendingGiven, wordEnd, SpanSink.NAME);
        pendingGiven = -1;
        prevEnd = e;
        continue;
      }
      pendingGiven = -1;
      boolean given = strong(f, NameTable.GIVEN);
      if (given) {
        pendingGiven = a;
        pendingEnd = wordEnd;
      }
      if (listed(f) && !stop(f)) {
        int cue = cue(s, from, a, -1);
        boolean name = cue == 2 || (cue == 1 && (given || strong(f, NameTable.FAMILY)));
        if (name) {
          sink.add(Category.PERSON_NAME, a, wordEnd, SpanSink.NAME);
        }
        if (r == null) {
          r = run();
        }
        listItem(s, r, a, wordEnd, given, name, sink);
      }
      prevEnd = e;
    }
    if (r != null) {
      flushList(s, from, r, sink);
    }
  }

  private static boolean gluedChar(char p, String s, int at, int from) {
    if (Chars.digit(p) || p == '_' || p == '@' || p == '/' || p == '\\' || p == '=' || p == '#'
        || p == '$' || p == '%' || p == '&' || p == '+') {
      return true;
    }
    return p == '.' && at > from && Character.isLetterOrDigit(s.charAt(at - 1));
  }

  private static boolean gluedAfter(String s, int e, int to) {
    char n = s.charAt(e);
    if (Chars.digit(n) || n == '_' || n == '@' || n == '/' || n == '\\' || n == '=' || n == '('
        || n == '%') {
      return true;
    }
    return n == '.' && e + 1 < to && Character.isLetterOrDigit(s.charAt(e + 1));
  }

  private static boolean singleSpace(String s, int a, int b) {
    if (b - a == 1) {
      char c = s.charAt(a);
      return c == ' ' || c == '\u00a0';
    }
    // an initial's dot: "J. Smith" (the dot is not part of the word)
    return b - a == 2 && s.charAt(a) == '.' && s.charAt(a + 1) == ' ';
  }

  private int kindOf(String s, int a, int b, int to) {
    char c = s.charAt(a);
    boolean up = c < 128 ? Chars.upper(c) : Character.isUpperCase(c) || Character.isTitleCase(c);
    if (up) {
      if (b - a == 1) {
        return INITIAL;
      }
      for (int k = a + 1; k < b; k++) {
        char d = s.charAt(k);
        if (d < 128 ? Chars.lower(d) : Character.isLowerCase(d)) {
          return CAP;
        }
      }
      return OTHER; // ALL CAPS
    }
    if (c < 128 ? Chars.lower(c) : Character.isLowerCase(c)) {
      if (b - a <= 5 && (CUES.lookup(s, a, b) & PARTICLE_WORD) != 0) {
        return PARTICLE;
      }
      return OTHER;
    }
    return CASELESS;
  }

  private static boolean hyphenated(String s, int a, int b) {
    for (int k = a; k < b; k++) {
      if (s.charAt(k) == '-') {
        return true;
      }
    }
    return false;
  }

  /** Jean-Luc, Garcia-Lopez: the first part's given bit and the last part's family bit. */
  private int hyphenFlags(String s, int a, int b) {
    int h = s.indexOf('-', a);
    int l = s.lastIndexOf('-', b - 1);
    int first = table.lookup(s, a, h);
    int last = table.lookup(s, l + 1, b);
    // a given name only when both parts are ("Jean-Luc", "Anna-Lena"; not "Ellis-Ingram")
    int given = first & last & NameTable.GIVEN;
    return given | ((first | last) & NameTable.AMBIGUOUS) | (last & NameTable.FAMILY);
  }

  private static boolean listed(int f) {
    return (f & (NameTable.GIVEN | NameTable.FAMILY)) != 0;
  }

  private static boolean stop(int f) {
    return (f & NameTable.STOP) != 0;
  }

  private static boolean strong(int f, int bit) {
    return (f & bit) != 0 && (f & (NameTable.AMBIGUOUS | NameTable.STOP)) == 0;
  }

  private void evaluate(String s, int from, int to, Run r, SpanSink sink) {
    int n = r.size;
    int i = 0;
    while (i < n) {
      if (r.kind[i] != CAP || stop(r.flags[i])) {
        i++;
        continue;
      }
      // the words of a candidate name from i: capitalised, bridged by initials and particles
      int[] idx = r.idx;
      int words = 0;
      int j = i;
      int last = i;
      while (j < n && words < MAX_NAME_WORDS) {
        int k = r.kind[j];
        if (k == CAP) {
          if (stop(r.flags[j])) {
            break;
          }
          // the first word, any listed word, or one unknown word right after the first
          // (a surname missing from the lists)
          boolean take = words == 0 || listed(r.flags[j]) || (r.flags[j] & NameTable.AMBIGUOUS) != 0
              || words == 1;
          if (!take) {
            break;
          }
          idx[words++] = j;
          last = j;
        } else if (k != INITIAL && k != PARTICLE) {
          break;
        }
        j++;
      }
      // the name starts at the first listed word, or at an unknown word directly followed by a
      // family name ("Jordan Smith"); unknown words before it ("Microsoft", "Visit") stay out
      // "Alvir D. Pušaver", "Szabina J Gelencsér": a word, a middle initial and a word are a name
      // as they stand, whether or not the lists know the words
      boolean middleInitial = words >= 2 && idx[1] == idx[0] + 2 && r.kind[idx[0] + 1] == INITIAL;
      int s0 = 0;
      while (!middleInitial && s0 < words - 1 && !listed(r.flags[idx[s0]])
          && (r.flags[idx[s0]] & NameTable.AMBIGUOUS) == 0
          && !familyLike(s, r, idx[s0 + 1])) {
        s0++;
      }
      // ... unless a strong cue vouches for the words as they are ("Dr. Kyle Kuefer")
      boolean strongCue = s0 > 0 && cue(s, from, r.start[i], r.lastNameEnd) == 2;
      if (s0 > 0 && !strongCue) {
        i = idx[s0];
        continue;
      }
      int first = r.flags[idx[0]];
      boolean name = false;
      if (words >= 2) {
        flushList(s, from, r, sink);
        if (strong(first, NameTable.GIVEN)) {
          name = true;
        }
        for (int w = 1; w < words && !name; w++) {
          if (familyLike(s, r, idx[w])) {
            name = true;
          }
        }
        if (!name && middleInitial) {
          name = true; // "Faina D. Yefremova": first name, initial, last name
        }
        if (!name) {
          // "Name: Nayla Montero", "Dear Rose White": a strong cue vouches for any capitalised
          // words, a weak one only for listed ones
          int cue = strongCue ? 2 : cue(s, from, r.start[i], r.lastNameEnd);
          boolean listedWord = false;
          for (int w = 0; w < words; w++) {
            int f = r.flags[idx[w]];
            listedWord |= strong(f, NameTable.GIVEN) || strong(f, NameTable.FAMILY);
          }
          name = cue == 2 || (cue == 1 && listedWord);
        }
        if (!name && !listed(first) && (first & NameTable.AMBIGUOUS) == 0) {
          // an unknown first word ("Visit", "Microsoft"): retry from the next word
          i = idx[1];
          continue;
        }
      } else {
        int cue = cue(s, from, r.start[i], r.lastNameEnd);
        // a weak cue vouches for a given name ("thanks Maria"), not a family name alone ("from Hawkins")
        name = cue == 2 || (cue == 1 && strong(first, NameTable.GIVEN));
        if (!name && n == 1 && strong(first, NameTable.GIVEN) && !hyphenated(s, r.start[i], r.end[i])
            && inProse(s, from, to, r.start[i], r.end[i])) {
          name = true; // "Why is Ivan so impulsive?", "Kevin had given ...": a given name alone in a sentence
        }
        if (!name && n == 1 && strong(first, NameTable.FAMILY) && !hyphenated(s, r.start[i], r.end[i])
            && (subjectOfVerb(s, r.end[i], to) || speechCue(s, from, r.start[i]))) {
          name = true; // "Kaczmarek was influenced", "..., says Becker.": a family name as a person
        }
        if (!name && (first & (NameTable.AMBIGUOUS | NameTable.STOP)) == 0
            && r.end[i] < to && (s.charAt(r.end[i]) == ':' || s.charAt(r.end[i]) == ',')
            && (s.charAt(r.end[i]) == ',' ? greeted(s, from, r.start[i]) || addressed(s, from, to, r.start[i], r.end[i])
                : (strong(first, NameTable.GIVEN) && lineStart(s, from, r.start[i])))) {
          name = true; // "Hi Manlio, ...", "Kuba, can I ...", a speaker "Alexander: ..."
        }
        if (speaker(s, from, to, r.start[i], r.end[i]) && r.speakers < MAX_KNOWN) {
          r.speakerStart[r.speakers] = r.start[i];
          r.speakerEnd[r.speakers++] = r.end[i];
          r.speakerNamed |= name;
        }
        // lists vouch through given names only: "Jones, Smith and Davis" is a firm
        listItem(s, r, r.start[i], r.end[i], strong(first, NameTable.GIVEN), name, sink);
      }
      if (name && followedByHouseNumber(s, r.end[last])) {
        name = false; // "Joaquin Suarez 2906", "Peter Zuidhove 188": a street named after someone
      }
      if (name) {
        sink.add(Category.PERSON_NAME, r.start[i], r.end[last], SpanSink.NAME);
        if (words >= 2) {
          remember(r, r.start[idx[0]], r.end[idx[0]], r.flags[idx[0]]);
          remember(r, r.start[last], r.end[last], r.flags[last]);
        }
        r.lastNameEnd = r.end[last];
        i = last + 1;
      } else {
        i = words > 0 ? idx[0] + 1 : i + 1;
      }
    }
  }


  /**
   * Whether the word {@code s[a, b)} stands in a sentence: the nearest word before it (across at
   * most two punctuation marks and spaces) or the one after it is a lower-case word.
   */
  private static boolean inProse(String s, int from, int to, int a, int b) {
    int j = b;
    if (j + 1 < to && (s.charAt(j) == '\'' || s.charAt(j) == '’') && s.charAt(j + 1) == 's') {
      j += 2; // "Michael's"
    }
    int gap = 0;
    while (j < to && gap < 3 && !Character.isLetterOrDigit(s.charAt(j))) {
      j++;
      gap++;
    }
    boolean after = j < to && gap > 0 && lowerWord(s, j, to, true);
    if (after && joinsCapitals(s, from, to, j, true)) {
      return false;
    }
    int k = a - 1;
    gap = 0;
    while (k >= from && gap < 3 && !Character.isLetterOrDigit(s.charAt(k))) {
      k--;
      gap++;
    }
    boolean before = k >= from && gap > 0 && lowerWord(s, k, from, false);
    if (before && joinsCapitals(s, from, to, k, false)) {
      return false; // "Romeo and Juliet tickets": one of a pair of capitalised words
    }
    return after || before;
  }

  private static final Set<String> JOINERS =
      Set.of("and", "or", "of", "the", "in", "on", "for", "de", "del", "du", "des", "la", "le", "y",
          "et", "und", "van", "von", "da", "do", "dos", "di");

  /**
   * A short function word that joins capitalised words ("Romeo and Juliet", "Alice in
   * Wonderland", "Thomas and Sons"): a title, a firm or a place, not evidence of a sentence.
   */
  private static boolean joinsCapitals(String s, int from, int to, int at, boolean forward) {
    int a = at;
    int b = at;
    if (forward) {
      while (b < to && Character.isLetter(s.charAt(b))) {
        b++;
      }
    } else {
      b = at + 1;
      while (a > from && Character.isLetter(s.charAt(a - 1))) {
        a--;
      }
    }
    if (b - a > 4 || !JOINERS.contains(s.substring(a, b))) {
      return false;
    }
    int k = forward ? b : a - 1;
    int step = forward ? 1 : -1;
    int gap = 0;
    while (k >= from && k < to && gap < 3 && !Character.isLetterOrDigit(s.charAt(k))) {
      k += step;
      gap++;
    }
    if (k < from || k >= to) {
      return false;
    }
    if (!forward) {
      while (k > from && Character.isLetter(s.charAt(k - 1))) {
        k--;
      }
    }
    char c = s.charAt(k);
    return Character.isUpperCase(c);
  }

  /** A lower-case word of 2+ letters starts (forward) or ends (backward) at {@code i}. */
  private static boolean lowerWord(String s, int i, int limit, boolean forward) {
    int n = 0;
    int step = forward ? 1 : -1;
    for (int k = i; forward ? k < limit : k >= limit; k += step) {
      char c = s.charAt(k);
      if (c < 128 ? Chars.lower(c) : Character.isLowerCase(c)) {
        n++;
      } else if (c < 128 ? Chars.upper(c) || Chars.digit(c) : Character.isLetterOrDigit(c)) {
        return false;
      } else {
        break;
      }
    }
    return n >= 2;
  }


  /** "Hi " / "Dear " right before {@code a}, at the start of the text or of a sentence. */
  private static boolean greeted(String s, int from, int a) {
    int j = a - 1;
    if (j < from || s.charAt(j) != ' ') {
      return false;
    }
    int w = wordStart(s, from, j - 1);
    if (w < 0 || (CUES.lookup(s, w, j) & GREETING) == 0) {
      return false;
    }
    return lineStart(s, from, w);
  }

  /** "Ubul: What a wife.": a word opening a line, a colon and words on the same line. */
  private static boolean speaker(String s, int from, int to, int a, int b) {
    if (b >= to || s.charAt(b) != ':' || !lineStart(s, from, a)) {
      return false;
    }
    int j = b + 1;
    while (j < to && s.charAt(j) == ' ') {
      j++;
    }
    return j < to && s.charAt(j) != '\n' && s.charAt(j) != '\r' && !Character.isDigit(s.charAt(j));
  }

  /** Nothing but spaces, quotes or the end of a sentence before {@code a}. */
  private static boolean lineStart(String s, int from, int a) {
    int j = a - 1;
    while (j >= from && (s.charAt(j) == ' ' || s.charAt(j) == '"' || s.charAt(j) == '\t')) {
      j--;
    }
    if (j < from) {
      return true;
    }
    char c = s.charAt(j);
    return c == '\n' || c == '.' || c == '!' || c == '?' || c == '>';
  }


  private static final Set<String> VERBS =
      Set.of("was", "is", "were", "has", "had", "said", "says", "wrote", "writes", "told", "asked",
          "began", "will", "would", "did", "does", "thinks", "thought", "explained", "added");

  /** A verb right after the word: "Kaczmarek was", "Becker said". */
  private static boolean subjectOfVerb(String s, int e, int to) {
    int j = e;
    if (j + 1 < to && (s.charAt(j) == '\'' || s.charAt(j) == '’')) {
      return false; // "Uber's": a possessive says nothing
    }
    if (j >= to || s.charAt(j) != ' ') {
      return false;
    }
    int a = ++j;
    while (j < to && j - a <= 9 && Chars.lower(s.charAt(j))) {
      j++;
    }
    return j - a >= 2 && (j == to || !Character.isLetter(s.charAt(j))) && VERBS.contains(s.substring(a, j));
  }

  /** A verb of saying right before the word: "says Becker", "said Gladys". */
  private static boolean speechCue(String s, int from, int a) {
    int j = a - 1;
    while (j >= from && (s.charAt(j) == ' ' || s.charAt(j) == ',' || s.charAt(j) == '"')) {
      j--;
    }
    int w = wordStart(s, from, j);
    return w >= 0 && j + 1 - w <= 9 && VERBS.contains(s.substring(w, j + 1).toLowerCase(Locale.ROOT))
        && (s.charAt(w) == 's' || s.charAt(w) == 'a' || s.charAt(w) == 't' || s.charAt(w) == 'w'
            || s.charAt(w) == 'e');
  }

  /** Endings typical of family names (checked on diacritic-folded, lower-case words of 5+ letters). */
  private static final String[] SURNAME_ENDINGS = {
    "sson", "dottir", "sen", "son", "ova", "eva", "ov", "ev", "ski", "ska", "sky", "skiy", "skaya",
    "wicz", "vich", "vic", "enko", "escu", "eanu", "ides", "opoulos", "poulos", "oglu", "dze",
    "shvili", "berg", "stein", "mann", "feld", "strom", "quist", "qvist", "lund", "gaard", "czyk",
    "chuk", "akis", "ucci", "elli", "etti", "zadeh", "nen", "moto", "mura", "yama", "kawa", "gawa",
    "shita", "guchi", "zaki", "saki"
  };

  /** Common words with those endings. */
  private static final Set<String> NOT_SURNAMES =
      Set.of("person", "season", "reason", "treason", "lesson", "poison", "prison", "comparison",
          "liaison", "unison", "venison", "mason", "bison", "caisson", "crimson", "parson", "arson",
          "damson", "garrison", "chosen", "dozen", "nova", "supernova", "whisky", "husky", "iceberg",
          "besides", "insides", "ovens", "abrev", "preview", "review", "linen", "kitchen",
          "chicken", "mitten", "kitten", "woolen", "woollen", "golden", "wooden", "threaten",
          "happen", "listen", "unseen", "burden", "screen", "queen", "sahara");

  /** A family name: listed (and not a common word), or shaped like one ("Yefremova", "Nyström"). */
  private static boolean familyLike(String s, Run r, int j) {
    return familyLike(s, r.start[j], r.end[j], r.flags[j]);
  }

  private static boolean familyLike(String s, int a, int b, int flags) {
    if (strong(flags, NameTable.FAMILY)) {
      return true;
    }
    if (listed(flags) || (flags & (NameTable.AMBIGUOUS | NameTable.STOP)) != 0) {
      return false;
    }
    if (b - a < 5 || b - a > 24) {
      return false;
    }
    char last = s.charAt(b - 1);
    if ((last == 'ć' || last == 'č') && s.charAt(b - 2) == 'i') {
      return true; // Šušulić, Pušaver's neighbours: South Slavic -ić / -ič
    }
    boolean ending = false;
    for (int k = 0; k < SURNAME_ENDINGS.length && !ending; k++) {
      String e = SURNAME_ENDINGS[k];
      // a stem of 3+ letters before short endings (-ov, -son), 2+ before longer ones (-ström)
      ending = b - a >= e.length() + (e.length() >= 4 ? 2 : 3) && endsWith(s, a, b, e);
    }
    if (!ending && !(b - a >= 6 && endsWith(s, a, b, "ez"))) {
      return false;
    }
    String w = NameTable.fold(s.substring(a, b));
    return !NOT_SURNAMES.contains(w) && !w.endsWith("person");
  }

  /** Whether {@code s[a, b)} ends with {@code e} ignoring case and (Latin-1) diacritics. */
  private static boolean endsWith(String s, int a, int b, String e) {
    int n = e.length();
    for (int k = 0; k < n; k++) {
      char c = s.charAt(b - n + k);
      char x = e.charAt(k);
      if (c < 128) {
        if (Chars.upper(c)) {
          c = (char) (c + 32);
        }
        if (c != x) {
          return false;
        }
      } else {
        String f = NameTable.fold(String.valueOf(c));
        if (f.length() != 1 || f.charAt(0) != x) {
          return false;
        }
      }
    }
    return true;
  }

  /** A single word: extends the current list of single words, or starts a new one. */
  private static void listItem(String s, Run r, int a, int b, boolean strongName, boolean reported, SpanSink sink) {
    if (r.listSize > 0 && !listJoin(s, r.listEnd[r.listSize - 1], a)) {
      flushList(s, -1, r, sink);
    }
    if (r.listSize == MAX_LIST) {
      flushList(s, -1, r, sink);
    }
    int k = r.listSize++;
    r.listStart[k] = a;
    r.listEnd[k] = b;
    r.listStrong[k] = strongName;
    r.listReported[k] = reported;
  }

  /**
   * Ends a list of single words. Every word is a name when at least two of its words, and at least
   * half, are listed names that are not common words ("Mary, Ariana, Isabel, Teresa and Jodi"); when
   * one of them was found as a name on its own ("Abramovich and Wilson were", Wilson being the
   * subject of "were"); or when a plural word for people introduces it ("our 3 founders: Kónya,
   * Becker and Vasquez"). {@code from} is the scanned range's start, or -1 when the list is cut
   * short (then the introduction is not looked at).
   */
  private static void flushList(String s, int from, Run r, SpanSink sink) {
    int n = r.listSize;
    r.listSize = 0;
    if (n < 2) {
      return;
    }
    int strongCount = 0;
    boolean reported = false;
    for (int k = 0; k < n; k++) {
      if (r.listStrong[k]) {
        strongCount++;
      }
      reported |= r.listReported[k];
    }
    boolean people = from >= 0 && introducedAsPeople(s, from, r.listStart[0]);
    // "Jones, Smith and Davis is a firm": a singular verb after the list makes it one name of a firm
    boolean firm = singularVerbAfter(s, r.listEnd[n - 1]);
    if ((strongCount >= 2 && strongCount * 2 >= n) || (reported && !firm) || people) {
      for (int k = 0; k < n; k++) {
        if (!r.listReported[k] && !contraction(s, r.listStart[k], r.listEnd[k])) {
          sink.add(Category.PERSON_NAME, r.listStart[k], r.listEnd[k], SpanSink.NAME);
        }
      }
    }
  }

  /** " is", " was", " has" right after {@code e}. */
  private static boolean singularVerbAfter(String s, int e) {
    return (e + 3 <= s.length() && Chars.regionIs(s, e, s.length(), " is") && (e + 3 == s.length() || !Character.isLetter(s.charAt(e + 3))))
        || (e + 4 <= s.length() && (Chars.regionIs(s, e, s.length(), " was") || Chars.regionIs(s, e, s.length(), " has"))
            && (e + 4 == s.length() || !Character.isLetter(s.charAt(e + 4))));
  }

  /** "I'm", "I'll", "I've", "I'd": a pronoun with a verb, never part of a name ("I'm Daniel"). */
  private static boolean contraction(String s, int a, int b) {
    return b - a >= 3 && b - a <= 4 && s.charAt(a) == 'I' && (s.charAt(a + 1) == '\'' || s.charAt(a + 1) == '’');
  }

  private static final Set<String> ADDRESSED =
      Set.of("can", "could", "would", "will", "please", "do", "did", "are", "have", "i", "you", "we",
          "thanks", "thank", "where", "when", "what", "how", "why", "is", "it's", "let's");

  /**
   * "Kuba, can I please speak to your boss?": a word opening the text or a sentence, a comma and a
   * question or request to that person.
   */
  private static boolean addressed(String s, int from, int to, int a, int b) {
    if (b + 2 >= to || s.charAt(b + 1) != ' ' || !lineStart(s, from, a)) {
      return false;
    }
    int j = b + 2;
    int e = j;
    while (e < to && e - j < 8 && (Chars.lower(s.charAt(e)) || s.charAt(e) == '\'' || (e == j && s.charAt(e) == 'I'))) {
      e++;
    }
    return e > j && (e == to || !Character.isLetter(s.charAt(e)))
        && ADDRESSED.contains(s.substring(j, e).toLowerCase(Locale.ROOT));
  }

  private static final Set<String> PEOPLE =
      Set.of("founders", "cofounders", "co-founders", "partners", "authors", "members", "speakers",
          "guests", "attendees", "participants", "winners", "children", "kids", "sons", "daughters",
          "siblings", "brothers", "sisters", "friends", "parents", "grandchildren", "owners", "hosts",
          "judges", "players", "students", "employees", "colleagues", "invitees", "recipients",
          "teachers", "candidates", "nominees", "panelists", "organizers", "organisers", "editors",
          "contributors", "reviewers", "assignees", "approvers", "signatories", "witnesses",
          "directors", "managers", "people", "persons", "names", "cast", "starring", "featuring");

  /**
   * "founders: ", "the cast - ", "kids, ": a plural word for people, and a colon or dash (or
   * nothing but a space) right before {@code a}.
   */
  private static boolean introducedAsPeople(String s, int from, int a) {
    int j = a - 1;
    int skipped = 0;
    while (j >= from && skipped < 4 && (s.charAt(j) == ' ' || s.charAt(j) == ':' || s.charAt(j) == '-')) {
      j--;
      skipped++;
    }
    if (skipped == 0 || j < from) {
      return false;
    }
    int w = wordStart(s, from, j);
    return w >= 0 && j + 1 - w <= 16 && (w == from || !Character.isLetter(s.charAt(w - 1)))
        && PEOPLE.contains(s.substring(w, j + 1).toLowerCase(Locale.ROOT));
  }

  /** " 2906", " 188," ...: a house number right after the words. */
  private static boolean followedByHouseNumber(String s, int e) {
    if (e + 1 >= s.length() || s.charAt(e) != ' ' || !Chars.digit(s.charAt(e + 1))) {
      return false;
    }
    int j = e + 1;
    while (j < s.length() && Chars.digit(s.charAt(j)) && j - e <= 5) {
      j++;
    }
    return j - e - 1 <= 5 && (j == s.length() || !Chars.alnum(s.charAt(j)));
  }

  /** ", " or " and " or ", and " (or the same with "&") between two words. */
  private static boolean listJoin(String s, int a, int b) {
    int n = b - a;
    if (n == 2) {
      return s.charAt(a) == ',' && s.charAt(a + 1) == ' ';
    }
    if (n == 3) {
      return s.charAt(a) == ' ' && s.charAt(a + 1) == '&' && s.charAt(a + 2) == ' ';
    }
    return (n == 5 && Chars.regionIs(s, a, b, " and ")) || (n == 6 && Chars.regionIs(s, a, b, ", and "));
  }

  /**
   * The cue before a name starting at {@code start}: 2 strong, 1 weak, 0 none. Reads at most three
   * words back.
   */
  private static int cue(String s, int from, int start, int lastNameEnd) {
    int j = start - 1;
    boolean colon = false;
    boolean comma = false;
    int skipped = 0;
    while (j >= from && skipped < 6) {
      char c = s.charAt(j);
      if (c == ':' || c == '?') {
        colon = true; // "Name: ...", "What's your name? ..." 
      } else if (c == ',') {
        comma = true;
      } else if (!(c == ' ' || c == '.' || c == '\n' || c == '\r' || c == '\t' || c == '\u00a0'
          || c == '"' || c == '(' || c == '-' || c == '>')) {
        break;
      }
      j--;
      skipped++;
    }
    if (lastNameEnd >= 0 && lastNameEnd == j + 1 && comma) {
      return 1; // "Ana Lopez, Maria Garcia": a list of names
    }
    int w1 = wordStart(s, from, j);
    if (w1 < 0) {
      return 0;
    }
    int f1 = CUES.lookup(s, w1, j + 1);
    if (colon) {
      return (f1 & LABEL) != 0 ? 2 : 0;
    }
    if ((f1 & STRONG) != 0) {
      return 2;
    }
    int j2 = w1 - 1;
    while (j2 >= from && (s.charAt(j2) == ' ' || s.charAt(j2) == '\'')) {
      j2--;
    }
    if (!comma && !colon && contraction(s, w1, j + 1) && s.charAt(w1 + 2) == 'm' && j + 1 - w1 == 3
        && (lineStart(s, from, w1) || (j2 >= from && j2 < w1 - 1 && s.charAt(j2) == ','))) {
      return 2; // "Hi, I'm Wex", "I'm Daniel's daughter": someone introducing themselves
    }
    if (!comma && (f1 & SPEECH) != 0 && j2 < w1 - 1 && j2 >= from && "\"”!?,".indexOf(s.charAt(j2)) >= 0) {
      return 2; // a quotation's speaker: "...," says Bergqvist. / "I'm so jealous!" said Maria
    }
    if (!comma && (f1 & KIN) != 0 && j2 < w1 - 1) {
      int w2 = j2 >= from ? wordStart(s, from, j2) : -1;
      if (w2 >= 0 && j2 + 1 - w2 <= 5 && POSSESSIVES.contains(s.substring(w2, j2 + 1).toLowerCase(Locale.ROOT))) {
        return 2; // "my kid Lindiwe", "her husband Ostap": a relative introduced by name
      }
    }
    if (!comma && (f1 & BY) != 0 && j2 < w1 - 1) {
      int w2 = j2 >= from ? wordStart(s, from, j2) : -1;
      if (w2 >= 0 && (CUES.lookup(s, w2, j2 + 1) & CREATIVE) != 0) {
        return 2; // a work's author: "directed by Jindřich Holinka", "written by ..."
      }
    }
    if ((f1 & AND) != 0 && lastNameEnd >= 0 && lastNameEnd >= j2 - 1 && lastNameEnd <= j2 + 2) {
      return 1; // "Ana Lopez and Maria"
    }
    if ((f1 & OBJECT) != 0 && !comma) {
      int w2 = j2 >= from ? wordStart(s, from, j2) : -1;
      if (w2 >= 0 && (CUES.lookup(s, w2, j2 + 1) & CALL) != 0) {
        return 2; // "everyone calls me Aantje", "she named him Frank"
      }
    }
    if ((f1 & (IS | I)) != 0 || j1IsAm(s, w1, j + 1)) {
      int w2 = j2 >= from ? wordStart(s, from, j2) : -1;
      int f2 = w2 >= 0 ? CUES.lookup(s, w2, j2 + 1) : 0;
      if ((f1 & IS) != 0 && (f2 & NAME_WORD) != 0) {
        return 2; // "my name is", "mi nombre es"
      }
      if ((f1 & IS) != 0 && (f2 & THIS) != 0) {
        return 1; // "this is"
      }
    }
    return (f1 & WEAK) != 0 ? 1 : 0;
  }

  private static boolean j1IsAm(String s, int a, int b) {
    return b - a == 2 && Chars.regionIs(s, a, b, "am");
  }

  /** Start of the word (letters, apostrophes) ending at {@code j} inclusive, or -1. */
  private static int wordStart(String s, int from, int j) {
    int k = j;
    while (k >= from && j - k < 16) {
      char c = s.charAt(k);
      if (!(c < 128 ? Chars.asciiLetter(c) || c == '\'' : Character.isLetter(c) || c == '’')) {
        break;
      }
      k--;
    }
    if (k == j || (k >= from && j - k >= 16)) {
      return -1;
    }
    return k + 1;
  }

  /** Names in scripts without case: family name + given name from the lists. */
  private void caseless(String s, int from, int a, int b, SpanSink sink) {
    int n = b - a;
    int p = a;
    while (p < b) {
      int found = -1;
      for (int f = 1; f <= 2 && found < 0; f++) {
        if (p + f >= b || (table.lookup(s, p, p + f) & NameTable.FAMILY) == 0) {
          continue;
        }
        for (int g = 3; g >= 1 && found < 0; g--) {
          int e = p + f + g;
          if (e > b) {
            continue;
          }
          // a one-character given name only when the family + given name is the whole word
          if (g == 1 && !(p == a && e == b)) {
            continue;
          }
          if ((table.lookup(s, p + f, e) & NameTable.GIVEN) != 0) {
            found = e;
          }
        }
      }
      if (found < 0 && p == a) {
        int f = table.lookup(s, a, b);
        if (listed(f) && n >= 2 && cue(s, from, a, -1) > 0) {
          found = b;
        }
      }
      if (found > 0) {
        sink.add(Category.PERSON_NAME, p, found, SpanSink.NAME);
        p = found;
      } else {
        p++;
      }
    }
  }
}
