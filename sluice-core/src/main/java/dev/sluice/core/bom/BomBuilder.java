package dev.sluice.core.bom;

import dev.sluice.core.bom.Bom.CategoryFlow;
import dev.sluice.core.bom.Bom.DestinationFlows;
import dev.sluice.core.bom.Bom.FieldFlow;
import dev.sluice.core.bom.Bom.RawFlow;
import dev.sluice.core.bom.Bom.SourceFlow;
import dev.sluice.core.bom.Bom.UnseenRule;
import dev.sluice.core.detect.Category;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.HyperLogLog;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.ledger.SubjectSketch;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.Outcome;
import dev.sluice.core.policy.Rule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link Bom} from the observed side (a ledger snapshot: totals rows and day sketches)
 * and the declared side (each destination's contract). Pure: the caller reads the ledger and
 * gives the time.
 *
 * <p><b>The window.</b> Ledger rows are all-time totals with first and last seen times, so a row
 * is in the window when it was seen in it ({@code lastSeen >= since} and {@code firstSeen <=
 * until}) and its counts stay totals. Subjects are exact to the day: the sketches of the window's
 * UTC days are merged, so a subject seen on several days counts once.
 */
public final class BomBuilder {
  private BomBuilder() {}

  /**
   * @param since start of the window, or null for everything
   * @param until end of the window (usually {@code now})
   * @param now when the BOM is made
   */
  public static Bom build(
      LedgerSnapshot ledger, List<DeclaredDestination> declared, Instant since, Instant until, Instant now) {
    Map<String, List<LedgerEntry>> byDestination = new TreeMap<>();
    for (LedgerEntry e : ledger.entries()) {
      if ((since == null || !e.lastSeen().isBefore(since)) && !e.firstSeen().isAfter(until)) {
        byDestination.computeIfAbsent(e.destination(), k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, DeclaredDestination> named = new LinkedHashMap<>();
    declared.forEach(d -> named.put(d.name(), d));
    List<String> order = new ArrayList<>(named.keySet());
    byDestination.keySet().stream().filter(n -> !named.containsKey(n)).forEach(order::add);

    List<DestinationFlows> destinations = new ArrayList<>();
    List<RawFlow> rawFlows = new ArrayList<>();
    for (String name : order) {
      List<LedgerEntry> rows = byDestination.getOrDefault(name, List.of());
      Long subjects = subjects(ledger.subjects(), name, since, until);
      DestinationFlows d = destination(name, named.get(name), rows, subjects);
      destinations.add(d);
      for (CategoryFlow c : d.categories()) {
        if (c.raw()) {
          List<String> paths = new ArrayList<>();
          long values = 0;
          for (FieldFlow f : d.fields()) {
            if (f.category().equals(c.category()) && f.protection() == Protection.RAW) {
              paths.add(f.path());
              values += f.values();
            }
          }
          rawFlows.add(new RawFlow(name, c.category(), c.group(), paths, values));
        }
      }
    }
    return new Bom(now, since, until, destinations, rawFlows);
  }

  private static DestinationFlows destination(
      String name, DeclaredDestination declared, List<LedgerEntry> rows, Long subjects) {
    Contract contract = declared == null ? null : declared.contract();
    long eventsSent = 0;
    Map<String, Long> dropped = new TreeMap<>();
    Map<String, Long> bySource = new TreeMap<>();
    Map<FieldKey, FieldSum> fields = new TreeMap<>();
    Set<Rule> seenRules = Collections.newSetFromMap(new IdentityHashMap<>());
    Instant first = null;
    Instant last = null;
    for (LedgerEntry e : rows) {
      first = first == null || e.firstSeen().isBefore(first) ? e.firstSeen() : first;
      last = last == null || e.lastSeen().isAfter(last) ? e.lastSeen() : last;
      if (e.path().equals(FlowLedger.EVENT_PATH)) {
        if (e.outcome() == Outcome.SENT) {
          eventsSent += e.events();
          bySource.merge(e.source(), e.events(), Long::sum);
        } else if (e.outcome() == Outcome.DROPPED_FOR_PII) {
          dropped.merge(e.category(), e.events(), Long::sum);
        }
        continue;
      }
      Rule rule = contract == null || e.path().equals(FlowLedger.OTHER_PATH) ? null : contract.decidingRule(e.path());
      if (rule != null) {
        seenRules.add(rule);
      }
      fields
          .computeIfAbsent(new FieldKey(e.path(), e.category(), Protection.of(e.outcome())), k -> new FieldSum(rule))
          .add(e);
    }

    List<FieldFlow> fieldFlows = new ArrayList<>();
    Map<String, CategorySum> categories = new TreeMap<>();
    for (Map.Entry<FieldKey, FieldSum> f : fields.entrySet()) {
      FieldKey k = f.getKey();
      FieldSum s = f.getValue();
      String generalizer =
          k.protection() == Protection.GENERALIZED && s.rule != null && s.rule.action() instanceof Action.Generalize g
              ? g.generalizer().describe()
              : null;
      fieldFlows.add(
          new FieldFlow(
              k.path(),
              k.category(),
              k.protection(),
              generalizer,
              s.rule == null ? null : s.rule.pattern().text(),
              s.events,
              s.values,
              s.first,
              s.last,
              List.copyOf(s.sources)));
      if (!k.category().equals(LedgerEntry.NO_CATEGORY)) {
        categories.computeIfAbsent(k.category(), c -> new CategorySum()).add(k, s.values);
      }
    }
    List<CategoryFlow> categoryFlows = new ArrayList<>();
    categories.forEach(
        (code, c) -> {
          Category known = Category.byCode(code);
          categoryFlows.add(
              new CategoryFlow(
                  code,
                  known == null ? null : known.group(),
                  List.copyOf(c.protections),
                  c.values,
                  c.deliveredValues,
                  List.copyOf(c.paths),
                  c.protections.stream().anyMatch(Protection::delivered),
                  c.protections.contains(Protection.RAW)));
        });

    List<UnseenRule> unseen = new ArrayList<>();
    if (contract != null) {
      for (Rule r : contract.rules()) {
        if (!(r.action() instanceof Action.Drop) && !seenRules.contains(r)) {
          unseen.add(new UnseenRule(r.pattern().text(), r.action().name(), r.location().toString()));
        }
      }
    }
    List<SourceFlow> sources = new ArrayList<>();
    bySource.forEach((s, n) -> sources.add(new SourceFlow(s, n)));
    return new DestinationFlows(
        name,
        declared != null,
        declared == null ? null : declared.type(),
        declared == null ? null : declared.endpoint(),
        eventsSent,
        dropped,
        subjects,
        first,
        last,
        sources,
        categoryFlows,
        fieldFlows,
        unseen);
  }

  /** The union of the destination's day sketches from since's day to until's day, or null. */
  private static Long subjects(List<SubjectSketch> sketches, String destination, Instant since, Instant until) {
    LocalDate from = since == null ? LocalDate.MIN : LocalDate.ofInstant(since, ZoneOffset.UTC);
    LocalDate to = LocalDate.ofInstant(until, ZoneOffset.UTC);
    HyperLogLog union = null;
    for (SubjectSketch s : sketches) {
      if (s.destination().equals(destination) && !s.day().isBefore(from) && !s.day().isAfter(to)) {
        if (union == null) {
          union = new HyperLogLog();
        }
        union.merge(s.registers());
      }
    }
    return union == null ? null : union.estimate();
  }

  private static final class FieldSum {
    final Rule rule;
    final Set<String> sources = new TreeSet<>();
    long events;
    long values;
    Instant first;
    Instant last;

    FieldSum(Rule rule) {
      this.rule = rule;
    }

    void add(LedgerEntry e) {
      sources.add(e.source());
      events += e.events();
      values += e.values();
      first = first == null || e.firstSeen().isBefore(first) ? e.firstSeen() : first;
      last = last == null || e.lastSeen().isAfter(last) ? e.lastSeen() : last;
    }
  }

  private static final class CategorySum {
    final Set<Protection> protections = EnumSet.noneOf(Protection.class);
    final Set<String> paths = new TreeSet<>();
    long values;
    long deliveredValues;

    void add(FieldKey k, long n) {
      protections.add(k.protection());
      paths.add(k.path());
      values += n;
      if (k.protection().delivered()) {
        deliveredValues += n;
      }
    }
  }
}
