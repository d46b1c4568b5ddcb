package dev.sluice.core.vendor.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SegmentDecoderTest {
  static final String PII = "jane@example.com";
  static final Instant RECEIVED = Instant.parse("2024-05-01T12:00:00Z");
  static final String IP = "203.0.113.9";

  final AtomicInteger ids = new AtomicInteger();
  SegmentDecoder decoder = new SegmentDecoder(SegmentLimits.DEFAULT, () -> "gen-" + ids.incrementAndGet());

  static SegmentLimits limits(int event, int batch, int events, int depth, int string) {
    return new SegmentLimits(event, batch, events, depth, string);
  }

  Decoded single(EventType type, String json) {
    return decoder.decode(type, bytes(json), RECEIVED, IP);
  }

  Decoded batch(String json) {
    return decoder.decode(null, bytes(json), RECEIVED, IP);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String q(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  BadInputException fails(EventType type, String json) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> decoder.decode(type, bytes(json), RECEIVED, IP));
    assertThat(e).as("expected BadInputException").isNotNull();
    assertThat(e.getMessage()).doesNotContain(PII).doesNotContain("jane");
    return e;
  }

  static void assertError(BadInputException e, int status, String code) {
    assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
  }

  static String track(String extra) {
    return q("{'type':'track','event':'Signed Up','anonymousId':'a1'" + extra + "}");
  }

  @Nested
  class WholeBody {
    @Test
    void malformedJsonNamesLineColumnAndOffsetButNotTheValue() {
      var e = fails(EventType.TRACK, "{\n  \"event\": \"x\",\n  \"userId\": jane@example.com\n}");
      assertError(e, 400, "malformed_json");
      assertThat(e.getMessage()).contains("line 3").contains("column").contains("byte offset");
    }

    @Test
    void truncatedJsonIsMalformed() {
      var e = fails(null, q("{'batch':[{'type':'track','event':'" + PII));
      assertError(e, 400, "malformed_json");
      assertThat(e.getMessage()).contains("unexpected end of input");
    }

    @Test
    void trailingContentIsMalformed() {
      assertError(fails(EventType.TRACK, track("") + " {}"), 400, "malformed_json");
      assertError(fails(EventType.TRACK, track("") + " x"), 400, "malformed_json");
    }

    @Test
    void invalidUtf8IsMalformed() {
      byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      var e = catchThrowableOfType(BadInputException.class, () -> decoder.decode(EventType.TRACK, body, RECEIVED, IP));
      assertError(e, 400, "malformed_json");
    }

    @Test
    void emptyBody() {
      var e = catchThrowableOfType(BadInputException.class, () -> decoder.decode(null, new byte[0], RECEIVED, IP));
      assertError(e, 400, "empty_body");
      assertError(fails(EventType.TRACK, "  \n "), 400, "empty_body");
    }

    @Test
    void bodyMustBeAnObject() {
      assertError(fails(EventType.TRACK, "[1,2]"), 400, "invalid_body");
      assertError(fails(EventType.TRACK, "\"" + PII + "\""), 400, "invalid_body");
      assertError(fails(null, "[" + track("") + "]"), 400, "invalid_body");
    }

    @Test
    void batchMustBeAnArrayAndPresent() {
      assertError(fails(null, q("{'batch':{'0':{}}}")), 400, "invalid_body");
      assertError(fails(null, q("{'batch':'" + PII + "'}")), 400, "invalid_body");
      assertError(fails(null, q("{'sentAt':'2024-05-01T12:00:00Z'}")), 400, "invalid_body");
    }

    @Test
    void batchEnvelopeFieldsAreTyped() {
      assertError(fails(null, q("{'batch':[],'context':'" + PII + "'}")), 400, "invalid_body");
      assertError(fails(null, q("{'batch':[],'sentAt':'" + PII + "'}")), 400, "invalid_body");
      assertError(fails(null, q("{'batch':[],'writeKey':42}")), 400, "invalid_body");
    }

    @Test
    void tooDeepCountsFromTheEventAndNamesThePath() {
      var d = new SegmentDecoder(limits(32 * 1024, 500 * 1024, 2500, 4, 8192), () -> "x");
      // event(1) > properties(2) > a(3) > b(4): allowed
      String ok = track(",'properties':{'a':{'b':{}}}");
      assertThat(d.decode(EventType.TRACK, bytes(ok), RECEIVED, IP).accepted()).hasSize(1);
      assertThat(d.decode(null, bytes("{\"batch\":[" + ok + "]}"), RECEIVED, IP).accepted()).hasSize(1);
      // one more level: refused, on both endpoints
      String deep = track(",'properties':{'a':{'b':{'c':['" + PII + "']}}}");
      var e = catchThrowableOfType(BadInputException.class, () -> d.decode(EventType.TRACK, bytes(deep), RECEIVED, IP));
      assertError(e, 400, "too_deep");
      assertThat(e.getMessage()).contains("properties.a.b.c").doesNotContain(PII);
      var eb = catchThrowableOfType(BadInputException.class,
          () -> d.decode(null, bytes("{\"batch\":[" + ok + "," + deep + "]}"), RECEIVED, IP));
      assertError(eb, 400, "too_deep");
      assertThat(eb.getMessage()).contains("batch[1].properties.a.b.c");
    }

    @Test
    void defaultDepthStopsPathologicalNesting() {
      String deep = "[".repeat(200) + "]".repeat(200);
      assertError(fails(EventType.TRACK, track(",'properties':{'x':" + deep + "}")), 400, "too_deep");
    }

    @Test
    void singleEventOverMaxEventBytesIs413() {
      String big = track(",'properties':{'blob':'" + "x".repeat(5000) + "'}");
      var d = new SegmentDecoder(limits(4096, 500 * 1024, 2500, 32, 8192), () -> "x");
      var e = catchThrowableOfType(BadInputException.class, () -> d.decode(EventType.TRACK, bytes(big), RECEIVED, IP));
      assertError(e, 413, "too_large");
    }

    @Test
    void batchOverMaxBatchBytesIs413() {
      var d = new SegmentDecoder(limits(1024, 2048, 2500, 32, 8192), () -> "x");
      String body = "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(50, track(""))) + "]}";
      assertThat(body.length()).isGreaterThan(2048);
      var e = catchThrowableOfType(BadInputException.class, () -> d.decode(null, bytes(body), RECEIVED, IP));
      assertError(e, 413, "too_large");
    }

    @Test
    void tooManyEventsIs413() {
      var d = new SegmentDecoder(limits(1024, 500 * 1024, 3, 32, 8192), () -> "x");
      String three = "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(3, track(""))) + "]}";
      assertThat(d.decode(null, bytes(three), RECEIVED, IP).accepted()).hasSize(3);
      String four = "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(4, track(""))) + "]}";
      var e = catchThrowableOfType(BadInputException.class, () -> d.decode(null, bytes(four), RECEIVED, IP));
      assertError(e, 413, "too_many_events");
    }

    @Test
    void stringTooLongNamesThePath() {
      decoder = new SegmentDecoder(limits(32 * 1024, 500 * 1024, 2500, 32, 16), () -> "x");
      String body = track(",'properties':{'email':'" + PII + "-and-more'}");
      var e = fails(EventType.TRACK, body);
      assertError(e, 400, "string_too_long");
      assertThat(e.getMessage()).contains("properties.email");

      var eb = fails(null, "{\"batch\":[" + track("") + "," + body + "]}");
      assertError(eb, 400, "string_too_long");
      assertThat(eb.getMessage()).contains("batch[1].properties.email");

      var en = fails(EventType.TRACK, track(",'traits':{'" + "k".repeat(17) + "':1}"));
      assertError(en, 400, "string_too_long");
      assertThat(en.getMessage()).contains("field name").contains("traits");
    }

    @Test
    void stringAtTheCapIsAccepted() {
      decoder = new SegmentDecoder(limits(32 * 1024, 500 * 1024, 2500, 32, 16), () -> "x");
      assertThat(single(EventType.TRACK, track(",'properties':{'p':'" + "y".repeat(16) + "'}")).accepted()).hasSize(1);
    }

    @Test
    void duplicateKeysAreNamed() {
      var e = fails(EventType.IDENTIFY, q("{'userId':'u','traits':{'email':'" + PII + "','email':'x'}}"));
      assertError(e, 400, "duplicate_key");
      assertThat(e.getMessage()).contains("traits.email");

      var eb = fails(null, q("{'batch':[{'type':'track','event':'e','userId':'u','userId':'v'}]}"));
      assertError(eb, 400, "duplicate_key");
      assertThat(eb.getMessage()).contains("batch[0].userId");

      var env = fails(null, q("{'batch':[],'batch':[]}"));
      assertError(env, 400, "duplicate_key");
      assertThat(env.getMessage()).contains("batch");
    }

    @Test
    void numbersBeyondDoubleRangeAndNaN() {
      assertError(fails(EventType.TRACK, track(",'properties':{'n':1e400}")), 400, "invalid_number");
      assertError(fails(EventType.TRACK, track(",'properties':{'n':-1e400}")), 400, "invalid_number");
      assertError(fails(EventType.TRACK, track(",'properties':{'n':1" + "0".repeat(400) + "}")), 400, "invalid_number");
      assertError(fails(EventType.TRACK, track(",'properties':{'n':NaN}")), 400, "invalid_number");
      assertError(fails(EventType.TRACK, track(",'properties':{'n':Infinity}")), 400, "invalid_number");
      // big but in range: fine
      assertThat(single(EventType.TRACK, track(",'properties':{'n':1" + "0".repeat(300) + ",'f':1.5e300}")).accepted()).hasSize(1);
    }

    @Test
    void conflictingWriteKeys() {
      var e = fails(null, q("{'writeKey':'k1','batch':[{'type':'track','event':'e','userId':'u','writeKey':'k2'}]}"));
      assertError(e, 400, "conflicting_write_keys");
      assertThat(e.getMessage()).doesNotContain("k1").doesNotContain("k2");
    }
  }

  @Nested
  class BatchItems {
    @Test
    void partialBatchReportsTheRightIndexes() {
      String body =
          "{\"batch\":["
              + String.join(
                  ",",
                  q("{'type':'track','event':'ok','userId':'u0'}"), // 0 ok
                  "42", // 1 not an object
                  q("{'event':'e','userId':'" + PII + "'}"), // 2 missing type
                  q("{'type':'purchase','userId':'u'}"), // 3 unknown type
                  q("{'type':'track','userId':'u'}"), // 4 missing event
                  q("{'type':'track','event':'  ','userId':'u'}"), // 5 blank event
                  q("{'type':'track','event':'e'}"), // 6 no identity
                  q("{'type':'alias','userId':'u'}"), // 7 alias without previousId
                  q("{'type':'group','userId':'u'}"), // 8 group without groupId
                  q("{'type':'identify','userId':{'id':'" + PII + "'}}"), // 9 wrong id type
                  q("{'type':'track','event':'e','userId':'u','properties':['" + PII + "']}"), // 10
                  q("{'type':'identify','userId':'u','traits':'" + PII + "'}"), // 11
                  q("{'type':'track','event':'e','userId':'u','timestamp':1714564800000}"), // 12
                  q("{'type':'track','event':'e','userId':'u','timestamp':'" + PII + "'}"), // 13
                  q("{'type':'page','userId':'u','context':'x'}"), // 14
                  q("{'type':'track','event':7,'userId':'u'}"), // 15 event not a string
                  q("{'type':'screen','anonymousId':'a','context':{'ip':12}}"), // 16
                  q("{'type':'alias','userId':'u','previousId':'p'}"), // 17 ok
                  q("{'type':'group','anonymousId':'a','groupId':'g'}"), // 18 ok
                  q("{'type':'identify','userId':'u','sentAt':'yesterday'}"), // 19
                  q("{'type':'identify','userId':'u','writeKey':5}"), // 20
                  q("{'type':'identify','userId':'u','messageId':{}}")) // 21
              + "]}";
      Decoded d = batch(body);
      assertThat(d.accepted()).extracting(Event::type)
          .containsExactly(EventType.TRACK, EventType.ALIAS, EventType.GROUP);
      assertThat(d.rejected()).extracting(Rejection::index)
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21);
      assertThat(d.rejected()).extracting(Rejection::code)
          .containsExactly(
              "invalid_event", "missing_type", "invalid_type", "missing_field", "missing_field",
              "missing_field", "missing_field", "missing_field", "invalid_field", "invalid_field",
              "invalid_field", "invalid_field", "invalid_field", "invalid_field", "invalid_field",
              "invalid_field", "invalid_field", "invalid_field", "invalid_field");
      assertThat(d.rejected()).allSatisfy(r -> assertThat(r.message()).doesNotContain(PII).isNotBlank());
      assertThat(d.rejected().get(7).message()).contains("groupId");
      assertThat(d.rejected().get(8).message()).contains("userId");
      assertThat(d.rejected().get(11).message()).contains("timestamp").contains("ISO-8601");
    }

    @Test
    void itemOverMaxEventBytesIsRejectedAlone() {
      decoder = new SegmentDecoder(limits(200, 500 * 1024, 2500, 32, 8192), () -> "x");
      String small = track("");
      String big = track(",'properties':{'blob':'" + "x".repeat(300) + "'}");
      Decoded d = batch("{\"batch\":[" + small + ",\n  " + big + ", " + small + "]}");
      assertThat(d.accepted()).hasSize(2);
      assertThat(d.rejected()).containsExactly(new Rejection(1, "too_large", "event is larger than 200 bytes"));
    }

    @Test
    void itemSizeIsTheBytesOnTheWire() {
      String item = track(",'properties':{'name':'Zoë'}"); // ë is two bytes in UTF-8
      int size = bytes(item).length;
      decoder = new SegmentDecoder(limits(size, 500 * 1024, 2500, 32, 8192), () -> "x");
      assertThat(batch("{\"batch\":[ " + item + " ]}").rejected()).isEmpty();
      decoder = new SegmentDecoder(limits(size - 1, 500 * 1024, 2500, 32, 8192), () -> "x");
      assertThat(batch("{\"batch\":[ " + item + " ]}").rejected()).extracting(Rejection::code).containsExactly("too_large");
    }

    @Test
    void emptyBatchIsFine() {
      Decoded d = batch(q("{'batch':[]}"));
      assertThat(d.accepted()).isEmpty();
      assertThat(d.rejected()).isEmpty();
      assertThat(d.writeKey()).isNull();
    }

    @Test
    void aThousandEventBatchDecodes() {
      StringBuilder sb = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < 1000; i++) {
        if (i > 0) sb.append(',');
        EventType t = EventType.values()[i % EventType.values().length];
        sb.append(q("{'type':'" + t.wireName() + "','userId':'user-" + i + "','previousId':'p" + i
            + "','groupId':'g','event':'Event " + i + "','timestamp':'2024-05-01T11:59:0" + (i % 10)
            + ".5Z','properties':{'i':" + i + ",'price':" + (i * 1.25) + ",'tags':['a','b']},"
            + "'context':{'library':{'name':'analytics.js','version':'5.0.0'},'locale':'en-GB'}}"));
      }
      sb.append("],\"sentAt\":\"2024-05-01T12:00:00Z\"}");
      Decoded d = batch(sb.toString());
      assertThat(d.rejected()).isEmpty();
      assertThat(d.accepted()).hasSize(1000);
      Set<String> mids = new HashSet<>();
      d.accepted().forEach(e -> mids.add(e.messageId()));
      assertThat(mids).hasSize(1000);
      assertThat(d.accepted().get(999).json().get("properties").get("i").asInt()).isEqualTo(999);
    }

    @Test
    void typeMayBeAShortNameAndAnyCase() {
      Decoded d = batch(q("{'batch':[{'type':'t','event':'e','userId':'u'},{'type':'IDENTIFY','userId':'u'}]}"));
      assertThat(d.accepted()).extracting(e -> e.json().get("type").asText()).containsExactly("track", "identify");
    }
  }

  @Nested
  class SingleEvent {
    @Test
    void perItemProblemIsA400WithItsCode() {
      var e = fails(EventType.TRACK, q("{'userId':'" + PII + "'}"));
      assertError(e, 400, "missing_field");
      assertThat(e.getMessage()).contains("event");
      assertError(fails(EventType.GROUP, q("{'userId':'u'}")), 400, "missing_field");
      assertError(fails(EventType.IDENTIFY, q("{'userId':['" + PII + "']}")), 400, "invalid_field");
    }

    @Test
    void thePathWinsOverTheBodyType() {
      Decoded d = single(EventType.TRACK, q("{'type':'identify','event':'Clicked','userId':'u'}"));
      assertThat(d.accepted().get(0).type()).isEqualTo(EventType.TRACK);
      assertThat(d.accepted().get(0).json().get("type").asText()).isEqualTo("track");
      // even a nonsense type in the body does not matter
      assertThat(single(EventType.PAGE, q("{'type':42,'anonymousId':'a'}")).accepted().get(0).type())
          .isEqualTo(EventType.PAGE);
    }

    @Test
    void writeKeyIsLiftedOutOfTheEvent() {
      Decoded d = single(EventType.TRACK, track(",'writeKey':'wk_123'"));
      assertThat(d.writeKey()).isEqualTo("wk_123");
      assertThat(d.accepted().get(0).json().has("writeKey")).isFalse();
      assertError(fails(EventType.TRACK, track(",'writeKey':{}")), 400, "invalid_field");
    }
  }

  @Nested
  class Normalisation {
    JsonNode one(EventType type, String json) {
      Decoded d = single(type, json);
      assertThat(d.rejected()).isEmpty();
      return d.accepted().get(0).json();
    }

    @Test
    void missingMessageIdComesFromTheSupplier() {
      Decoded d = single(EventType.TRACK, track(""));
      assertThat(d.accepted().get(0).messageId()).isEqualTo("gen-1");
      assertThat(d.accepted().get(0).json().get("messageId").asText()).isEqualTo("gen-1");
      assertThat(single(EventType.TRACK, track(",'messageId':''")).accepted().get(0).messageId()).isEqualTo("gen-2");
      assertThat(single(EventType.TRACK, track(",'messageId':'m-7'")).accepted().get(0).messageId()).isEqualTo("m-7");
      assertThat(single(EventType.TRACK, track(",'messageId':77")).accepted().get(0).messageId()).isEqualTo("77");
      assertThat(ids.get()).isEqualTo(2);
    }

    @Test
    void clockSkewIsCorrected() {
      // The device clock runs 5 minutes fast: it says it sent at 12:05, we received at 12:00.
      // The event happened one minute before sending: 12:04 on the device, 11:59 in truth.
      JsonNode e = one(EventType.TRACK,
          track(",'timestamp':'2024-05-01T12:04:00.250Z','sentAt':'2024-05-01T12:05:00Z'"));
      assertThat(e.get("timestamp").asText()).isEqualTo("2024-05-01T11:59:00.250Z");
      assertThat(e.get("originalTimestamp").asText()).isEqualTo("2024-05-01T12:04:00.250Z");
      assertThat(e.get("sentAt").asText()).isEqualTo("2024-05-01T12:05:00.000Z");
      assertThat(e.get("receivedAt").asText()).isEqualTo("2024-05-01T12:00:00.000Z");
    }

    @Test
    void clockSkewUsesOffsetsAndBatchSentAt() {
      Decoded d = batch(q("{'sentAt':'2024-05-01T11:00:00-01:00','batch':["
          + "{'type':'track','event':'e','userId':'u','timestamp':'2024-05-01T13:59:30.123456+01:00'},"
          + "{'type':'track','event':'e','userId':'u','timestamp':'2024-05-01T11:59:30Z','sentAt':'2024-05-01T11:59:40Z'}]}"));
      JsonNode a = d.accepted().get(0).json();
      // the batch sentAt (12:00Z) equals receivedAt: the device clock is right, nothing to
      // correct; offsets are honoured and the output is UTC, truncated to milliseconds
      assertThat(a.get("originalTimestamp").asText()).isEqualTo("2024-05-01T12:59:30.123Z");
      assertThat(a.get("sentAt").asText()).isEqualTo("2024-05-01T12:00:00.000Z");
      assertThat(a.get("timestamp").asText()).isEqualTo("2024-05-01T12:59:30.123Z");
      JsonNode b = d.accepted().get(1).json();
      // item sentAt wins over batch sentAt: 10 s before sending, device clock 20 s behind
      assertThat(b.get("timestamp").asText()).isEqualTo("2024-05-01T11:59:50.000Z");
      assertThat(b.get("sentAt").asText()).isEqualTo("2024-05-01T11:59:40.000Z");
    }

    @Test
    void timestampWithoutSentAtIsKept() {
      JsonNode e = one(EventType.TRACK, track(",'timestamp':'2023-01-02T03:04:05+0200'"));
      assertThat(e.get("timestamp").asText()).isEqualTo("2023-01-02T01:04:05.000Z");
      assertThat(e.get("originalTimestamp").asText()).isEqualTo("2023-01-02T01:04:05.000Z");
      assertThat(e.has("sentAt")).isFalse();
    }

    @Test
    void noTimestampMeansReceivedAt() {
      Instant received = Instant.parse("2024-05-01T12:00:00.123456789Z");
      Event ev = decoder.decode(EventType.TRACK, bytes(track(",'sentAt':'2024-05-01T12:00:00Z'")), received, IP).accepted().get(0);
      assertThat(ev.json().get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00.123Z");
      assertThat(ev.json().get("receivedAt").asText()).isEqualTo("2024-05-01T12:00:00.123Z");
      assertThat(ev.json().has("originalTimestamp")).isFalse();
    }

    @Test
    void clientReceivedAtIsOverwritten() {
      JsonNode e = one(EventType.TRACK, track(",'receivedAt':'1999-01-01T00:00:00Z'"));
      assertThat(e.get("receivedAt").asText()).isEqualTo("2024-05-01T12:00:00.000Z");
    }

    @Test
    void timestampFormsAccepted() {
      for (String t : List.of("2024-05-01T12:00:00Z", "2024-05-01T12:00Z", "2024-05-01t12:00:00.5z",
          "2024-05-01T14:00:00+02:00", "2024-05-01T14:00:00+0200", "2024-05-01T12:00:00")) {
        assertThat(one(EventType.TRACK, track(",'timestamp':'" + t + "'")).get("timestamp").asText())
            .as(t).startsWith("2024-05-01T12:00:00.");
      }
      assertThat(one(EventType.TRACK, track(",'timestamp':'2024-05-01T17:30:00.999999999+05:30'")).get("timestamp").asText())
          .isEqualTo("2024-05-01T12:00:00.999Z");
      assertThat(one(EventType.TRACK, track(",'timestamp':'2024-05-01T09:00:00-03'")).get("timestamp").asText())
          .isEqualTo("2024-05-01T12:00:00.000Z");
      assertThat(one(EventType.TRACK, track(",'timestamp':'2024-02-29T00:00:00Z'")).get("timestamp").asText())
          .isEqualTo("2024-02-29T00:00:00.000Z");
      for (String t : List.of("2024-05-01", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
          "1714564800000", "", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:60Z",
          "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00.1234567891Z", "2024-05-01T12:00:00+19:00",
          "2024-05-01T12:00:00+02:", "2024-05-01T12:00:00 ", "2024-05-01 12:00:00Z", "+2024-05-01T12:00:00Z",
          "2024-05-01T12:00:00Zjunk", "２０２４-05-01T12:00:00Z")) {
        assertError(fails(EventType.TRACK, track(",'timestamp':'" + t + "'")), 400, "invalid_field");
      }
    }

    @Test
    void connectionIpFillsContextIp() {
      JsonNode e = one(EventType.TRACK, track(""));
      assertThat(e.get("context").get("ip").asText()).isEqualTo(IP);
      JsonNode withCtx = one(EventType.TRACK, track(",'context':{'locale':'en'}"));
      assertThat(withCtx.get("context").get("ip").asText()).isEqualTo(IP);
      assertThat(withCtx.get("context").get("locale").asText()).isEqualTo("en");
    }

    @Test
    void forwardedContextIpIsKept() {
      JsonNode e = one(EventType.TRACK, track(",'context':{'ip':'198.51.100.7'}"));
      assertThat(e.get("context").get("ip").asText()).isEqualTo("198.51.100.7");
      JsonNode blank = one(EventType.TRACK, track(",'context':{'ip':''}"));
      assertThat(blank.get("context").get("ip").asText()).isEqualTo(IP);
    }

    @Test
    void noConnectionIpLeavesContextAlone() {
      Event ev = decoder.decode(EventType.TRACK, bytes(track("")), RECEIVED, null).accepted().get(0);
      assertThat(ev.json().has("context")).isFalse();
    }

    @Test
    void numericIdsAreCoercedToStrings() {
      JsonNode e = one(EventType.IDENTIFY, q("{'userId':12345,'anonymousId':1.50,'traits':{'plan':'pro'}}"));
      assertThat(e.get("userId").isTextual()).isTrue();
      assertThat(e.get("userId").asText()).isEqualTo("12345");
      assertThat(e.get("anonymousId").asText()).isEqualTo("1.5");
      JsonNode g = one(EventType.GROUP, q("{'userId':98765432109876543210,'groupId':7}"));
      assertThat(g.get("userId").asText()).isEqualTo("98765432109876543210");
      assertThat(g.get("groupId").asText()).isEqualTo("7");
      JsonNode a = one(EventType.ALIAS, q("{'userId':1,'previousId':2}"));
      assertThat(a.get("previousId").asText()).isEqualTo("2");
    }

    @Test
    void nullFieldsAreTreatedAsAbsent() {
      JsonNode e = one(EventType.PAGE, q("{'userId':null,'anonymousId':'a','properties':null,'timestamp':null}"));
      assertThat(e.has("userId")).isFalse();
      assertThat(e.has("properties")).isFalse();
      assertThat(e.get("timestamp").asText()).isEqualTo("2024-05-01T12:00:00.000Z");
    }

    @Test
    void batchContextAndIntegrationsMergeIntoEachItemItemWins() {
      Decoded d = batch(q("{'writeKey':'wk','context':{'library':{'name':'analytics-node','version':'1'},'locale':'en-GB','ip':'198.51.100.1'},"
          + "'integrations':{'All':false,'Mixpanel':true},'batch':["
          + "{'type':'track','event':'a','userId':'u','context':{'library':{'version':'2'},'locale':'fr-FR'},'integrations':{'All':true}},"
          + "{'type':'track','event':'b','userId':'u','writeKey':'wk'}]}"));
      assertThat(d.writeKey()).isEqualTo("wk");
      assertThat(d.rejected()).isEmpty();
      ObjectNode a = d.accepted().get(0).json();
      ObjectNode b = d.accepted().get(1).json();
      assertThat(a.get("context").get("library").get("version").asText()).isEqualTo("2");
      assertThat(a.get("context").get("library").get("name").asText()).isEqualTo("analytics-node");
      assertThat(a.get("context").get("locale").asText()).isEqualTo("fr-FR");
      assertThat(a.get("context").get("ip").asText()).isEqualTo("198.51.100.1"); // forwarded ip kept
      assertThat(a.get("integrations").get("All").asBoolean()).isTrue();
      assertThat(a.get("integrations").get("Mixpanel").asBoolean()).isTrue();
      assertThat(b.get("context").get("locale").asText()).isEqualTo("en-GB");
      assertThat(b.get("integrations").get("All").asBoolean()).isFalse();
      assertThat(b.has("writeKey")).isFalse();
      // each item owns its context: changing one leaves the other alone
      ((ObjectNode) b.get("context")).put("locale", "de-DE");
      assertThat(a.get("context").get("locale").asText()).isEqualTo("fr-FR");
      assertThat(d.accepted().get(1).json().get("context")).isNotSameAs(a.get("context"));
    }

    @Test
    void writeKeyFromItemsWhenTheEnvelopeHasNone() {
      Decoded d = batch(q("{'batch':[{'type':'track','event':'a','userId':'u','writeKey':'wk'},{'type':'track','event':'b','userId':'u'}]}"));
      assertThat(d.writeKey()).isEqualTo("wk");
      assertThat(d.accepted()).allSatisfy(e -> assertThat(e.json().has("writeKey")).isFalse());
    }

    @Test
    void canonicalFieldsAreSet() {
      Event ev = single(EventType.SCREEN, q("{'anonymousId':'a','name':'Home'}")).accepted().get(0);
      assertThat(ev.type()).isEqualTo(EventType.SCREEN);
      assertThat(ev.json().get("type").asText()).isEqualTo("screen");
      assertThat(ev.json().get("name").asText()).isEqualTo("Home");
      assertThat(ev.json().fieldNames()).toIterable()
          .contains("type", "messageId", "timestamp", "receivedAt", "context");
    }
  }
}
