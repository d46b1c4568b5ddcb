package dev.sluice.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathNormalizerTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // plain paths are kept, as the same instance
        "properties.plan | properties.plan",
        "context.page.path | context.page.path",
        "context.os.name | context.os.name",
        "properties.h264 | properties.h264",
        "properties.step_2 | properties.step_2",
        "properties.sha256 | properties.sha256",
        "properties.user-42 | properties.user-42",
        // ids
        "properties.orders.1001.total | properties.orders.:id.total",
        "properties.scores.user_123456 | properties.scores.:id",
        "traits.phones.+15551234567 | traits.phones.:id",
        "properties.scores.user_planted_991 | properties.scores.:id",
        "properties.orders.order-1042.total | properties.orders.:id.total",
        "properties.sessions.123e4567-e89b-12d3-a456-426614174000 | properties.sessions.:uuid",
        "properties.objects.5f1d7c2e9a8b4c3d2e1f0a9b | properties.objects.:hex",
        "properties.tokens.AbCdEfGhIjKlMnOpQr7s8t9u | properties.tokens.:id",
        // emails, including their dotted pieces
        "properties.invitees.jdoe@example.com | properties.:email",
        "properties.invitees.jane.doe@mail.example.com | properties.:email",
        "properties.invitees.jane.doe@mail.example.com.Accepted | properties.:email.Accepted",
        "jane@example.com | :email",
        // keys that are personal data by content, not shape
        "properties.Jennifer Hargreaves | properties.:name",
        "properties.guests.Jennifer Hargreaves.rsvp | properties.guests.:name.rsvp",
        "properties.123 Larkspur Avenue | properties.:address",
        "properties.Order Completed | properties.Order Completed",
        // over-long segments
        "properties.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.x | properties.:long.x",
        // already normalised: unchanged
        "properties.:email | properties.:email",
        "properties.orders.:id.total | properties.orders.:id.total",
      })
  void normalises(String path, String expected) {
    String out = PathNormalizer.normalize(path);
    assertThat(out).isEqualTo(expected);
    assertThat(PathNormalizer.normalize(out)).as("idempotent").isEqualTo(out);
    if (path.equals(expected)) {
      assertThat(out).isSameAs(path);
    }
  }
}
