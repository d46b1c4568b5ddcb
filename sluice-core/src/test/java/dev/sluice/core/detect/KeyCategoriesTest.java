package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The walk's per-scanner key table answers exactly what FieldNames does, also when keys share a slot. */
class KeyCategoriesTest {
  @Test
  void answersLikeFieldNamesAcrossSlotCollisions() {
    List<String> keys = new ArrayList<>(List.of("email", "$email", "user_email", "phone", "first_name",
        "lastName", "ip", "password", "api_key", "plan", "page", "title", "Aa", "BB", "AaAa", "BBBB"));
    for (int i = 0; i < 5_000; i++) {
      keys.add((i % 3 == 0 ? "email_" : i % 3 == 1 ? "item_" : "phone") + i); // more keys than slots
    }
    KeyCategories table = new KeyCategories();
    for (int round = 0; round < 2; round++) {
      for (String k : keys) {
        assertThat(table.classify(k)).as(k).isEqualTo(FieldNames.classify(k));
        assertThat(table.classify(new String(k))).as(k).isEqualTo(FieldNames.classify(k));
      }
    }
    assertThat(table.classify("email")).isEqualTo(Category.EMAIL);
  }
}
