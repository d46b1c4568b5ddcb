package dev.sluice.core.vendor.ga4;

import java.util.Set;

/**
 * Google Analytics 4's collection rules for the Measurement Protocol, as Google documents them
 * ("Event collection limits", "Measurement Protocol reference"): shared by the decoder's
 * validation (the debug endpoint) and the encoder's enforcement.
 */
public final class Ga4Rules {
  public static final int MAX_EVENTS = 25;
  public static final int MAX_PARAMS = 25;
  public static final int MAX_USER_PROPERTIES = 25;
  public static final int MAX_NAME = 40;
  public static final int MAX_USER_PROPERTY_NAME = 24;
  public static final int MAX_PARAM_VALUE = 100;
  public static final int MAX_USER_PROPERTY_VALUE = 36;
  /** "The POST body must be smaller than 130 kB." */
  public static final int MAX_BODY_BYTES = 130_000;

  static final Set<String> RESERVED_EVENT_NAMES =
      Set.of(
          "ad_activeview", "ad_click", "ad_exposure", "ad_impression", "ad_query", "ad_reward",
          "adunit_exposure", "app_background", "app_clear_data", "app_exception", "app_remove",
          "app_store_refund", "app_store_subscription_cancel", "app_store_subscription_convert",
          "app_store_subscription_renew", "app_uninstall", "app_update", "app_upgrade",
          "dynamic_link_app_open", "dynamic_link_app_update", "dynamic_link_first_open", "error",
          "firebase_campaign", "firebase_in_app_message_action", "firebase_in_app_message_dismiss",
          "firebase_in_app_message_impression", "first_open", "first_visit", "in_app_purchase",
          "notification_dismiss", "notification_foreground", "notification_open",
          "notification_receive", "os_update", "session_start", "session_start_with_rollout",
          "user_engagement");
  static final Set<String> RESERVED_PARAM_NAMES = Set.of("firebase_conversion");
  static final Set<String> RESERVED_USER_PROPERTY_NAMES =
      Set.of("first_open_after_install", "first_open_time", "first_visit_time", "last_deep_link_referrer", "user_id");
  private static final String[] RESERVED_PREFIXES = {"google_", "ga_", "firebase_"};

  private Ga4Rules() {}

  /** Letters, digits and underscores, starting with a letter, at most {@code max} long. */
  static boolean wellFormed(String name, int max) {
    if (name.isEmpty() || name.length() > max || !letter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  static boolean reservedPrefix(String name) {
    for (String p : RESERVED_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The nearest name GA4 accepts: other characters become {@code _}, a name that does not start
   * with a letter or that is reserved gets {@code x_} in front, and the result is cut to {@code
   * max}. Returns {@code name} itself when it is already acceptable.
   */
  static String acceptable(String name, int max, Set<String> reserved) {
    if (wellFormed(name, max) && !reservedPrefix(name) && !reserved.contains(name)) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length() + 2);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(letter(c) || (c >= '0' && c <= '9') ? c : '_');
    }
    String s = sb.toString();
    if (s.isEmpty() || !letter(s.charAt(0)) || reservedPrefix(s) || reserved.contains(s)) {
      s = "x_" + s;
    }
    return s.length() > max ? s.substring(0, max) : s;
  }

  /** The longest string value GA4 keeps for a parameter (the page ones are longer). */
  static int maxValueLength(String param) {
    return switch (param) {
      case "page_location" -> 1000;
      case "page_referrer" -> 420;
      case "page_title" -> 300;
      default -> MAX_PARAM_VALUE;
    };
  }

  private static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
