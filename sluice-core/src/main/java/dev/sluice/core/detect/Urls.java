package dev.sluice.core.detect;

import dev.sluice.core.net.IpLiteral;
import java.util.Locale;
import java.util.Set;

/**
 * URLs: recognising them, splitting them and percent-decoding their parts with an offset map, so
 * that spans found in a decoded part point into the original, encoded string.
 *
 * <p>Each part is checked on its own: the userinfo password (a secret unless it is a placeholder
 * or the host is loopback), an IP literal host, every path segment, every query parameter and the
 * fragment (parsed as parameters when it holds {@code =}, as a path when it starts with {@code /}).
 * A query parameter whose name {@link FieldNames} classifies gets that category over its whole
 * value; other values go through all value detectors, and a value that is itself a URL is split
 * again (to a bounded depth).
 */
final class Urls {
  static final int MAX_DEPTH = 3;

  private static final Set<String> RESET_SEGMENTS =
      Set.of("reset", "reset-password", "password-reset", "resetpassword", "reset_password",
          "passwordreset", "forgot", "forgot-password", "magic", "magic-link", "magiclink",
          "magic_link", "login", "signin", "sign-in", "verify", "verification", "verify-email",
          "confirm", "confirmation", "confirm-email", "activate", "activation", "invite",
          "invitation", "invitations", "accept-invite", "unsubscribe", "token", "tokens", "auth",
          "otp", "set-password", "setpassword", "recover", "recovery", "email-verification",
          "passwordless", "sso", "onetime", "one-time", "access");

  private static final String[] OAUTH_PARAM_LIST = {
    "redirect_uri", "session_state", "client_id", "scope", "response_type", "id_token", "access_token",
    "oauth_token", "oauth_verifier", "code_challenge", "nonce", "authuser", "prompt"
  };

  private static final Set<String> OAUTH_PARAMS = Set.of(OAUTH_PARAM_LIST);

  private final TextScanner engine;

  Urls(TextScanner engine) {
    this.engine = engine;
  }

  // ---------------------------------------------------------------- recognising

  private static boolean schemeChar(char c) {
    return Chars.asciiAlnum(c) || c == '+' || c == '.' || c == '-';
  }

  /** Index after {@code scheme://} when {@code s[a, b)} starts with one, else -1. */
  static int schemeEnd(String s, int a, int b) {
    if (a >= b || !Chars.asciiLetter(s.charAt(a))) {
      return -1;
    }
    int i = a + 1;
    boolean inner = false; // jdbc:mysql://
    while (i < b && i - a <= 32) {
      char c = s.charAt(i);
      if (c == ':') {
        if (i + 2 < b && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
          return i + 3;
        }
        if (inner || i + 1 >= b || !Chars.asciiLetter(s.charAt(i + 1))) {
          return -1;
        }
        inner = true;
      } else if (!schemeChar(c)) {
        return -1;
      }
      i++;
    }
    return -1;
  }

