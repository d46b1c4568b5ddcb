package dev.sluice.core.detect;

/**
 * US Social Security numbers, AAA-GG-SSSS: area not 000, 666 or 900-999; group not 00; serial not
 * 0000. In free text the groups must be separated by dashes or spaces: a bare 9-digit run is far
 * more often an id than an SSN (a field named {@code ssn} is caught by {@link FieldNames}).
 */
final class Ssns {
  private Ssns() {}

  static boolean valid(CharSequence s, int area, int group, int serial) {
    int a = (s.charAt(area) - '0') * 100 + (s.charAt(area + 1) - '0') * 10 + (s.charAt(area + 2) - '0');
    int g = (s.charAt(group) - '0') * 10 + (s.charAt(group + 1) - '0');
    int n = 0;
    for (int i = 0; i < 4; i++) {
      n = n * 10 + (s.charAt(serial + i) - '0');
    }
    return a != 0 && a != 666 && a < 900 && g != 0 && n != 0;
  }
}
