package dev.sluice.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Credentials: provider API keys and tokens by their documented prefixes and shapes, JWTs (three
 * base64url parts, a JSON header with {@code alg}), {@code Bearer} tokens and PEM private-key
 * blocks. Prefixes are only checked at a token start (the previous character is not a letter, digit,
 * {@code _} or {@code -}) and each body is read once, so the pass is linear.
 */
final class Secrets {
  // body character classes
  private static final int ALNUM = 1;
  private static final int WORD = 2; // [A-Za-z0-9_]
  private static final int B64URL = 3; // [A-Za-z0-9_-]
  private static final int HEX = 4;
  private static final int LETTERS = 5;
  private static final int UPPER_ALNUM = 6;
  private static final int SLACK = 7; // [A-Za-z0-9-]
  private static final int B64 = 8; // [A-Za-z0-9+/]

  /** A prefix followed by a body of one class and a length range, then a token boundary. */
  private record Rule(String prefix, int body, int min, int max) {}

  private static final List<Rule> RULES =
      List.of(
          // AWS access key ids
          new Rule("AKIA", UPPER_ALNUM, 16, 16),
          new Rule("ASIA", UPPER_ALNUM, 16, 16),
          new Rule("ABIA", UPPER_ALNUM, 16, 16),
          new Rule("ACCA", UPPER_ALNUM, 16, 16),
          // GitHub
          new Rule("ghp_", ALNUM, 36, 255),
          new Rule("gho_", ALNUM, 36, 255),
          new Rule("ghu_", ALNUM, 36, 255),
          new Rule("ghs_", ALNUM, 36, 255),
          new Rule("ghr_", ALNUM, 36, 255),
          new Rule("github_pat_", WORD, 60, 255),
          // GitLab
          new Rule("glpat-", B64URL, 20, 255),
          new Rule("gldt-", B64URL, 20, 255),
          new Rule("glrt-", B64URL, 20, 255),
          new Rule("glptt-", B64URL, 20, 255),
          new Rule("glcbt-", B64URL, 20, 255),
          // Slack
          new Rule("xoxb-", SLACK, 10, 255),
          new Rule("xoxp-", SLACK, 10, 255),
          new Rule("xoxa-", SLACK, 10, 255),
          new Rule("xoxo-", SLACK, 10, 255),
          new Rule("xoxs-", SLACK, 10, 255),
          new Rule("xoxr-", SLACK, 10, 255),
          new Rule("xoxe-", SLACK, 10, 255),
          new Rule("xapp-", SLACK, 10, 255),
          // Stripe secret and restricted keys (publishable pk_ keys are public by design)
          new Rule("sk_live_", ALNUM, 24, 247),
          new Rule("sk_test_", ALNUM, 24, 247),
          new Rule("rk_live_", ALNUM, 24, 247),
          new Rule("rk_test_", ALNUM, 24, 247),
          new Rule("whsec_", ALNUM, 32, 255),
          // Google
          new Rule("AIza", B64URL, 35, 35),
          new Rule("GOCSPX-", B64URL, 28, 28),
          new Rule("ya29.", B64URL, 20, 2048),
          // Twilio API key SID, npm, PyPI, Hugging Face
          new Rule("SK", HEX, 32, 32),
          new Rule("npm_", ALNUM, 36, 36),
          new Rule("pypi-AgEIcHlwaS5vcmc", B64URL, 50, 1024),
          new Rule("hf_", LETTERS, 34, 34),
          new Rule("api_org_", LETTERS, 34, 34),
          // Notion (legacy integration secret), Vercel, Linear, Docker, Cloudflare, Figma, Groq
          new Rule("secret_", ALNUM, 43, 43),
          new Rule("vcp_", ALNUM, 24, 255),
          new Rule("vci_", ALNUM, 24, 255),
          new Rule("vcr_", ALNUM, 24, 255),
          new Rule("vck_", ALNUM, 24, 255),
          new Rule("vca_", ALNUM, 24, 255),
          new Rule("lin_api_", ALNUM, 40, 255),
          new Rule("lin_oauth_", HEX, 64, 64),
          new Rule("dckr_pat_", B64URL, 20, 255),
          new Rule("dckr_oat_", B64URL, 20, 255),
          new Rule("cfat_", ALNUM, 48, 48),
          new Rule("cfut_", ALNUM, 48, 48),
          new Rule("cfk_", ALNUM, 48, 48),
          new Rule("figd_", B64URL, 40, 255),
          new Rule("figo_", B64URL, 40, 255),
          new Rule("figu_", B64URL, 40, 255),
          new Rule("gsk_", ALNUM, 52, 52),
          // Grafana cloud, Shopify, Mailgun, Square, Sentry, Atlassian, New Relic, DigitalOcean,
          // Postman, age
          new Rule("glc_", B64, 32, 1024),
          new Rule("shpat_", HEX, 32, 32),
          new Rule("shpss_", HEX, 32, 32),
          new Rule("shpca_", HEX, 32, 32),
          new Rule("shppa_", HEX, 32, 32),
          new Rule("key-", HEX, 32, 32),
          new Rule("sq0atp-", B64URL, 22, 255),
          new Rule("sq0csp-", B64URL, 40, 255),
          new Rule("sntrys_", B64, 50, 1024),
          new Rule("ATATT3", B64URL, 100, 1024),
          new Rule("NRAK-", UPPER_ALNUM, 27, 27),
          new Rule("dop_v1_", HEX, 64, 64),
          new Rule("doo_v1_", HEX, 64, 64),
          new Rule("dor_v1_", HEX, 64, 64),
          new Rule("PMAK-", SLACK, 50, 80),
          new Rule("AGE-SECRET-KEY-1", UPPER_ALNUM, 58, 58));

