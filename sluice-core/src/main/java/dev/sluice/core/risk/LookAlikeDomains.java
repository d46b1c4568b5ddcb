package dev.sluice.core.risk;

import dev.sluice.core.config.EditDistance;
import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags domains in a message that imitate a vendor's domains from the registry: the same name
 * written with look-alike characters (Cyrillic {@code а} for {@code a}, {@code rn} for {@code m},
 * {@code 0} for {@code o}), punycode ({@code xn--}) that decodes to such a name, a name a small
 * edit away ({@code mixpanell.com}), or the vendor's name inside another domain
 * ({@code mixpanel-security.com}). The vendor's own domains and their subdomains pass.
 */
public final class LookAlikeDomains {
  private static final Pattern HOST = Pattern.compile(
      "(?i)(?<![A-Za-z0-9.-])((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+(?:xn--[a-z0-9-]{2,59}|[\\p{L}]{2,63}))(?![\\p{L}\\p{N}-])");
  /** Characters that render like a Latin letter or digit, mapped to it. */
  private static final Map<Character, String> CONFUSABLE = Map.ofEntries(
      Map.entry('а', "a"), Map.entry('е', "e"), Map.entry('о', "o"), Map.entry('р', "p"), Map.entry('с', "c"),
      Map.entry('х', "x"), Map.entry('у', "y"), Map.entry('і', "i"), Map.entry('ј', "j"), Map.entry('ѕ', "s"),
      Map.entry('ԁ', "d"), Map.entry('ɡ', "g"), Map.entry('ο', "o"), Map.entry('α', "a"), Map.entry('ν', "v"),
      Map.entry('ı', "i"), Map.entry('0', "o"), Map.entry('1', "l"), Map.entry('3', "e"), Map.entry('5', "s"));

  private LookAlikeDomains() {}

  /** A suspicious domain: what it imitates and why. */
  public record Finding(String domain, String vendor, String imitates, String why) {}

  /** Every domain-like token of the text, lower-cased and decoded from punycode, each once. */
  public static Set<String> domains(CharSequence text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = HOST.matcher(text);
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** {@code vendors}: vendor name → its domains. */
  public static List<Finding> check(Set<String> domains, Map<String, List<String>> vendors) {
    List<Finding> out = new ArrayList<>();
    for (String raw : domains) {
      String unicode = raw;
      boolean puny = raw.contains("xn--");
      if (puny) {
        try {
          unicode = IDN.toUnicode(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
          continue;
        }
      }
      if (owned(unicode, vendors)) {
        continue;
      }
      String base = registrable(unicode);
      String label = base.substring(0, base.indexOf('.') < 0 ? base.length() : base.indexOf('.'));
      String skeleton = skeleton(label);
      vendors:
      for (Map.Entry<String, List<String>> v : vendors.entrySet()) {
        for (String d : v.getValue()) {
          String theirs = registrable(d);
          String theirLabel = theirs.substring(0, theirs.indexOf('.') < 0 ? theirs.length() : theirs.indexOf('.'));
          String why = null;
          if (!label.equals(theirLabel) && skeleton.equals(skeleton(theirLabel))) {
            why = (puny ? "punycode " + raw + " decodes to " + unicode + ", which" : "it") + " spells " + theirLabel
                + " with look-alike characters";
          } else if (label.equals(theirLabel) && !base.equals(theirs)) {
            why = "same name under another suffix (" + base + " instead of " + theirs + ")";
          } else if (!label.equals(theirLabel) && EditDistance.of(skeleton, skeleton(theirLabel)) <= Math.max(1, theirLabel.length() / 5)) {
            why = "one or two characters away from " + theirLabel;
          } else if (theirLabel.length() >= 4 && !label.equals(theirLabel) && skeleton.contains(skeleton(theirLabel))) {
            why = "contains the vendor's name " + theirLabel;
          }
          if (why != null) {
            out.add(new Finding(raw, v.getKey(), d, why));
            break vendors;
          }
        }
      }
    }
    return out;
  }

  private static boolean owned(String host, Map<String, List<String>> vendors) {
    for (List<String> ds : vendors.values()) {
      for (String d : ds) {
        if (host.equals(d) || host.endsWith("." + d) || registrable(host).equals(registrable(d))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The last two labels (a simplification: no public-suffix list, so co.uk is not special). */
  static String registrable(String host) {
    String[] labels = host.split("\\.");
    return labels.length <= 2 ? host : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  /** The label as it reads: confusables mapped, {@code rn} → {@code m}, {@code vv} → {@code w}, dashes dropped. */
  static String skeleton(String label) {
    StringBuilder sb = new StringBuilder(label.length());
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      sb.append(CONFUSABLE.getOrDefault(c, String.valueOf(c)));
    }
    return sb.toString().replace("rn", "m").replace("vv", "w").replace("-", "");
  }
}
