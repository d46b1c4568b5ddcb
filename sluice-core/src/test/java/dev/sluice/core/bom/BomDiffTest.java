package dev.sluice.core.bom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.bom.BomDiff.Change;
import dev.sluice.core.bom.BomDiff.Kind;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.ledger.LedgerSnapshot;
import dev.sluice.core.policy.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BomDiffTest {
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  /** A BOM from ledger rows written as "destination path category OUTCOME". */
  static Bom bom(String... rows) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (String r : rows) {
      String[] p = r.split(" ");
      entries.add(new LedgerEntry("web", p[0], p[1], p[2], Outcome.valueOf(p[3]), 1, 1, T, T));
    }
    return BomBuilder.build(new LedgerSnapshot(entries, List.of()), List.of(), null, T, T);
  }

  static final Bom OLD =
      bom(
          "hook userId online_id PSEUDONYMIZED",
          "hook properties.subject email REDACTED",
          "hook properties.plan none SENT",
          "hook properties.password secret BLOCKED_BY_CONTRACT");

  static final Bom NEW =
      bom(
          "hook userId online_id PSEUDONYMIZED",
          "hook anonymousId online_id SENT",
          "hook properties.subject email REDACTED",
          "hook traits.email email HASHED",
          "hook properties.password secret BLOCKED_BY_CONTRACT",
          "ads traits.phone phone SENT");

  @Test
  void newCategoriesComeFirstRawBeforeProtectedThenFieldsThenWhatStopped() {
    List<Change> changes = BomDiff.between(OLD, NEW).changes();

    assertThat(changes)
        .containsExactly(
            new Change(Kind.NEW_RAW_CATEGORY, "ads", "phone", null, null),
            new Change(Kind.NEW_RAW_CATEGORY, "hook", "online_id", null, null),
            new Change(Kind.NEW_CATEGORY, "hook", "email", null, null),
            new Change(Kind.NEW_DESTINATION, "ads", null, null, null),
            new Change(Kind.NEW_FIELD, "ads", "phone", "traits.phone", Protection.RAW),
            new Change(Kind.NEW_FIELD, "hook", "email", "traits.email", Protection.HASHED),
            new Change(Kind.NEW_FIELD, "hook", "online_id", "anonymousId", Protection.RAW),
            new Change(Kind.STOPPED_FIELD, "hook", "none", "properties.plan", Protection.RAW));
  }

  @Test
  void theReverseReportsTheSameFlowsAsStopped() {
    List<Change> changes = BomDiff.between(NEW, OLD).changes();

    assertThat(changes).filteredOn(c -> c.kind().started())
        .containsExactly(new Change(Kind.NEW_FIELD, "hook", "none", "properties.plan", Protection.RAW));
    assertThat(changes)
        .contains(
            new Change(Kind.STOPPED_RAW_CATEGORY, "hook", "online_id", null, null),
            new Change(Kind.STOPPED_CATEGORY, "hook", "email", null, null),
            new Change(Kind.STOPPED_DESTINATION, "ads", null, null, null));
  }

  @Test
  void failOnNewMatchesCategoriesThatNewlyReachAVendorOrNewlyReachItRaw() {
    BomDiff diff = BomDiff.between(OLD, NEW);

    assertThat(diff.newlyFlowing(List.of("email"))).extracting(Change::destination).containsExactly("hook");
    assertThat(diff.newlyFlowing(List.of("online_id"))).extracting(Change::kind).containsExactly(Kind.NEW_RAW_CATEGORY);
    assertThat(diff.newlyFlowing(List.of("secret", "ip"))).isEmpty(); // secret is still blocked
    assertThat(BomDiff.between(NEW, NEW).isEmpty()).isTrue();
  }
}
