package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import org.junit.jupiter.api.Test;

/** The memo of values that scanned clean: keyed by text and phone region, bounded, never findings. */
class CleanValuesTest {
  @Test
  void remembersCleanValuesPerRegion() {
    CleanValues clean = new CleanValues();
    assertThat(clean.contains("Acme Outfitters — Home", "US")).isFalse();
    clean.add("Acme Outfitters — Home", "US");
    assertThat(clean.contains("Acme Outfitters — Home", "US")).isTrue();
    assertThat(clean.contains(new String("Acme Outfitters — Home"), "US")).isTrue();
    assertThat(clean.contains("Acme Outfitters — Home", "DE")).isFalse();
    assertThat(clean.contains("Acme Outfitters — Home", null)).isFalse();
  }

  /** Text and region share one key string: neither can pass for the other. */
  @Test
  void textAndRegionCannotBeConfused() {
    CleanValues clean = new CleanValues();
    clean.add("call\0US", null);
    assertThat(clean.contains("call\0US", null)).isTrue();
    assertThat(clean.contains("call", "US")).isFalse();
    clean.add("call", "US");
    assertThat(clean.contains("call", "US")).isTrue();
    assertThat(clean.contains("call", null)).isFalse();
    assertThat(clean.contains("cal", "US")).isFalse();
    assertThat(clean.contains("call\0", "US")).isFalse();
  }

  @Test
  void regionsOfAnotherShapeAreNotRemembered() {
    CleanValues clean = new CleanValues();
    clean.add("Home", "USA");
    clean.add("Home", "\0A");
    assertThat(clean.contains("Home", "USA")).isFalse();
    assertThat(clean.contains("Home", "\0A")).isFalse();
  }

  @Test
  void longValuesAreNotKept() {
    CleanValues clean = new CleanValues();
    String longValue = "x".repeat(CleanValues.MAX_LENGTH + 1);
    clean.add(longValue, null);
    assertThat(clean.contains(longValue, null)).isFalse();
  }

  private static Event event(String locale, String note) throws Exception {
    ObjectNode n = (ObjectNode) Json.MAPPER.readTree(
        "{\"type\":\"track\",\"event\":\"Called\",\"context\":{\"locale\":\"" + locale + "\"},"
            + "\"properties\":{\"note\":\"" + note + "\"}}");
    return new Event(EventType.TRACK, "m-1", n);
  }

  /** A value clean in one region can hold a phone number in another: the region is part of the key. */
  @Test
  void aValueCleanWithoutRegionIsStillScannedWithOne() throws Exception {
    EventScanner scanner = new EventScanner(new TextScanner());
    assertThat(scanner.scan(event("en", "ring 030 12345678")).isEmpty()).isTrue();
    assertThat(scanner.scan(event("en", "ring 030 12345678")).isEmpty()).isTrue();
    EventFindings de = scanner.scan(event("de-DE", "ring 030 12345678"));
    assertThat(EventScanner.list(de)).singleElement()
        .satisfies(f -> assertThat(f.categories()).containsExactly(Category.PHONE));
  }
}
