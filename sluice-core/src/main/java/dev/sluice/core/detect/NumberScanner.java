package dev.sluice.core.detect;

/**
 * Digit-led personal data in one left-to-right pass: lat/lng pairs, IPv4, US SSNs, payment cards
 * and phone numbers.
 *
 * <p>A candidate is a <em>cluster</em>: digit groups joined by one or two separators from {@code
 * " -./()"}, optionally led by {@code +} or {@code (}. Clusters glued to letters ({@code ord_99120},
 * {@code SKU-1001}, {@code v1.2.3}, ISO timestamps, UUIDs), after a currency sign or {@code #}, and
 * clusters that start with a date are skipped without validation. Validators run only on the
 * remaining clusters, each of bounded length, so the pass is linear.
 */
final class NumberScanner {
  /** Clusters with more digits than this are not inspected (nothing we look for is longer). */
  private static final int MAX_DIGITS = 40;

  private static final int MAX_GROUPS = 16;

  private NumberScanner() {}

  static void scan(String s, int from, int to, ScanHints hints, SpanSink sink) {
    int[] gs = null;
    int[] ge = null;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      boolean lead = (c == '+' || c == '(') && i + 1 < to && Chars.digit(s.charAt(i + 1));
      if (!Chars.digit(c) && !lead) {
        i++;
        continue;
      }
      if (i > from && glued(s, from, i)) {
        i = skipToken(s, i + 1, to);
        continue;
      }
      if (!lead) {
        int g = geo(s, from, i, to);
        if (g > 0) {
          int start = i > from && s.charAt(i - 1) == '-' ? i - 1 : i;
          sink.add(Category.PRECISE_LOCATION, start, g, SpanSink.GEO);
          i = g;
          continue;
        }
      }
      if (gs == null) {
        gs = new int[MAX_GROUPS];
        ge = new int[MAX_GROUPS];
      }
      // read the cluster
      int j = lead ? i + 1 : i;
      int k = 0;
      int digits = 0;
      boolean overflow = false;
      while (true) {
        int ds = j;
        while (j < to && Chars.digit(s.charAt(j))) {
          j++;
        }
        digits += j - ds;
        if (k < MAX_GROUPS) {
          gs[k] = ds;
          ge[k] = j;
        } else {
          overflow = true;
        }
        k++;
        int sepLen = separator(s, j, to);
        if (sepLen == 0) {
          break;
        }
        j += sepLen;
      }
      int end = j;
      if (overflow || digits > MAX_DIGITS) {
        i = skipToken(s, end, to);
        continue;
      }
      // what follows: letters glued to the last group make it an identifier (except a phone
      // extension such as x4587), a dash/dot/slash plus more token makes it a compound id
      int ext = -1;
      if (end < to) {
        char n = s.charAt(end);
        if (Chars.alnum(n) || n == '_') {
          ext = extension(s, end, to);
          if (ext < 0) {
            i = skipToken(s, end, to);
            continue;
          }
        } else if ((n == '-' || n == '.' || n == '/' || n == '_') && end + 1 < to
            && Chars.alnum(s.charAt(end + 1)) && !Chars.digit(s.charAt(end + 1))
            && shortOrMixedToken(s, end + 1, to)) {
          i = skipToken(s, end + 1, to); // 2024-000123-A, 12.5.x: an identifier or a version
          continue;
        }
      }
      int next = classify(s, from, i, lead, gs, ge, k, digits, ext, hints, sink);
      i = Math.max(next, end);
    }
  }

  /**
   * The token at {@code i} has at most 2 characters, holds a digit, or is all hex digits (the
   * next group of a hex id such as {@code 08619889-5782-ddcd-...}); "-Office", "-Fax" are none.
   */
  private static boolean shortOrMixedToken(String s, int i, int to) {
    int j = i;
    boolean digit = false;
    boolean hex = true;
    while (j < to && (Chars.alnum(s.charAt(j)) || s.charAt(j) == '_')) {
      digit |= Chars.digit(s.charAt(j));
      hex &= Chars.hex(s.charAt(j));
      j++;
    }
    return digit || hex || j - i <= 2;
  }

  /** The digit at {@code i} continues an identifier or a formatted number that began earlier. */
  private static boolean glued(String s, int from, int i) {
    char p = s.charAt(i - 1);
    if (Chars.alnum(p) || p == '_' || p == '#' || p == '$' || p == '€' || p == '£' || p == '¥') {
      return true;
    }
    if ((p == '-' || p == '.' || p == '/' || p == ',' || p == '+') && i - 2 >= from) {
      char pp = s.charAt(i - 2);
      return Chars.alnum(pp) || pp == '_';
    }
    return false;
  }

  private static int skipToken(String s, int i, int to) {
    while (i < to) {
      char c = s.charAt(i);
      if (!(Chars.alnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ',' || c == ':')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean sepChar(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\u00a0';
  }

  /** Length (1 or 2) of a separator at {@code j} that is followed by a digit, else 0. */
  private static int separator(String s, int j, int to) {
    if (j + 1 >= to || !sepChar(s.charAt(j))) {
      return 0;
    }
    char a = s.charAt(j);
    char b = s.charAt(j + 1);
    if (Chars.digit(b)) {
      return a == '(' ? 0 : 1;
    }
    if (j + 2 < to && sepChar(b) && Chars.digit(s.charAt(j + 2))) {
      boolean paren = a == ')' || b == '(';
      boolean spaced = a == ' ' || b == ' ';
      if ((paren || spaced) && a != b && b != ')') {
        return 2;
      }
    }
    return 0;
  }

  /** A phone extension glued to the last group ({@code x123}, {@code ext123}); its end or -1. */
  private static int extension(String s, int at, int to) {
    int j = at;
    if (Chars.regionIs(s, j, to, "ext")) {
      j += 3;
      if (j < to && s.charAt(j) == '.') {
        j++;
      }
    } else if (s.charAt(j) == 'x' || s.charAt(j) == 'X') {
      j++;
    } else {
      return -1;
    }
    int d = j;
    while (j < to && Chars.digit(s.charAt(j)) && j - d <= 6) {
      j++;
    }
    if (j == d || j - d > 6 || (j < to && (Chars.alnum(s.charAt(j)) || s.charAt(j) == '_'))) {
      return -1;
    }
    return j;
  }

  /** A latitude, longitude pair of decimals with 3+ decimals each starting at {@code i}; its end or -1. */
  private static int geo(String s, int from, int i, int to) {
    int aEnd = decimal(s, i, to);
    if (aEnd < 0) {
      return -1;
    }
    double lat = Double.parseDouble(s.substring(i, aEnd));
    int j = aEnd;
    int spaces = 0;
    while (j < to && s.charAt(j) == ' ' && spaces < 3) {
      j++;
      spaces++;
    }
    boolean comma = j < to && s.charAt(j) == ',';
    if (comma) {
      j++;
      while (j < to && s.charAt(j) == ' ' && spaces < 6) {
        j++;
        spaces++;
      }
    }
    if (!comma && spaces == 0) {
      return -1;
    }
    boolean negative = j < to && s.charAt(j) == '-';
    int bStart = negative ? j + 1 : j;
    int bEnd = decimal(s, bStart, to);
    if (bEnd < 0 || (bEnd < to && (Chars.alnum(s.charAt(bEnd)) || s.charAt(bEnd) == '.'))) {
      return -1;
    }
    if (i > from && s.charAt(i - 1) == '.') {
      return -1;
    }
    double lng = Double.parseDouble(s.substring(bStart, bEnd));
    if (lat > 90 || lng > 180) {
      return -1;
    }
    if (zeroFraction(s, i, aEnd) && zeroFraction(s, bStart, bEnd)) {
      return -1; // "10.000, 20.000": thousands, not coordinates
    }
    return bEnd;
  }

  /** 1-3 integer digits, a dot, 3-15 decimals; the end or -1. */
  private static int decimal(String s, int i, int to) {
    int j = i;
    while (j < to && Chars.digit(s.charAt(j)) && j - i < 4) {
      j++;
    }
    if (j == i || j - i > 3 || j >= to || s.charAt(j) != '.') {
      return -1;
    }
    int f = ++j;
    while (j < to && Chars.digit(s.charAt(j)) && j - f < 16) {
      j++;
    }
    if (j - f < 3 || j - f > 15) {
      return -1;
    }
    return j;
  }

  private static boolean zeroFraction(String s, int a, int b) {
    int dot = s.indexOf('.', a);
    for (int k = dot + 1; k < b; k++) {
      if (s.charAt(k) != '0') {
        return false;
      }
    }
    return true;
  }

  /** Decides what the cluster is and reports it; returns where scanning continues. */
  private static int classify(
      String s, int from, int start, boolean lead, int[] gs, int[] ge, int k, int digits, int ext,
      ScanHints hints, SpanSink sink) {
    int end = ge[k - 1];
    char sep0 = k > 1 ? s.charAt(ge[0]) : 0;
    boolean sameSep = true;
    for (int g = 1; g < k; g++) {
      if (ge[g - 1] + 1 != gs[g] || s.charAt(ge[g - 1]) != sep0) {
        sameSep = false;
      }
    }
    // IPv4 (a CIDR suffix may follow); before the date check, since 8.21.34.123 starts like one
    if (!lead && k >= 4 && sepIs(s, ge, 0, 3, '.') && !(k == 5 && pairs(gs, ge, k))) {
      if (k > 4 && s.charAt(ge[3]) == '.') {
        return end; // five or more dotted parts: a version string
      }
      if (IpAddresses.isIpv4(s, gs[0], ge[3])) {
        if (!versionContext(s, from, start) && IpAddresses.personal(s, gs[0], ge[3])) {
          sink.add(Category.IP_ADDRESS, gs[0], ge[3], SpanSink.IP);
        }
        return ge[3];
      }
      return end;
    }
    if (!lead && k >= 3 && date(s, gs, ge)) {
      return end;
    }
    // US SSN: AAA-GG-SSSS with dashes or spaces
    if (!lead && k == 3 && sameSep && (sep0 == '-' || sep0 == ' ')
        && ge[0] - gs[0] == 3 && ge[1] - gs[1] == 2 && ge[2] - gs[2] == 4) {
      if (Ssns.valid(s, gs[0], gs[1], gs[2])) {
        sink.add(Category.US_SSN, gs[0], end, SpanSink.SSN);
      }
      return end;
    }
    // payment card: 12-19 digits, compact or in groups of 3-6 joined by one kind of separator
    if (!lead && ext < 0 && digits >= 12) {
      int cardEnd = card(s, from, gs, ge, k, sameSep, sep0);
      if (cardEnd > 0) {
        sink.add(Category.PAYMENT_CARD, gs[0], cardEnd, SpanSink.CARD);
        return cardEnd;
      }
    }
    int phoneEnd = phone(s, start, lead, gs, ge, k, digits, hints);
    if (phoneEnd < 0 && k >= 3 && spaced(s, ge, k)) {
      // "call 0490 75 40 81 2": try shorter prefixes ending at a group boundary
      for (int e = k - 1; e >= 2 && phoneEnd < 0; e--) {
        int d = 0;
        for (int g = 0; g < e; g++) {
          d += ge[g] - gs[g];
        }
        phoneEnd = phone(s, start, lead, gs, ge, e, d, hints);
      }
    }
    if (phoneEnd > 0) {
      int spanEnd = phoneEnd == end && ext > 0 ? ext : phoneEnd;
      sink.add(Category.PHONE, start, spanEnd, SpanSink.PHONE);
      return spanEnd;
    }
    return end;
  }

  /** All groups of two digits: 01.84.17.61.18 is a French phone number, not a version. */
  private static boolean pairs(int[] gs, int[] ge, int k) {
    for (int g = 0; g < k; g++) {
      if (ge[g] - gs[g] != 2) {
        return false;
      }
    }
    return true;
  }

  private static boolean spaced(String s, int[] ge, int k) {
    for (int g = 0; g < k - 1; g++) {
      if (s.charAt(ge[g]) == ' ' || s.charAt(ge[g] + 1) == ' ') {
        return true;
      }
    }
    return false;
  }

  private static boolean sepIs(String s, int[] ge, int from, int to, char sep) {
    for (int g = from; g < to; g++) {
      if (s.charAt(ge[g]) != sep) {
        return false;
      }
    }
    return true;
  }

  private static int num(String s, int a, int b) {
    int v = 0;
    for (int i = a; i < b; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** YYYY-MM-DD or D/M/YYYY-like start (one separator kind among - / .). */
  private static boolean date(String s, int[] gs, int[] ge) {
    char a = s.charAt(ge[0]);
    if (ge[0] + 1 != gs[1] || ge[1] + 1 != gs[2] || s.charAt(ge[1]) != a) {
      return false;
    }
    if (a != '-' && a != '/' && a != '.') {
      return false;
    }
    int l0 = ge[0] - gs[0];
    int l1 = ge[1] - gs[1];
    int l2 = ge[2] - gs[2];
    int v0 = num(s, gs[0], ge[0]);
    int v1 = num(s, gs[1], ge[1]);
    int v2 = num(s, gs[2], ge[2]);
    if (l0 == 4 && l1 <= 2 && l2 <= 2) {
      return v1 >= 1 && v1 <= 12 && v2 >= 1 && v2 <= 31;
    }
    if (l0 <= 2 && l1 <= 2 && (l2 == 4 || l2 == 2)) {
      return v0 >= 1 && v1 >= 1 && ((v0 <= 12 && v1 <= 31) || (v0 <= 31 && v1 <= 12));
    }
    return false;
  }

  /** IPv4 quads right after "version", "build", "v" ... are versions. */
  private static boolean versionContext(String s, int from, int start) {
    int j = start - 1;
    while (j >= from && (s.charAt(j) == ' ' || s.charAt(j) == ':' || s.charAt(j) == '=')) {
      j--;
    }
    int e = j + 1;
    while (j >= from && Chars.asciiLetter(s.charAt(j)) && e - j <= 10) {
      j--;
    }
    String w = s.substring(j + 1, e).toLowerCase(java.util.Locale.ROOT);
    return switch (w) {
      case "v", "ver", "version", "build", "release", "rev", "revision", "firmware", "fw", "os",
          "sdk", "app", "library", "lib" -> true;
      default -> false;
    };
  }

  private static int card(String s, int from, int[] gs, int[] ge, int k, boolean sameSep, char sep) {
    if (k > 1 && (!sameSep || (sep != ' ' && sep != '-'))) {
      return -1;
    }
    if (k > 1) {
      if (ge[0] - gs[0] < 4) {
        return -1;
      }
      for (int g = 0; g < k; g++) {
        int len = ge[g] - gs[g];
        if (len < 3 || len > 6) {
          return -1;
        }
      }
    }
    // the longest prefix of whole groups that is a card
    StringBuilder d = new StringBuilder(19);
    int[] ends = new int[k];
    int[] counts = new int[k];
    for (int g = 0; g < k; g++) {
      d.append(s, gs[g], ge[g]);
      ends[g] = ge[g];
      counts[g] = d.length();
    }
    for (int g = k - 1; g >= 0; g--) {
      int n = counts[g];
      if (n > 19) {
        continue;
      }
      if (n < 12) {
        break;
      }
      if (g < k - 1 && k > 1 && g == 0) {
        break; // a single group out of several is not a grouped card
      }
      boolean cue = n == 12 && cardCue(s, from, gs[0]);
      if (Cards.brandOk(d, n, cue) && Cards.luhn(d, n)) {
        return ends[g];
      }
    }
    return -1;
  }

  private static boolean cardCue(String s, int from, int at) {
    int a = Math.max(from, at - 40);
    for (int i = a; i + 4 <= at; i++) {
      if (Chars.regionIs(s, i, at, "card") || Chars.regionIs(s, i, at, "karte")
          || Chars.regionIs(s, i, at, "carte") || Chars.regionIs(s, i, at, "tarjeta")) {
        return true;
      }
    }
    return false;
  }

  /** A phone number over groups {@code [0, k)}; its end or -1. */
  private static int phone(
      String s, int start, boolean lead, int[] gs, int[] ge, int k, int digits, ScanHints hints) {
    if (digits < 7 || digits > 15) {
      return -1;
    }
    boolean plus = lead && s.charAt(start) == '+';
    boolean paren = lead && s.charAt(start) == '(';
    String region = hints.region();
    boolean cue = !plus && phoneCue(s, start, ge[k - 1]);
    if (!plus && region == null && !cue) {
      return -1;
    }
    boolean allDots = k > 1;
    boolean slash = false;
    for (int g = 1; g < k; g++) {
      char sep = s.charAt(ge[g - 1]);
      if (sep != '.') {
        allDots = false;
      }
      if (sep == '/' || s.charAt(gs[g] - 1) == '/') {
        slash = true;
      }
    }
    if (allDots) {
      if (k == 2) {
        return -1; // a decimal number
      }
      for (int g = 0; g < k; g++) {
        if (ge[g] - gs[g] < 2) {
          return -1; // 10.0.19045: a version
        }
      }
    }
    char first = s.charAt(gs[0]);
    if (slash && !(k == 2 && first == '0')) {
      return -1;
    }
    if (k == 1 && !plus) {
      // a bare digit run: a national number with its trunk 0, or a 10-digit NANP number
      boolean trunk = first == '0' && digits >= 9 && digits <= 12;
      boolean nanp = (cue || Phones.nanp(region)) && (digits == 10 || (digits == 11 && first == '1'));
      if (!trunk && !nanp) {
        return -1;
      }
    }
    if (k == 2 && !plus && !paren && first != '0') {
      if (ge[0] - gs[0] > 4 || ge[1] - gs[1] > 4) {
        return -1; // 2024-000123: an id
      }
    }
    int end = ge[k - 1];
    String candidate = s.substring(start, end);
    if (plus && Phones.valid(candidate, null)) {
      return end;
    }
    if (region != null && Phones.valid(candidate, region)) {
      return end; // a national number (or, for "+41 (0)69 ...", a trunk 0 the region reading drops)
    }
    return cue && Phones.validSomewhere(candidate) ? end : -1;
  }

  private static final String[] CUES_BEFORE = {
    "phone", "tel", "mobile", "mob", "cell", "fax", "call", "text me", "sms", "whatsapp", "desk",
    "contact", "reach", "dial", "messages to", "answering at", "number", "handy",
    "telefon", "téléphone", "telefone", "portable", "móvil", "movil", "celular", "numéro", "numero"
  };

  private static final String[] CUES_AFTER = {"office", "fax", "mobile", "home", "work", "cell", "desk"};

  /**
   * A phone word shortly before the number on the same line ("Phone: ", "call me at ") or right
   * after it ("... office"): then a number valid in a common region counts even without a region
   * hint.
   */
  private static boolean phoneCue(String s, int start, int end) {
    int a = start;
    int limit = Math.max(0, start - 32);
    int lines = 0;
    while (a > limit && (s.charAt(a - 1) != '\n' || lines++ == 0)) {
      a--; // this line and the end of the previous one ("Phone:\n0490 75 40 81")
    }
    for (int i = a; i < start; i++) {
      char c = s.charAt(i);
      if ((c < 128 && !Chars.asciiLetter(c)) || (i > a && Character.isLetter(s.charAt(i - 1)))) {
        continue; // cues start words: not "hotel", "recall"
      }
      for (String cue : CUES_BEFORE) {
        if (Chars.regionIs(s, i, start, cue)) {
          return true;
        }
      }
    }
    int b = end;
    while (b < s.length() && b - end < 3 && (s.charAt(b) == ' ' || s.charAt(b) == '-' || s.charAt(b) == '(')) {
      b++;
    }
    for (String cue : CUES_AFTER) {
      if (Chars.regionIs(s, b, Math.min(s.length(), b + 8), cue)) {
        return true;
      }
    }
    return false;
  }
}
