package dev.sluice.core.generalize;

import java.util.concurrent.ConcurrentHashMap;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * User agent to "family major" labels with uap-java and the uap-core rules it bundles.
 *
 * <p>The parser is built once per JVM (it compiles a few hundred regexes: under a second) when this
 * class is first used, which {@link Generalizers#parse} does at contract compile time, not on the
 * first event. Parsing is thread-safe (compiled patterns, a matcher per call).
 *
 * <p>One uncached parse costs 0.1 to 0.3 ms (hundreds of regexes tried in order), while real
 * traffic repeats a few thousand distinct user agents, so labels are cached per kind in a bounded
 * map that is simply cleared when full. The cache lives only in memory.
 */
final class UserAgentLabels {
  /** Longer input is cut before parsing: bounds regex work; real user agents stay far below. */
  static final int MAX_LENGTH = 1024;

  private static final int CACHE_SIZE = 8192;
  private static final Parser PARSER = parser();
  private static final ConcurrentHashMap<String, String> BROWSERS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, String> SYSTEMS = new ConcurrentHashMap<>();

  private UserAgentLabels() {}

  /** Loads the parser now rather than on the first value. */
  static void load() {
    // class initialisation has built PARSER
  }

  /** e.g. "Chrome 129", "Mobile Safari 18", "Other". */
  static String browser(String userAgent) {
    String ua = cut(userAgent);
    String label = BROWSERS.get(ua);
    if (label == null) {
      UserAgent u = PARSER.parseUserAgent(ua);
      label = label(u.family, u.major);
      remember(BROWSERS, ua, label);
    }
    return label;
  }

  /** e.g. "iOS 18", "Mac OS X 14", "Windows 10", "Other". */
  static String os(String userAgent) {
    String ua = cut(userAgent);
    String label = SYSTEMS.get(ua);
    if (label == null) {
      OS o = PARSER.parseOS(ua);
      label = label(o.family, o.major);
      remember(SYSTEMS, ua, label);
    }
    return label;
  }

  private static String cut(String ua) {
    return ua.length() > MAX_LENGTH ? ua.substring(0, MAX_LENGTH) : ua;
  }

  static String label(String family, String major) {
    if (family == null || family.isBlank()) {
      return "Other";
    }
    return major == null || major.isBlank() ? family : family + " " + major;
  }

  private static void remember(ConcurrentHashMap<String, String> cache, String ua, String label) {
    if (cache.mappingCount() >= CACHE_SIZE) {
      cache.clear();
    }
    cache.put(ua, label);
  }

  /**
   * The parser over the uap-core rules shipped with Sluice (newer than those inside uap-java), so
   * current browsers get their real family.
   */
  private static Parser parser() {
    try (java.io.InputStream in = UserAgentLabels.class.getResourceAsStream("uap-regexes.yaml")) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/sluice/core/generalize/uap-regexes.yaml");
      }
      return new Parser(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the user-agent rules", e);
    }
  }
}
