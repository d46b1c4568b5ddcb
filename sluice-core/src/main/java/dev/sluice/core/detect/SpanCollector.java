package dev.sluice.core.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects candidate spans of one scan and resolves overlaps: higher priority wins, then the longer
 * span, then the earlier one. Arrays are allocated on the first candidate only.
 */
final class SpanCollector implements SpanSink {
  private int[] starts;
  private int[] ends;
  private int[] priorities;
  private Category[] categories;
  private int size;

  @Override
  public void add(Category category, int start, int end, int priority) {
    if (end <= start) {
      return;
    }
    if (starts == null) {
      starts = new int[8];
      ends = new int[8];
      priorities = new int[8];
      categories = new Category[8];
    } else if (size == starts.length) {
      int n = size * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      priorities = Arrays.copyOf(priorities, n);
      categories = Arrays.copyOf(categories, n);
    }
    starts[size] = start;
    ends[size] = end;
    priorities[size] = priority;
    categories[size] = category;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Candidates so far: a mark for {@link #addedWhole}. */
  int size() {
    return size;
  }

  /**
   * Whether a candidate added since {@code mark} covers exactly {@code [from, to)} with a priority
   * above every value detector's but the credential scanner's ({@link SpanSink#EMAIL}).
   */
  boolean addedWhole(int mark, int from, int to) {
    for (int i = mark; i < size; i++) {
      if (starts[i] == from && ends[i] == to && priorities[i] > SpanSink.EMAIL) {
        return true;
      }
    }
    return false;
  }

  List<Span> result() {
    if (size == 0) {
      return List.of();
    }
    if (size == 1) {
      return List.of(new Span(categories[0], starts[0], ends[0]));
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          if (priorities[a] != priorities[b]) {
            return Integer.compare(priorities[b], priorities[a]);
          }
          int la = ends[a] - starts[a];
          int lb = ends[b] - starts[b];
          if (la != lb) {
            return Integer.compare(lb, la);
          }
          return Integer.compare(starts[a], starts[b]);
        });
    // accepted spans by start; a candidate is taken when it overlaps neither neighbour
    TreeMap<Integer, Integer> accepted = new TreeMap<>();
    for (Integer boxed : order) {
      int i = boxed;
      int s = starts[i];
      int e = ends[i];
      Map.Entry<Integer, Integer> before = accepted.floorEntry(s);
      if (before != null && ends[before.getValue()] > s) {
        continue;
      }
      Map.Entry<Integer, Integer> after = accepted.ceilingEntry(s);
      if (after != null && after.getKey() < e) {
        continue;
      }
      accepted.put(s, i);
    }
    List<Span> out = new ArrayList<>(accepted.size());
    for (int i : accepted.values()) {
      out.add(new Span(categories[i], starts[i], ends[i]));
    }
    return List.copyOf(out);
  }
}
