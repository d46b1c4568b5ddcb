package dev.sluice.core.detect;

/** Where detectors report candidate spans; overlaps are resolved by {@link SpanCollector}. */
interface SpanSink {
  /** Priority of a span that a field or parameter name implies: it covers the whole value. */
  int BY_NAME = 100;

  int SECRET = 90;
  int EMAIL = 80;
  /** Above card: a validated IBAN wins over a Luhn-valid digit run inside it. */
  int IBAN = 76;
  int CARD = 75;
  int SSN = 73;
  int IP = 70;
  int MAC = 69;
  int PHONE = 60;
  int GEO = 55;
  int ADDRESS = 40;
  int NAME = 30;

  void add(Category category, int start, int end, int priority);

  /** A sink for spans found in a decoded copy: maps decoded offsets back to the original. */
  static SpanSink mapped(SpanSink parent, int[] map) {
    return (c, s, e, p) -> parent.add(c, map[s], map[e], p);
  }
}
