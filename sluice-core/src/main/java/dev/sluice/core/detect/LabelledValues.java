package dev.sluice.core.detect;

/**
 * {@code key: value} and {@code key=value} pairs inside free text (log lines, serialised JSON,
 * headers): when {@link FieldNames} classifies the key, the value that follows gets that category.
 * Categories with their own value detectors (email, phone, card, ...) are left to those. Secrets
 * need a password-like key with any non-placeholder value of 4+ characters, or a random-looking
 * value (entropy check) under any other secret-like key.
 */
final class LabelledValues {
  private static final int MAX_KEY = 64;
  private static final int MAX_VALUE = 4096;

  private LabelledValues() {}

  private static boolean keyChar(char c) {
    return Chars.alnum(c) || c == '_' || c == '-' || c == '.' || c == '$';
  }

  static void scan(String s, int from, int to, SpanSink sink) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != ':' && c != '=') {
        continue;
      }
      if (c == ':' && i + 2 < to && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
        continue; // a URL scheme
      }
      int ke = i;
      if (ke > from && s.charAt(ke - 1) == ' ') {
        ke--;
      }
      if (ke > from && (s.charAt(ke - 1) == '"' || s.charAt(ke - 1) == '\'')) {
        ke--;
      }
      int ks = ke;
      while (ks > from && keyChar(s.charAt(ks - 1)) && ke - ks <= MAX_KEY) {
        ks--;
      }
      char k0 = ks < ke ? s.charAt(ks) : 0;
      if (ks == ke || ke - ks > MAX_KEY || !(Character.isLetter(k0) || k0 == '$' || k0 == '_')) {
        continue; // keys start with a letter: not "10:30", not "://"
      }
      String key = s.substring(ks, ke);
      Category cat = FieldNames.classify(key);
      if (cat == null) {
        continue;
      }
      switch (cat) {
        case EMAIL, PHONE, IP_ADDRESS, MAC_ADDRESS, PAYMENT_CARD, IBAN, US_SSN, JWT -> {
          continue;
        }
        default -> {}
      }
      int v = i + 1;
      int spaces = 0;
      while (v < to && s.charAt(v) == ' ' && spaces < 3) {
        v++;
        spaces++;
      }
      if (v >= to) {
        continue;
      }
      char q = s.charAt(v);
      int vs;
      int ve;
      if (q == '"' || q == '\'') {
        vs = v + 1;
        ve = vs;
        while (ve < to && s.charAt(ve) != q && s.charAt(ve) != '\n' && ve - vs < MAX_VALUE) {
          ve++;
        }
        if (ve >= to || s.charAt(ve) != q) {
          continue;
        }
      } else {
        vs = v;
        ve = valueEnd(s, vs, to, cat);
      }
      if (ve <= vs) {
        continue;
      }
      if (cat == Category.SECRET) {
        // "Authorization: Bearer abc...": the credential is the word after the scheme
        int sp = vs;
        while (sp < ve && Chars.asciiLetter(s.charAt(sp))) {
          sp++;
        }
        if (sp < ve && s.charAt(sp) == ' ' && isScheme(s, vs, sp)) {
          vs = sp + 1;
          int e = vs;
          while (e < ve && !Chars.whitespace(s.charAt(e))) {
            e++;
          }
          ve = e;
        } else if (q != '"' && q != '\'') {
          int e = vs; // an unquoted secret is one token
          while (e < ve && !Chars.whitespace(s.charAt(e))) {
            e++;
          }
          ve = e;
        }
        boolean ok = FieldNames.passwordLike(key)
            ? !Secrets.placeholder(s, vs, ve)
            : Secrets.looksRandom(s, vs, ve, 12);
        if (ok && Secrets.jwt(s, vs, to) != ve) {
          sink.add(Category.SECRET, vs, ve, SpanSink.PHONE - 10);
        }
        i = ve - 1;
        continue;
      }
      if (accept(s, vs, ve, cat)) {
        // A labelled address ends at its first comma; at the address detector's own priority the
        // longer span wins, so a whole address it found there is kept whole.
        sink.add(cat, vs, ve, cat == Category.STREET_ADDRESS ? SpanSink.ADDRESS : SpanSink.PHONE - 10);
        i = ve - 1;
      }
    }
  }

  private static boolean isScheme(String s, int a, int b) {
    return (b - a == 6 && Chars.regionIs(s, a, b, "bearer"))
        || (b - a == 5 && Chars.regionIs(s, a, b, "basic"))
        || (b - a == 5 && Chars.regionIs(s, a, b, "token"))
        || (b - a == 6 && Chars.regionIs(s, a, b, "digest"));
  }

  /** Where an unquoted value ends: one token, or for names/addresses/agents a phrase. */
  private static int valueEnd(String s, int vs, int to, Category cat) {
    int limit = Math.min(to, vs + MAX_VALUE);
    int e = vs;
    switch (cat) {
      case USER_AGENT -> {
        while (e < limit && s.charAt(e) != '\n' && s.charAt(e) != '\r' && s.charAt(e) != '"') {
          e++;
        }
      }
      case PERSON_NAME, STREET_ADDRESS -> {
        limit = Math.min(limit, vs + 200);
        while (e < limit && ",;&|\"'<>\n\r\t".indexOf(s.charAt(e)) < 0) {
          e++;
        }
      }
      default -> {
        while (e < limit && !Chars.whitespace(s.charAt(e)) && ",;&\"'<>)]}".indexOf(s.charAt(e)) < 0) {
          e++;
        }
      }
    }
    while (e > vs && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '.')) {
      e--;
    }
    return e;
  }

  private static boolean accept(String s, int vs, int ve, Category cat) {
    int n = ve - vs;
    boolean digit = false;
    boolean letter = false;
    for (int k = vs; k < ve; k++) {
      char c = s.charAt(k);
      digit |= Chars.digit(c);
      letter |= Character.isLetter(c);
    }
    return switch (cat) {
      case DATE_OF_BIRTH -> digit;
      case PRECISE_LOCATION -> digit && !letter && s.substring(vs, ve).indexOf('.') >= 0;
      case PERSON_NAME -> letter && Character.isLetter(s.charAt(vs));
      case STREET_ADDRESS -> digit && n >= 3; // "address: Sophie Lang" is not an address
      case USER_AGENT -> n >= 10;
      case ONLINE_ID, DEVICE_ID -> n >= 3 && !Secrets.placeholder(s, vs, ve) || (n >= 3 && digit);
      default -> false;
    };
  }
}
