package dev.sluice.core.detect;

/**
 * E-mail addresses: RFC 5321 shape with TLD sanity (a TLD of two or more letters, labels of at
 * most 63 characters, at most 64 bytes of local part, at most 254 characters in all).
 *
 * <p>The trigger is an {@code @} (or its percent-encoding {@code %40}); the local part is read
 * backwards and the domain forwards, each a bounded number of characters, so a scan is linear.
 */
final class Emails {
  static final int MAX_LOCAL_BYTES = 64;
  static final int MAX_TOTAL = 254;

  private Emails() {}

  /** Whole-string check (the semantics of validator.js {@code isEmail} with default options). */
  static boolean isValid(String s) {
    if (s == null || s.length() > MAX_TOTAL) {
      return false;
    }
    int at = s.lastIndexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return false;
    }
    if (utf8Length(s, 0, at) > MAX_LOCAL_BYTES) {
      return false;
    }
    return validLocal(s, 0, at) && validDomain(s, at + 1, s.length());
  }

  private static boolean validLocal(String s, int a, int b) {
    if (s.charAt(a) == '"') {
      if (b - a < 2 || s.charAt(b - 1) != '"') {
        return false;
      }
      for (int i = a + 1; i < b - 1; i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          if (i + 1 >= b - 1) {
            return false;
          }
          char n = s.charAt(++i);
          if (!(n >= 0x01 && n <= 0x7f && n != '\n') && !utf8Extra(n)) {
            return false;
          }
        } else if (!quotedChar(c)) {
          return false;
        }
      }
      return true;
    }
    int partStart = a;
    for (int i = a; i <= b; i++) {
      if (i == b || s.charAt(i) == '.') {
        if (i == partStart) {
          return false; // empty part: leading, trailing or double dot
        }
        partStart = i + 1;
      } else if (!atext(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean quotedChar(char c) {
    return c == ' ' || c == '\t' || (c >= 0x01 && c <= 0x08) || c == 0x0b || c == 0x0c
        || (c >= 0x0e && c <= 0x1f) || c == 0x7f || c == 0x21 || (c >= 0x23 && c <= 0x5b)
        || (c >= 0x5d && c <= 0x7e) || utf8Extra(c);
  }

  /** Non-ASCII characters validator.js admits in local parts and TLDs. */
  private static boolean utf8Extra(char c) {
    return (c >= '\u00a1' && c <= '\ud7ff') || (c >= '\uf900' && c <= '\ufdcf')
        || (c >= '\ufdf0' && c <= '\uffef');
  }

  private static boolean atext(char c) {
    if (c < 128) {
      return Chars.asciiAlnum(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
    return utf8Extra(c);
  }

  /** Domain {@code s[a, b)}: labels of 1-63 characters, no edge hyphen, a TLD of 2+ letters. */
  static boolean validDomain(CharSequence s, int a, int b) {
    if (b - a > MAX_TOTAL || b <= a) {
      return false;
    }
    int labels = 0;
    int labelStart = a;
    for (int i = a; i <= b; i++) {
      if (i < b && s.charAt(i) != '.') {
        if (!labelChar(s.charAt(i))) {
          return false;
        }
        continue;
      }
      int len = i - labelStart;
      if (len == 0 || len > 63) {
        return false;
      }
      if (s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
        return false;
      }
      labels++;
      if (i == b && !validTld(s, labelStart, i)) {
        return false;
      }
      labelStart = i + 1;
    }
    return labels >= 2;
  }

  static boolean labelChar(char c) {
    if (c < 128) {
      return Chars.asciiAlnum(c) || c == '-';
    }
    return c >= '\u00a1' && !(c >= '\uff01' && c <= '\uff5e') && Character.isLetterOrDigit(c);
  }

  private static boolean validTld(CharSequence s, int a, int b) {
    if (b - a < 2) {
      return false;
    }
    if (b - a >= 4 && Chars.regionIs(s, a, b, "xn--")) {
      return true;
    }
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c < 128 ? !Chars.asciiLetter(c) : !(utf8Extra(c) && Character.isLetter(c) && c != '\u00a9')) {
        return false;
      }
    }
    return true;
  }

  private static int utf8Length(CharSequence s, int a, int b) {
    int n = 0;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  /** Local-part characters accepted in free text (a conservative subset of RFC 5322 atext). */
  private static boolean freeLocalChar(char c) {
    return c < 128
        ? Chars.asciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
        : Character.isLetterOrDigit(c);
  }

  /** Finds addresses in {@code s[from, to)}. */
  static void scan(String s, int from, int to, SpanSink sink) {
    int lastEnd = from;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int domainStart;
      if (c == '@') {
        domainStart = i + 1;
      } else if (c == '%' && i + 2 < to && s.charAt(i + 1) == '4' && s.charAt(i + 2) == '0') {
        domainStart = i + 3;
      } else {
        i++;
        continue;
      }
      int end = match(s, lastEnd, i, domainStart, to, sink);
      if (end > 0) {
        lastEnd = end;
        i = end;
      } else {
        i = domainStart;
      }
    }
  }

  private static int match(String s, int floor, int trigger, int domainStart, int to, SpanSink sink) {
    // local part, backwards from the trigger, at most 64 characters
    int ls;
    if (trigger - 1 >= floor && s.charAt(trigger - 1) == '"') {
      int k = trigger - 2;
      int limit = Math.max(floor, trigger - 2 - MAX_LOCAL_BYTES);
      while (k >= limit && s.charAt(k) != '"' && s.charAt(k) != '\n') {
        k--;
      }
      if (k < limit || s.charAt(k) != '"' || k == trigger - 2) {
        return -1;
      }
      ls = k;
    } else {
      int k = trigger;
      int count = 0;
      while (k > floor && freeLocalChar(s.charAt(k - 1))) {
        k--;
        if (++count > MAX_LOCAL_BYTES) {
          return -1; // a run too long to be a local part
        }
      }
      while (k < trigger && s.charAt(k) == '.') {
        k++;
      }
      if (k == trigger || s.charAt(trigger - 1) == '.') {
        return -1;
      }
      for (int j = k + 1; j < trigger; j++) {
        if (s.charAt(j) == '.' && s.charAt(j - 1) == '.') {
          return -1;
        }
      }
      ls = k;
      if (utf8Length(s, ls, trigger) > MAX_LOCAL_BYTES) {
        return -1;
      }
    }
    // domain, forwards: labels joined by single dots; a trailing dot is sentence punctuation
    int j = domainStart;
    int limit = Math.min(to, domainStart + MAX_TOTAL + 1);
    int lastLabelEnd = -1;
    while (j < limit) {
      int labelStart = j;
      while (j < limit && labelChar(s.charAt(j))) {
        j++;
      }
      if (j == labelStart) {
        break;
      }
      lastLabelEnd = j;
      if (j + 1 < limit && s.charAt(j) == '.' && labelChar(s.charAt(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    if (lastLabelEnd < 0 || lastLabelEnd - ls > MAX_TOTAL) {
      return -1;
    }
    int de = lastLabelEnd;
    if (!validDomain(s, domainStart, de)) {
      return -1;
    }
    sink.add(Category.EMAIL, ls, de, SpanSink.EMAIL);
    return de;
  }
}
