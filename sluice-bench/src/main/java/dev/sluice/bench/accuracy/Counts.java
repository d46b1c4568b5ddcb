package dev.sluice.bench.accuracy;

import java.util.Locale;

/** True positives, false negatives and false positives, with precision, recall and F1. */
public final class Counts {
  public int tp;
  public int fn;
  public int fp;

  public int gold() {
    return tp + fn;
  }

  /** NaN when nothing was reported. */
  public double precision() {
    return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
  }

  /** NaN when there is no gold. */
  public double recall() {
    return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
  }

  public double f1() {
    double p = precision();
    double r = recall();
    if (Double.isNaN(p) || Double.isNaN(r) || p + r == 0) {
      return Double.NaN;
    }
    return 2 * p * r / (p + r);
  }

  public void add(Counts o) {
    tp += o.tp;
    fn += o.fn;
    fp += o.fp;
  }

  public static String fmt(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }
}