  /** Rules by the first character of their prefix (all prefixes start with ASCII). */
  private static final Rule[][] BY_FIRST = new Rule[128][];

  static {
    for (char c = 0; c < 128; c++) {
      List<Rule> rules = new ArrayList<>();
      for (Rule r : RULES) {
        if (r.prefix.charAt(0) == c) {
          rules.add(r);
        }
      }
      BY_FIRST[c] = rules.isEmpty() ? null : rules.toArray(new Rule[0]);
    }
  }

  private static final int MAX_JWT = 16 * 1024;
  private static final int MIN_TOKEN = 14;
  private static final int MAX_PEM = 32 * 1024;

  private Secrets() {}

  private static boolean inClass(char c, int body) {
    return switch (body) {
      case ALNUM -> Chars.asciiAlnum(c);
      case WORD -> Chars.asciiAlnum(c) || c == '_';
      case B64URL -> Chars.base64Url(c);
      case HEX -> Chars.hex(c);
      case LETTERS -> Chars.asciiLetter(c);
      case UPPER_ALNUM -> Chars.upper(c) || Chars.digit(c);
      case SLACK -> Chars.asciiAlnum(c) || c == '-';
      case B64 -> Chars.asciiAlnum(c) || c == '+' || c == '/';
      default -> false;
    };
  }

