package dev.sluice.core.generalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeAndNumberGeneralizationTest {
  static final AtomicReference<LocalDate> TODAY = new AtomicReference<>(LocalDate.of(2026, 11, 25));
  static final GeneralizeContext CTX = new GeneralizeContext(null, TODAY::get);
  static final Generalizer DAY = Generalizers.parse("day", CTX);
  static final Generalizer MONTH = Generalizers.parse("month", CTX);
  static final Generalizer AGE = Generalizers.parse("age-band", CTX);
  static final Generalizer BUCKET_10 = Generalizers.parse("bucket(10)", CTX);

  static String text(JsonNode n) {
    return n == null ? null : n.textValue();
  }

  static JsonNode json(String literal) throws Exception {
    return dev.sluice.core.event.Json.MAPPER.readTree(literal);
  }

  @ParameterizedTest
  @CsvSource({
    "'\"2026-11-25T18:04:11.203Z\"', 2026-11-25, 2026-11",
    "'\"2026-11-25T23:30:00-05:00\"', 2026-11-26, 2026-11", // converted to UTC
    "'\"2026-12-01T00:30:00+01:00\"', 2026-11-30, 2026-11",
    "'\"2026-11-25T10:00:00+01:00[Europe/Paris]\"', 2026-11-25, 2026-11",
    "'\"2026-11-25T10:00:00\"', 2026-11-25, 2026-11", // no offset: as written
    "'\"2026-11-25 10:00:00\"', 2026-11-25, 2026-11",
    "'\"2026-11-25\"', 2026-11-25, 2026-11",
    "1795629851203, 2026-11-25, 2026-11", // epoch millis
    "1795629851203.9, 2026-11-25, 2026-11",
    "'\"1795629851203\"', 2026-11-25, 2026-11",
    "'\"2026-11-25T23:59:59.999999999+00:00\"', 2026-11-25, 2026-11",
    "'\"2026-11-25T00:15:00+00:30\"', 2026-11-24, 2026-11",
    "'\"2026-11-25T23:45:00-00:15\"', 2026-11-26, 2026-11",
    "'\"2024-02-28T23:00:00-01:00\"', 2024-02-29, 2024-02", // leap day
    "'\"2026-12-31T23:00:00-01:00\"', 2027-01-01, 2027-01",
    "'\"2026-11-25T10:00:00.5+01:00\"', 2026-11-25, 2026-11",
    "'\"2026-11-25 10:00:00Z\"', 2026-11-25, 2026-11",
    "0, 1970-01-01, 1970-01",
    "-1, 1969-12-31, 1969-12",
  })
  void dayAndMonthTruncateTimestamps(String literal, String day, String month) throws Exception {
    assertThat(text(DAY.apply(json(literal)))).isEqualTo(day);
    assertThat(text(MONTH.apply(json(literal)))).isEqualTo(month);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"yesterday\"",
        "\"2026-13-01\"",
        "\"2026-02-30\"",
        "\"2026-11-25T25:00:00Z\"",
        "\"2026-11-25T10:60:00Z\"",
        "\"2026-11-25T10:00:00+25:00\"",
        "\"2026-11-25T10:00:00+0100x\"",
        "\"2025-02-29T10:00:00Z\"",
        "\"0000-01-01\"",
        "\"2026-11-25Tnonsense\"",
        "\"25/11/2026\"",
        "\"\"",
        "true",
        "null",
        "{}",
        "[1795629851203]",
        "1e300",
        "99999999999999999999",
        "253402300800000", // year 10000
      })
  void unparseableTimestampsCannotBeGeneralised(String literal) throws Exception {
    assertThat(DAY.apply(json(literal))).isNull();
    assertThat(MONTH.apply(json(literal))).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "1990-05-17, 30-39",
    "1996-11-25, 30-39", // 30th birthday today
    "1996-11-26, 20-29", // 30 tomorrow
    "2026-11-25, 0-9",
    "2016-11-26, 0-9",
    "1906-11-25, 120-129", // 120 years old: still plausible
    "1905-11-26, 120-129",
    "1990-05-17T08:00:00Z, 30-39",
  })
  void ageBandIsTenYearsWideOnToday(String dob, String band) {
    assertThat(text(AGE.apply(TextNode.valueOf(dob)))).isEqualTo(band);
  }

  @Test
  void ageBandFollowsToday() {
    JsonNode dob = TextNode.valueOf("1996-11-26");
    assertThat(text(AGE.apply(dob))).isEqualTo("20-29");
    TODAY.set(LocalDate.of(2026, 11, 26));
    try {
      assertThat(text(AGE.apply(dob))).isEqualTo("30-39");
    } finally {
      TODAY.set(LocalDate.of(2026, 11, 25));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-26",
        "2026-11-26T00:00:00Z",
        "2100-01-01",
        "1905-11-25",
        "1066-10-14",
        "a while ago"
      })
  void futureAbsurdOrUnparseableBirthDatesHaveNoBand(String dob) {
    assertThat(AGE.apply(TextNode.valueOf(dob))).isNull();
  }

  @Test
  void ageBandOfEpochMillis() {
    assertThat(text(AGE.apply(LongNode.valueOf(642902400000L)))).isEqualTo("30-39"); // 1990-05-17
  }

  @ParameterizedTest
  @CsvSource({
    "124, 10, 120-129",
    "120, 10, 120-129",
    "129, 10, 120-129",
    "0, 10, 0-9",
    "-3, 10, -10--1",
    "-10, 10, -10--1",
    "-11, 10, -20--11",
    "124.5, 10, 120-129",
    "-0.5, 10, -10--1",
    "'\"124\"', 10, 120-129",
    "'\" 124.9 \"', 10, 120-129",
    "'\"-3\"', 10, -10--1",
    "37, 1, 37-37",
    "1234567, 1000, 1234000-1234999",
    "9223372036854775807, 10, 9223372036854775800-9223372036854775809",
    "-9223372036854775808, 3, -9223372036854775809--9223372036854775807",
    "99999999999999999999, 1000, 99999999999999999000-99999999999999999999",
  })
  void bucketFloorsToAMultipleOfN(String literal, long n, String range) throws Exception {
    Generalizer bucket = Generalizers.parse("bucket(" + n + ")", CTX);
    assertThat(text(bucket.apply(json(literal)))).isEqualTo(range);
  }

  @Test
  void bucketOfExactDecimals() {
    assertThat(text(BUCKET_10.apply(DecimalNode.valueOf(new BigDecimal("129.999")))))
        .isEqualTo("120-129");
    assertThat(text(BUCKET_10.apply(JsonNodeFactory.instance.numberNode(BigInteger.TEN.pow(30)))))
        .isEqualTo("1000000000000000000000000000000-1000000000000000000000000000009");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"twelve\"",
        "\"1e3\"",
        "\"12 kg\"",
        "\"\"",
        "\"-\"",
        "\"1.2.3\"",
        "true",
        "null",
        "{}",
        "[12]"
      })
  void nonNumbersCannotBeBucketed(String literal) throws Exception {
    assertThat(BUCKET_10.apply(json(literal))).isNull();
  }

  @Test
  void infiniteAndHugeNumbersCannotBeBucketed() {
    assertThat(BUCKET_10.apply(DoubleNode.valueOf(Double.NaN))).isNull();
    assertThat(BUCKET_10.apply(DoubleNode.valueOf(Double.POSITIVE_INFINITY))).isNull();
    assertThat(BUCKET_10.apply(DecimalNode.valueOf(new BigDecimal("1e999999")))).isNull();
    assertThat(BUCKET_10.apply(BooleanNode.FALSE)).isNull();
  }

  @Test
  void describesThemselves() {
    assertThat(DAY.describe()).isEqualTo("day");
    assertThat(MONTH.describe()).isEqualTo("month");
    assertThat(AGE.describe()).isEqualTo("age-band");
    assertThat(BUCKET_10.describe()).isEqualTo("bucket(10)");
    assertThat(Generalizers.parse("bucket( 25 )", CTX).describe()).isEqualTo("bucket(25)");
  }
}
