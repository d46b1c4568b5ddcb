package dev.sluice.core.policy;

import dev.sluice.core.keys.Pseudonymizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a destination's rules into a {@link Contract}: a deterministic automaton over field
 * names, built once, so applying a contract costs one hash lookup per field and never re-reads
 * the rules.
 *
 * <p>Semantics, in the order they decide:
 *
 * <ol>
 *   <li>A pattern that names an object governs its whole subtree ({@code traits} is {@code
 *       traits.**}).
 *   <li>The most specific matching pattern wins: a literal segment counts 3, {@code *} 2, {@code
 *       **} 1.
 *   <li>On a tie the more protective action wins: drop, pseudonymize, generalize, redact, sha256,
 *       keep.
 *   <li>No matching pattern: drop (default deny).
 * </ol>
 *
 * <p>Why a DFA: field names outside the rules' literals all behave alike, so the state space is
 * finite and small; each state holds its literal transitions, one "other" transition and the
 * rule that decides fields ending there.
 */
public final class ContractCompiler {
  private ContractCompiler() {}

  /** Compiles with the default {@code onPii: redact}. */
  public static Contract compile(String destination, List<Rule> rules, Pseudonymizer pseudonymizer) {
    return compile(destination, rules, OnPii.REDACT, pseudonymizer);
  }

  public static Contract compile(
      String destination, List<Rule> rules, OnPii onPii, Pseudonymizer pseudonymizer) {
    Builder b = new Builder(rules);
    Contract.State root = b.build();
    return new Contract(destination, List.copyOf(rules), root, pseudonymizer, onPii, b.stateCount());
  }

  /** Specificity of a pattern: literal 3, {@code *} 2, {@code **} 1 per segment. */
  static int specificity(PathPattern p) {
    int s = 0;
    for (String seg : p.segments()) {
      s += switch (seg) {
        case PathPattern.ANY -> 1;
        case PathPattern.ONE -> 2;
        default -> 3;
      };
    }
    return s;
  }

  /**
   * Higher is more protective; breaks ties between equally specific rules. A keyed pseudonym beats
   * a coarse value, which beats redacted text, which beats an unsalted hash (reversible by
   * dictionary), which beats the raw value.
   */
  static int protection(Action a) {
    return switch (a) {
      case Action.Drop d -> 6;
      case Action.Pseudonymize p -> 5;
      case Action.Generalize g -> 4;
      case Action.Redact r -> 3;
      case Action.Sha256 h -> 2;
      case Action.Keep k -> 1;
    };
  }

  /** True when {@code a} should decide over {@code b}. */
  static boolean beats(Rule a, Rule b) {
    if (b == null) {
      return true;
    }
    int sa = specificity(a.pattern());
    int sb = specificity(b.pattern());
    if (sa != sb) {
      return sa > sb;
    }
    return protection(a.action()) > protection(b.action());
  }

  private static final class Builder {
    private final List<Rule> rules;
    private final String[][] segs;
    private final Set<String> literals = new LinkedHashSet<>();
    private final Map<Key, Contract.State> states = new HashMap<>();
    private final List<Pending> work = new ArrayList<>();

    Builder(List<Rule> rules) {
      this.rules = rules;
      this.segs = new String[rules.size()][];
      for (int r = 0; r < rules.size(); r++) {
        segs[r] = rules.get(r).pattern().segments().toArray(String[]::new);
        for (String s : segs[r]) {
          if (!s.equals(PathPattern.ONE) && !s.equals(PathPattern.ANY)) {
            literals.add(s);
          }
        }
      }
    }

    int stateCount() {
      return states.size();
    }

    Contract.State build() {
      Set<Long> start = new LinkedHashSet<>();
      for (int r = 0; r < rules.size(); r++) {
        start.add(pos(r, 0));
      }
      Contract.State root = intern(start, null);
      while (!work.isEmpty()) {
        Pending p = work.remove(work.size() - 1);
        Map<String, Contract.State> byLiteral = new HashMap<>();
        for (String lit : literals) {
          Contract.State next = step(p.positions, p.state.decidingRule(), lit);
          byLiteral.put(lit, next);
        }
        Contract.State other = step(p.positions, p.state.decidingRule(), null);
        p.state.link(byLiteral, other);
      }
      return root;
    }

    /** Advances every position by one field name; {@code name == null} means "not a literal". */
    private Contract.State step(long[] positions, Rule inherited, String name) {
      Set<Long> next = new LinkedHashSet<>();
      for (long p : positions) {
        advance(rule(p), index(p), name, next);
      }
      return intern(next, inherited);
    }

    private void advance(int r, int i, String name, Set<Long> out) {
      String[] s = segs[r];
      if (i >= s.length) {
        return;
      }
      String seg = s[i];
      if (seg.equals(PathPattern.ANY)) {
        out.add(pos(r, i)); // ** consumes this name and stays
        advance(r, i + 1, name, out); // ** matches zero names
      } else if (seg.equals(PathPattern.ONE) || seg.equals(name)) {
        out.add(pos(r, i + 1));
      }
    }

    private Contract.State intern(Set<Long> positions, Rule inherited) {
      Rule deciding = inherited;
      List<Long> live = new ArrayList<>();
      for (long p : positions) {
        int r = rule(p);
        int i = index(p);
        if (acceptsAt(r, i) && beats(rules.get(r), deciding)) {
          deciding = rules.get(r);
        }
        if (i < segs[r].length) {
          live.add(p);
        }
      }
      long[] liveArr = live.stream().mapToLong(Long::longValue).sorted().toArray();
      Key key = new Key(liveArr, deciding);
      Contract.State existing = states.get(key);
      if (existing != null) {
        return existing;
      }
      Contract.State st = new Contract.State(deciding, liveArr.length == 0);
      states.put(key, st);
      if (liveArr.length > 0) {
        work.add(new Pending(liveArr, st));
      } else {
        st.link(Map.of(), st); // terminal: the deciding rule governs the whole subtree
      }
      return st;
    }

    /** A pattern accepts when only {@code **} segments (or none) remain. */
    private boolean acceptsAt(int r, int i) {
      String[] s = segs[r];
      for (int k = i; k < s.length; k++) {
        if (!s[k].equals(PathPattern.ANY)) {
          return false;
        }
      }
      // The empty path (root) is never a field; a bare "**" accepts from the first name on.
      return true;
    }

    private static long pos(int rule, int index) {
      return ((long) rule << 32) | index;
    }

    private static int rule(long p) {
      return (int) (p >>> 32);
    }

    private static int index(long p) {
      return (int) p;
    }

    private record Pending(long[] positions, Contract.State state) {}

    private record Key(long[] positions, Rule deciding) {
      @Override
      public boolean equals(Object o) {
        return o instanceof Key k && Arrays.equals(positions, k.positions) && deciding == k.deciding;
      }

      @Override
      public int hashCode() {
        return Arrays.hashCode(positions) * 31 + System.identityHashCode(deciding);
      }
    }
  }
}
