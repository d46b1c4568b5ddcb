package dev.sluice.bench.accuracy;

import java.util.List;

/**
 * Masks values for the report: the first two characters stay, then letters become {@code x}/{@code
 * X}, digits {@code #}, and punctuation stays, so the shape that made a detector miss (or fire) is
 * visible while the value is not.
 */
public final class Mask {
  private Mask() {}

  public static String mask(String v) {
    StringBuilder b = new StringBuilder(v.length());
    int kept = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isLetterOrDigit(c) && kept < 2) {
        b.append(c);
        kept++;
      } else if (Character.isDigit(c)) {
        b.append('#');
      } else if (Character.isUpperCase(c)) {
        b.append('X');
      } else if (Character.isLetter(c)) {
        b.append('x');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The text with {@code [hs, he)} masked and wrapped in ⟦ ⟧, cut to 160 characters around it. */
  public static String marked(String text, int hs, int he) {
    String s = text.substring(0, hs) + "⟦" + mask(text.substring(hs, he)) + "⟧" + text.substring(he);
    s = s.replace("|", "\\|").replace("`", "'").replace("\n", " ");
    if (s.length() > 160) {
      int from = Math.max(0, Math.min(hs - 60, s.length() - 160));
      s = (from > 0 ? "…" : "") + s.substring(from, Math.min(s.length(), from + 160)) + (from + 160 < s.length() ? "…" : "");
    }
    return s;
  }

  /**
   * The text with every planted personal-data value masked, and {@code [hs, he)} (when he > hs)
   * wrapped in ⟦ ⟧; long texts are cut around the interesting part.
   */
  public static String context(String text, List<Label> labels, int hs, int he) {
    StringBuilder b = new StringBuilder();
    int[] marks = {hs, he};
    // build with masking; wrap [hs, he)
    for (int i = 0; i <= text.length(); i++) {
      if (he > hs && i == marks[0]) {
        b.append('⟦');
      }
      if (he > hs && i == marks[1]) {
        b.append('⟧');
      }
      if (i == text.length()) {
        break;
      }
      Label in = null;
      for (Label l : labels) {
        if (l.isPii() && i >= l.start() && i < l.end()) {
          in = l;
          break;
        }
      }
      if (in != null) {
        String m = mask(text.substring(in.start(), in.end()));
        b.append(m.charAt(i - in.start()));
      } else {
        b.append(text.charAt(i));
      }
    }
    String s = b.toString().replace("|", "\\|").replace("`", "'").replace("\n", " ");
    if (s.length() > 160) {
      int focus = Math.max(0, s.indexOf('⟦'));
      int from = Math.max(0, Math.min(focus - 60, s.length() - 160));
      s = (from > 0 ? "…" : "") + s.substring(from, Math.min(s.length(), from + 160)) + (from + 160 < s.length() ? "…" : "");
    }
    return s;
  }
}
