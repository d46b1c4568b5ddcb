package dev.sluice.core.risk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * k-anonymity of a sample of records (each a map of quasi-identifier path to value digest):
 * records with the same values on every quasi-identifier form an equivalence class; k is the size
 * of the smallest class, and a record alone in its class is unique, so anyone who knows those
 * attributes of a person can single out their record. A record lacking a path has it as "absent",
 * which is also information.
 *
 * @param records records in the sample
 * @param classes equivalence classes
 * @param k the smallest class size (0 for an empty sample)
 * @param unique records alone in their class
 * @param smallest class size → how many classes have it, the five smallest sizes
 * @param paths the quasi-identifier paths seen
 */
public record KAnonymity(
    long records, long classes, long k, long unique, SortedMap<Long, Long> smallest, SortedSet<String> paths) {
  public static final KAnonymity EMPTY = new KAnonymity(0, 0, 0, 0, new TreeMap<>(), new TreeSet<>());

  public double uniqueShare() {
    return records == 0 ? 0 : (double) unique / records;
  }

  public static KAnonymity of(Collection<Map<String, String>> sample) {
    if (sample.isEmpty()) {
      return EMPTY;
    }
    Map<Map<String, String>, Long> counts = new HashMap<>();
    SortedSet<String> paths = new TreeSet<>();
    for (Map<String, String> r : sample) {
      counts.merge(r, 1L, Long::sum);
      paths.addAll(r.keySet());
    }
    SortedMap<Long, Long> sizes = new TreeMap<>();
    long unique = 0;
    for (long c : counts.values()) {
      sizes.merge(c, 1L, Long::sum);
      if (c == 1) {
        unique++;
      }
    }
    SortedMap<Long, Long> smallest = new TreeMap<>();
    List<Long> keys = new ArrayList<>(sizes.keySet());
    for (int i = 0; i < Math.min(5, keys.size()); i++) {
      smallest.put(keys.get(i), sizes.get(keys.get(i)));
    }
    return new KAnonymity(sample.size(), counts.size(), sizes.firstKey(), unique, smallest, paths);
  }
}
