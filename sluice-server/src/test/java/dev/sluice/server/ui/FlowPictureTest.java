package dev.sluice.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowPictureTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  private static LedgerEntry row(String dest, String path, String category, Outcome outcome, long values) {
    return new LedgerEntry("web", dest, path, category, outcome, values, values, T, T);
  }

  private static FlowPicture.Band band(FlowPicture p, String from, String to) {
    return p.bands().stream().filter(b -> b.from().equals(from) && b.to().equals(to)).findFirst().orElseThrow();
  }

  @Test
  void bandsAreAsWideAsTheirValuesAndRawPersonalDataIsItsOwnKind() {
    FlowPicture p =
        FlowPicture.of(
            List.of(
                row("a", "anonymousId", "online_id", Outcome.SENT, 40),
                row("a", "userId", "online_id", Outcome.PSEUDONYMIZED, 40),
                row("b", "context.ip", "ip", Outcome.GENERALIZED, 10),
                row("b", "properties.plan", "none", Outcome.SENT, 10)));
    assertThat(p.bands()).filteredOn(b -> b.from().equals("online_id")).extracting(FlowPicture.Band::kind)
        .containsExactlyInAnyOrder("raw", "protected");
    assertThat(band(p, "ip", "b").kind()).isEqualTo("protected");
    assertThat(band(p, "none", "b").kind()).isEqualTo("plain");
    double wide = Double.parseDouble(band(p, "web", "online_id").strokeWidth());
    double narrow = Double.parseDouble(band(p, "web", "ip").strokeWidth());
    assertThat(wide / narrow).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(p.total()).isEqualTo(100);
  }

  @Test
  void onlyWhatWasDeliveredIsDrawn() {
    FlowPicture p =
        FlowPicture.of(
            List.of(
                row("a", "(event)", "none", Outcome.SENT, 5),
                row("a", "properties.email", "email", Outcome.BLOCKED_BY_CONTRACT, 5),
                row("a", "properties.note", "phone", Outcome.REDACTED, 5),
                row("a", "properties.ssn", "ssn", Outcome.DROPPED_FOR_PII, 5)));
    assertThat(p.bands()).isEmpty();
    assertThat(p.nodes()).isEmpty();
    assertThat(p.total()).isZero();
  }
}