  /** Finds credentials in {@code s[from, to)}. */
  static void scan(String s, int from, int to, SpanSink sink) {
    int pemEnd = -2; // position of the next "-----END", -1 when there is none
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == '-' && Chars.startsWith(s, i, to, "-----BEGIN ")) {
        if (pemEnd != -1 && pemEnd < i) {
          pemEnd = Chars.indexOf(s, "-----END ", i, to);
        }
        int e = pem(s, i, to, pemEnd);
        if (e > 0) {
          sink.add(Category.SECRET, i, e, SpanSink.SECRET);
          i = e;
          continue;
        }
        i += 11;
        continue;
      }
      if (c >= 128 || !Chars.asciiAlnum(c) || (i > from && Chars.tokenChar(s.charAt(i - 1)))) {
        i++;
        continue;
      }
      // every credential shape is 14+ characters long, except the word "Bearer" before one
      int te = i + 1;
      while (te < to && te - i < MIN_TOKEN && (Chars.tokenChar(s.charAt(te)) || s.charAt(te) == '.')) {
        te++;
      }
      if (te - i < MIN_TOKEN && !(te - i == 6 && Chars.regionIs(s, i, te, "bearer"))) {
        i = te;
        continue;
      }
      int e = token(s, i, to, sink);
      if (e > i) {
        i = e;
        continue;
      }
      // not a credential: skip the rest of this token
      i++;
      while (i < to && (Chars.tokenChar(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
    }
  }

  /** A credential starting at token start {@code i}: reports it and returns its end, else -1. */
  private static int token(String s, int i, int to, SpanSink sink) {
    char c = s.charAt(i);
    if (c == 'e' && Chars.startsWith(s, i, to, "eyJ")) {
      int e = jwt(s, i, to);
      if (e > 0) {
        sink.add(Category.JWT, i, e, SpanSink.SECRET);
        return e;
      }
    }
    if ((c == 'B' || c == 'b') && Chars.regionIs(s, i, to, "bearer ")) {
      int ts = i + 7;
      int te = ts;
      while (te < to && bearerChar(s.charAt(te)) && te - ts <= 4096) {
        te++;
      }
      if (te - ts >= 16 && te - ts <= 4096 && (te == to || !Chars.alnum(s.charAt(te)))) {
        int e = jwt(s, ts, to);
        if (e == te) {
          sink.add(Category.JWT, ts, te, SpanSink.SECRET);
        } else {
          sink.add(Category.SECRET, ts, te, SpanSink.SECRET - 1);
        }
        return te;
      }
    }
    if (c == 's' && Chars.startsWith(s, i, to, "sk-")) {
      return openAiOrAnthropic(s, i, to, sink);
    }
    if (c == 'S' && Chars.startsWith(s, i, to, "SG.")) {
      return sendGrid(s, i, to, sink);
    }
    if (c == 'n' && Chars.startsWith(s, i, to, "ntn_")) {
      return notion(s, i, to, sink);
    }
    if (c == 'g' && Chars.startsWith(s, i, to, "glsa_")) {
      return grafanaServiceAccount(s, i, to, sink);
    }
    if (c == 't' && Chars.startsWith(s, i, to, "tskey-")) {
      return tailscale(s, i, to, sink);
    }
    if (c == 'd' && Chars.startsWith(s, i, to, "dapi")) {
      return databricks(s, i, to, sink);
    }
    Rule[] rules = BY_FIRST[c];
    if (rules == null) {
      return -1;
    }
    for (Rule r : rules) {
      if (!Chars.startsWith(s, i, to, r.prefix)) {
        continue;
      }
      int bs = i + r.prefix.length();
      int be = bs;
      int limit = Math.min(to, bs + r.max + 1);
      while (be < limit && inClass(s.charAt(be), r.body)) {
        be++;
      }
      int len = be - bs;
      if (len < r.min || len > r.max || (be < to && Chars.tokenChar(s.charAt(be)))) {
        continue;
      }
      if (r.body == B64) {
        while (be < to && be - bs < r.max + 2 && s.charAt(be) == '=') {
          be++;
        }
      }
      sink.add(Category.SECRET, i, be, SpanSink.SECRET);
      return be;
    }
    return -1;
  }

  private static boolean bearerChar(char c) {
    return Chars.asciiAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/'
        || c == '=';
  }

  private static int run(String s, int i, int to, int body, int max) {
    int j = i;
    int limit = Math.min(to, i + max + 1);
    while (j < limit && inClass(s.charAt(j), body)) {
      j++;
    }
    return j;
  }

  private static boolean boundary(String s, int e, int to) {
    return e >= to || !Chars.tokenChar(s.charAt(e));
  }

  private static int report(SpanSink sink, int a, int b) {
    sink.add(Category.SECRET, a, b, SpanSink.SECRET);
    return b;
  }

  /** OpenAI ({@code sk-proj-}, {@code sk-svcacct-}, legacy {@code sk-}) and Anthropic ({@code sk-ant-}). */
  private static int openAiOrAnthropic(String s, int i, int to, SpanSink sink) {
    int p = i + 3;
    if (Chars.startsWith(s, p, to, "ant-")) {
      int q = p + 4;
      int w = q;
      while (w < to && Chars.lower(s.charAt(w)) && w - q < 8) {
        w++;
      }
      if (w == q || w + 3 > to || !Chars.digit(s.charAt(w)) || !Chars.digit(s.charAt(w + 1))
          || s.charAt(w + 2) != '-') {
        return -1;
      }
      int bs = w + 3;
      int be = run(s, bs, to, B64URL, 512);
      return be - bs >= 32 && be - bs <= 512 && boundary(s, be, to) ? report(sink, i, be) : -1;
    }
    int be = run(s, p, to, B64URL, 512);
    int len = be - p;
    if (len < 32 || len > 512 || !boundary(s, be, to)) {
      return -1;
    }
    boolean digit = false;
    boolean letter = false;
    for (int k = p; k < be; k++) {
      digit |= Chars.digit(s.charAt(k));
      letter |= Chars.asciiLetter(s.charAt(k));
    }
    return digit && letter ? report(sink, i, be) : -1;
  }

  private static int sendGrid(String s, int i, int to, SpanSink sink) {
    int a = i + 3;
    int b = run(s, a, to, B64URL, 22);
    if (b - a != 22 || b >= to || s.charAt(b) != '.') {
      return -1;
    }
    int c = run(s, b + 1, to, B64URL, 43);
    return c - b - 1 == 43 && boundary(s, c, to) ? report(sink, i, c) : -1;
  }

  private static int notion(String s, int i, int to, SpanSink sink) {
    int a = i + 4;
    int d = a;
    while (d < to && Chars.digit(s.charAt(d)) && d - a < 11) {
      d++;
    }
    if (d - a != 11) {
      return -1;
    }
    int e = run(s, d, to, ALNUM, 35);
    return e - d == 35 && boundary(s, e, to) ? report(sink, i, e) : -1;
  }

  private static int grafanaServiceAccount(String s, int i, int to, SpanSink sink) {
    int a = i + 5;
    int b = run(s, a, to, ALNUM, 32);
    if (b - a != 32 || b >= to || s.charAt(b) != '_') {
      return -1;
    }
    int c = run(s, b + 1, to, HEX, 8);
    return c - b - 1 == 8 && boundary(s, c, to) ? report(sink, i, c) : -1;
  }

  private static int tailscale(String s, int i, int to, SpanSink sink) {
    int a = i + 6;
    int b = a;
    while (b < to && Chars.lower(s.charAt(b)) && b - a < 16) {
      b++;
    }
    if (b == a || b >= to || s.charAt(b) != '-') {
      return -1;
    }
    int c = run(s, b + 1, to, ALNUM, 24);
    if (c - b - 1 < 6 || c - b - 1 > 24 || c >= to || s.charAt(c) != '-') {
      return -1;
    }
    int d = run(s, c + 1, to, ALNUM, 64);
    return d - c - 1 >= 16 && d - c - 1 <= 64 && boundary(s, d, to) ? report(sink, i, d) : -1;
  }

  private static int databricks(String s, int i, int to, SpanSink sink) {
    int a = i + 4;
    int b = run(s, a, to, HEX, 32);
    if (b - a != 32) {
      return -1;
    }
    if (b + 1 < to && s.charAt(b) == '-' && Chars.digit(s.charAt(b + 1))) {
      int c = b + 1;
      while (c < to && Chars.digit(s.charAt(c)) && c - b <= 3) {
        c++;
      }
      return boundary(s, c, to) ? report(sink, i, c) : -1;
    }
    return boundary(s, b, to) ? report(sink, i, b) : -1;
  }

  /** A JWT at {@code i}: its end, or -1. */
  static int jwt(String s, int i, int to) {
    int a = run(s, i, to, B64URL, MAX_JWT);
    if (a - i < 10 || a >= to || s.charAt(a) != '.') {
      return -1;
    }
    int b = run(s, a + 1, to, B64URL, MAX_JWT);
    if (b - a - 1 < 2 || b >= to || s.charAt(b) != '.') {
      return -1;
    }
    int c = run(s, b + 1, to, B64URL, MAX_JWT);
    if (c < to && (Chars.base64Url(s.charAt(c)) || s.charAt(c) == '.')) {
      return -1;
    }
    if (a - i > 4096 || !jsonWithAlg(s.substring(i, a))) {
      return -1;
    }
    return c;
  }

  private static boolean jsonWithAlg(String base64Url) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(stripPadding(base64Url));
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      JsonNode header = Json.MAPPER.readTree(bytes);
      return header != null && header.isObject() && header.hasNonNull("alg");
    } catch (IOException e) {
      return false;
    }
  }

  private static String stripPadding(String s) {
    int n = s.length();
    while (n > 0 && s.charAt(n - 1) == '=') {
      n--;
    }
    return s.substring(0, n);
  }

  /** A PEM private-key block from {@code i}; its end or -1. */
  private static int pem(String s, int i, int to, int endMarker) {
    int lineEnd = Math.min(to, i + 64);
    int close = -1;
    for (int k = i + 11; k + 5 <= lineEnd; k++) {
      if (Chars.startsWith(s, k, lineEnd, "-----")) {
        close = k;
        break;
      }
    }
    if (close < 0 || !s.substring(i + 11, close).toUpperCase(Locale.ROOT).endsWith("PRIVATE KEY")) {
      return -1;
    }
    if (endMarker < 0 || endMarker - i > MAX_PEM) {
      return -1;
    }
    int e = Chars.indexOf(s, "-----", endMarker + 9, Math.min(to, endMarker + 80));
    if (e < 0) {
      return -1;
    }
    return e + 5;
  }

  /**
   * Whether a value looks like a random token rather than a word: 12+ characters, two or more of
   * lower/upper/digit, at least 3 bits of entropy per character, and not a placeholder.
   */
  static boolean looksRandom(CharSequence s, int a, int b, int minLength) {
    int n = b - a;
    if (n < minLength || n > 4096) {
      return false;
    }
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    for (int i = a; i < b; i++) {
      char c = s.charAt(i);
      lower |= Chars.lower(c);
      upper |= Chars.upper(c);
      digit |= Chars.digit(c);
    }
    int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    return classes >= 2 && Chars.entropy(s, a, b) >= 3.0 && !placeholder(s, a, b);
  }

  /**
   * Values that stand in for a credential rather than being one: template syntax ({@code ${X}},
   * {@code {{x}}}, {@code <x>}, {@code $(X)}, {@code %s}), the words password/secret/changeme/...,
   * YOUR_.../REPLACE_..., one repeated character, and anything shorter than 4.
   */
  static boolean placeholder(CharSequence s, int a, int b) {
    int n = b - a;
    if (n < 4) {
      return true;
    }
    char first = s.charAt(a);
    if (first == '$' || first == '{' || first == '<' || first == '%' || first == '[' || first == '*') {
      return true;
    }
    boolean same = true;
    for (int i = a + 1; i < b && same; i++) {
      same = s.charAt(i) == first;
    }
    if (same) {
      return true;
    }
    String v = s.subSequence(a, b).toString().toLowerCase(Locale.ROOT);
    if (v.contains("${") || v.contains("{{") || v.contains("$(")) {
      return true;
    }
    switch (v) {
      case "password", "passwd", "secret", "mypassword", "yourpassword", "changeme", "example",
          "null", "undefined", "none", "true", "false", "redacted", "hidden", "masked", "token",
          "apikey", "api_key", "xxxxxxxx", "test", "dummy", "sample", "placeholder", "bearer",
          "basic" -> {
        return true;
      }
      default -> {}
    }
    return v.startsWith("your_") || v.startsWith("your-") || v.startsWith("replace")
        || v.startsWith("insert") || v.startsWith("enter_") || v.startsWith("example")
        || v.startsWith("placeholder") || v.startsWith("dummy") || v.startsWith("fake")
        || v.startsWith("not_a") || v.startsWith("xxxx");
  }
}