  /**
   * Whether the whole value (already trimmed to {@code [a, b)}) is a URL or a URL part: an
   * absolute URL, a protocol-relative one, {@code www.}..., a path ({@code /...}), a query
   * ({@code ?...}) or a fragment with parameters ({@code #...=...}), in each case without
   * whitespace.
   */
  static boolean isUrlValue(String s, int a, int b) {
    if (b - a < 2) {
      return false;
    }
    char c = s.charAt(a);
    boolean shape = c == '/' || c == '?' || (c == '#' && b - a > 2)
        || schemeEnd(s, a, b) > 0 || Chars.regionIs(s, a, b, "www.");
    if (!shape) {
      return false;
    }
    for (int i = a; i < b; i++) {
      if (Chars.whitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Start of a URL whose {@code ://} is at {@code css}, or -1. */
  static int embeddedStart(String s, int from, int css) {
    int i = css;
    while (i > from && css - i < 32 && (schemeChar(s.charAt(i - 1)) || s.charAt(i - 1) == ':')) {
      i--;
    }
    while (i < css && !Chars.asciiLetter(s.charAt(i))) {
      i++;
    }
    if (i == css) {
      return -1;
    }
    return schemeEnd(s, i, css + 3) == css + 3 ? i : -1;
  }

  /** End of a URL starting at {@code start} inside free text. */
  static int embeddedEnd(String s, int start, int to) {
    int e = start;
    while (e < to) {
      char c = s.charAt(e);
      if (Chars.whitespace(c) || c == '"' || c == '<' || c == '>' || c == '`' || c == '\\'
          || c == '|' || c == '^') {
        break;
      }
      e++;
    }
    while (e > start + 1) {
      char c = s.charAt(e - 1);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\''
          || c == ']' || c == '}' || (c == ')' && Chars.indexOf(s, '(', start, e - 1) < 0)) {
        e--;
      } else {
        break;
      }
    }
    return e;
  }

  /** Where the authority of a URL value starts (after {@code scheme://}, {@code //}), or -1. */
  static int authorityStart(String s, int a, int b) {
    int se = schemeEnd(s, a, b);
    if (se > 0) {
      return se;
    }
    if (Chars.startsWith(s, a, b, "//")) {
      return a + 2;
    }
    return Chars.regionIs(s, a, b, "www.") ? a : -1;
  }

  // ---------------------------------------------------------------- decoding

  /** A percent-decoded copy and, for each of its chars, the offset it came from. */
  record Decoded(String text, int[] map) {}

  static boolean needsDecoding(String s, int a, int b, boolean plusAsSpace) {
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      if (c == '%' || (plusAsSpace && c == '+')) {
        return true;
      }
    }
    return false;
  }

  static Decoded decode(String s, int a, int b, boolean plusAsSpace) {
    StringBuilder out = new StringBuilder(b - a);
    int[] map = new int[b - a + 1]; // a decoded string is never longer than its source
    int n = 0;
    int i = a;
    while (i < b) {
      char c = s.charAt(i);
      int lead = c == '%' ? hexByte(s, i, b) : -1;
      if (lead >= 0) {
        int len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
        int cp = len == 1 ? lead : len == 2 ? lead & 0x1f : len == 3 ? lead & 0x0f : lead & 0x07;
        boolean ok = len > 0;
        for (int k = 1; k < len && ok; k++) {
          int at = i + 3 * k;
          int v = at < b && s.charAt(at) == '%' ? hexByte(s, at, b) : -1;
          if (v < 0 || (v & 0xc0) != 0x80) {
            ok = false;
          } else {
            cp = (cp << 6) | (v & 0x3f);
          }
        }
        if (ok && Character.isValidCodePoint(cp)) {
          out.appendCodePoint(cp);
          map[n++] = i;
          if (cp >= 0x10000) {
            map[n++] = i;
          }
          i += 3 * len;
          continue;
        }
      }
      out.append(plusAsSpace && c == '+' && !literalPlus(s, a, i, b) ? ' ' : c);
      map[n++] = i;
      i++;
    }
    map[n] = b;
    return new Decoded(out.toString(), map);
  }

  /**
   * A raw {@code +} in a form-encoded part that starts a number ({@code ?to=+4915112345678}, not
   * {@code ?q=size+42}): hand-built links often leave a phone number's plus unencoded.
   */
  private static boolean literalPlus(String s, int a, int i, int b) {
    return i + 1 < b && Chars.digit(s.charAt(i + 1)) && (i == a || !Chars.alnum(s.charAt(i - 1)));
  }

  private static int hexByte(String s, int i, int b) {
    if (i + 2 >= b) {
      return -1;
    }
    int h = IpLiteral.hexDigit(s.charAt(i + 1));
    int l = IpLiteral.hexDigit(s.charAt(i + 2));
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  // ---------------------------------------------------------------- scanning

  /** Splits the URL (or URL part) {@code s[a, b)} and checks each part. */
  void scan(String s, int a, int b, ScanHints hints, SpanSink sink, int depth) {
    int p = a;
    String host = null;
    int as = authorityStart(s, a, b);
    if (as >= 0) {
      int ae = as;
      while (ae < b && s.charAt(ae) != '/' && s.charAt(ae) != '?' && s.charAt(ae) != '#') {
        ae++;
      }
      host = authority(s, as, ae, hints, sink, depth);
      p = ae;
    }
    int fs = Chars.indexOf(s, '#', p, b);
    int qEnd = fs >= 0 ? fs : b;
    int qs = Chars.indexOf(s, '?', p, qEnd);
    int pathEnd = qs >= 0 ? qs : qEnd;
    boolean oauth = oauthCallback(s, p, pathEnd, qs, qEnd, fs, b);
    path(s, p, pathEnd, host, hints, sink, depth);
    if (qs >= 0) {
      params(s, qs + 1, qEnd, oauth, hints, sink, depth);
    }
    if (fs >= 0 && fs + 1 < b) {
      int f = fs + 1;
      if (s.charAt(f) == '!' && f + 1 < b && s.charAt(f + 1) == '/') {
        f++;
      }
      if (s.charAt(f) == '/') {
        if (depth < MAX_DEPTH) {
          scan(s, f, b, hints, sink, depth + 1); // a client-side route: #/reset/<token>?email=
        }
      } else if (Chars.indexOf(s, '=', f, b) >= 0) {
        params(s, f, b, oauth, hints, sink, depth); // implicit flow: #access_token=...&state=...
      } else {
        component(s, f, b, false, hints, sink, depth);
      }
    }
  }

  /** Userinfo and host; returns the lower-case host. */
  private String authority(String s, int a, int b, ScanHints hints, SpanSink sink, int depth) {
    int at = -1;
    for (int i = b - 1; i >= a; i--) {
      if (s.charAt(i) == '@') {
        at = i;
        break;
      }
    }
    int hs = at >= 0 ? at + 1 : a;
    int he = b;
    String host;
    if (hs < b && s.charAt(hs) == '[') {
      int close = Chars.indexOf(s, ']', hs, b);
      if (close > hs) {
        if (IpAddresses.isIpv6(s, hs + 1, close) && IpAddresses.personal(s, hs + 1, close)) {
          sink.add(Category.IP_ADDRESS, hs + 1, close, SpanSink.IP);
        }
        host = s.substring(hs + 1, close).toLowerCase(Locale.ROOT);
      } else {
        host = "";
      }
    } else {
      for (int k = b - 1; k > hs; k--) {
        if (s.charAt(k) == ':') {
          he = k;
          break;
        }
      }
      host = s.substring(hs, he).toLowerCase(Locale.ROOT);
      if (IpAddresses.isIpv4(s, hs, he) && IpAddresses.personal(s, hs, he)) {
        sink.add(Category.IP_ADDRESS, hs, he, SpanSink.IP);
      }
    }
    if (at >= 0) {
      int colon = Chars.indexOf(s, ':', a, at);
      int ue = colon >= 0 ? colon : at;
      if (ue > a) {
        component(s, a, ue, false, hints, sink, depth); // a user name can be an e-mail address
      }
      if (colon >= 0 && colon + 1 < at) {
        int ps = colon + 1;
        boolean sameAsUser = at - ps == ue - a && s.regionMatches(a, s, ps, ue - a);
        if (!sameAsUser && !Secrets.placeholder(s, ps, at) && !loopback(host)) {
          sink.add(Category.SECRET, ps, at, SpanSink.BY_NAME);
        }
      }
    }
    return host;
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
        || host.equals("0.0.0.0") || host.endsWith(".localhost");
  }

  private void path(String s, int a, int b, String host, ScanHints hints, SpanSink sink, int depth) {
    int prevStart = -1;
    int prevEnd = -1;
    int i = a;
    int webhookFrom = webhookSecretStart(s, a, b, host);
    if (webhookFrom >= 0 && webhookFrom < b) {
      sink.add(Category.SECRET, webhookFrom, b, SpanSink.BY_NAME);
    }
    while (i <= b) {
      int e = i;
      while (e < b && s.charAt(e) != '/') {
        e++;
      }
      if (e > i) {
        int semi = Chars.indexOf(s, ';', i, e);
        int segEnd = semi >= 0 ? semi : e;
        if (segEnd > i) {
          if (prevStart >= 0 && resetSegment(s, prevStart, prevEnd)
              && Secrets.looksRandom(s, i, segEnd, 16)) {
            // a token after /reset/, /invite/...: unless a value detector knows better
            // (/unsubscribe/jane@example.com is an e-mail address), it is a secret
            int[] found = {0};
            component(s, i, segEnd, false, hints, (c, st, en, pr) -> {
              found[0]++;
              sink.add(c, st, en, pr);
            }, depth);
            if (found[0] == 0) {
              sink.add(Category.SECRET, i, segEnd, SpanSink.BY_NAME);
            }
          } else {
            component(s, i, segEnd, false, hints, sink, depth);
          }
        }
        if (segEnd < e) {
          params(s, segEnd + 1, e, false, hints, sink, depth); // ;jsessionid=...
        }
        prevStart = i;
        prevEnd = segEnd;
      }
      i = e + 1;
    }
  }

  /** Slack and Discord webhook URLs carry their secret in the path. */
  private static int webhookSecretStart(String s, int a, int b, String host) {
    if (host == null) {
      return -1;
    }
    if (host.equals("hooks.slack.com") && Chars.startsWith(s, a, b, "/services/")) {
      return a + 10;
    }
    if ((host.equals("discord.com") || host.equals("discordapp.com"))
        && Chars.startsWith(s, a, b, "/api/webhooks/")) {
      return a + 14;
    }
    return -1;
  }

  private static boolean resetSegment(String s, int a, int b) {
    if (b - a > 24) {
      return false;
    }
    return RESET_SEGMENTS.contains(s.substring(a, b).toLowerCase(Locale.ROOT));
  }

  /** Whether the URL looks like an OAuth/OIDC callback (then {@code code} and {@code state} are secrets). */
  private static boolean oauthCallback(String s, int ps, int pe, int qs, int qe, int fs, int b) {
    for (int i = ps; i < pe; i++) {
      char c = s.charAt(i);
      if ((c == 'c' || c == 'C') && Chars.regionIs(s, i, pe, "callback")) {
        return true;
      }
      if ((c == 'o' || c == 'O') && Chars.regionIs(s, i, pe, "oauth")) {
        return true;
      }
      if ((c == 'a' || c == 'A') && Chars.regionIs(s, i, pe, "auth")) {
        return true;
      }
      if ((c == 's' || c == 'S') && (Chars.regionIs(s, i, pe, "signin") || Chars.regionIs(s, i, pe, "sso"))) {
        return true;
      }
    }
    boolean code = false;
    boolean state = false;
    // the query, then the fragment; no arrays or substrings, since this runs on every URL
    for (int r = 0; r < 2; r++) {
      int i = r == 0 ? (qs >= 0 ? qs + 1 : -1) : (fs >= 0 ? fs + 1 : -1);
      int end = r == 0 ? qe : b;
      if (i < 0) {
        continue;
      }
      while (i < end) {
        int e = i;
        while (e < end && s.charAt(e) != '&' && s.charAt(e) != '=') {
          e++;
        }
        int n = e - i;
        if (n == 4 && Chars.regionIs(s, i, e, "code")) {
          code = true;
        } else if (n == 5 && Chars.regionIs(s, i, e, "state")) {
          state = true;
        } else if (n <= 16 && oauthParam(s, i, e)) {
          return true;
        }
        while (e < end && s.charAt(e) != '&') {
          e++;
        }
        i = e + 1;
      }
    }
    return code && state;
  }

  /** Whether the name {@code s[i, e)} is one of {@link #OAUTH_PARAMS}, ignoring case. */
  private static boolean oauthParam(String s, int i, int e) {
    for (int k = i; k < e; k++) {
      if (s.charAt(k) >= 128) { // Unicode case folding can map such a name onto an ASCII one
        return OAUTH_PARAMS.contains(s.substring(i, e).toLowerCase(Locale.ROOT));
      }
    }
    for (String p : OAUTH_PARAM_LIST) {
      if (p.length() == e - i && Chars.regionIs(s, i, e, p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code name=value} pairs joined by {@code &} (or {@code ;}). */
  private void params(String s, int a, int b, boolean oauth, ScanHints hints, SpanSink sink, int depth) {
    int i = a;
    while (i < b) {
      int e = i;
      int eq = -1;
      while (e < b && s.charAt(e) != '&' && s.charAt(e) != ';') {
        if (eq < 0 && s.charAt(e) == '=') {
          eq = e;
        }
        e++;
      }
      if (eq < 0) {
        if (e > i) {
          component(s, i, e, true, hints, sink, depth);
        }
      } else if (eq + 1 < e) {
        Category c = null;
        if (eq > i && eq - i <= 64) {
          String name = needsDecoding(s, i, eq, true)
              ? decode(s, i, eq, true).text()
              : s.substring(i, eq);
          c = FieldNames.classify(name);
          if (c == null && oauth && (name.equals("code") || name.equals("state"))) {
            c = Category.SECRET;
          }
        }
        if (c != null) {
          sink.add(c, eq + 1, e, SpanSink.BY_NAME);
        } else {
          component(s, eq + 1, e, true, hints, sink, depth);
        }
      }
      i = e + 1;
    }
  }

  /** One part: decoded when it holds escapes, then scanned as a value (maybe a nested URL). */
  private void component(String s, int a, int b, boolean plusAsSpace, ScanHints hints, SpanSink sink, int depth) {
    if (b - a < 3) {
      return;
    }
    if (!needsDecoding(s, a, b, plusAsSpace)) {
      engine.scanValue(s, a, b, hints, sink, depth + 1);
      return;
    }
    Decoded d = decode(s, a, b, plusAsSpace);
    engine.scanValue(d.text(), 0, d.text().length(), hints, SpanSink.mapped(sink, d.map()), depth + 1);
  }
}
