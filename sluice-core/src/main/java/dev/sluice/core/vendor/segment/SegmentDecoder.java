package dev.sluice.core.vendor.segment;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TreeTraversingParser;
import dev.sluice.core.BadInputException;
import dev.sluice.core.event.Event;
import dev.sluice.core.event.EventType;
import dev.sluice.core.event.Json;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Segment HTTP Tracking API wire format in: one request body to canonical events.
 *
 * <p>Endpoints: a single-event path ({@code /v1/track}, {@code /v1/t}, {@code /v1/identify}, ...)
 * passes its {@link EventType}; {@code /v1/batch}, {@code /v1/b} and {@code /v1/import} pass
 * null and send {@code {"batch":[...], "sentAt", "context", "integrations", "writeKey"}}.
 *
 * <p>Errors: a problem with the whole body throws {@link BadInputException} (400 or 413); a
 * problem with one batch item becomes a {@link Rejection} and the rest is accepted; on a
 * single-event path the item's problem is a 400 with the same code. Messages name fields and
 * JSON paths, never values.
 *
 * <p>Pure and thread-safe (given a thread-safe id supplier): no clock, no I/O.
 */
public final class SegmentDecoder {
  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

  /** Output for years outside 0000-9999 only; the common case is {@link #format}'s own code. */
  private static final DateTimeFormatter ISO_OUT =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

  private static final String[] ID_FIELDS = {"userId", "anonymousId", "groupId", "previousId"};
  private static final String[] OBJECT_FIELDS = {"properties", "traits", "context", "integrations"};

  private final SegmentLimits limits;
  private final Supplier<String> messageIds;

  /**
   * @param limits size, count, depth and string caps
   * @param messageIds makes a {@code messageId} for an event that arrives without one
   */
  public SegmentDecoder(SegmentLimits limits, Supplier<String> messageIds) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.messageIds = Objects.requireNonNull(messageIds, "messageIds");
  }

  /**
   * Decodes one request body.
   *
   * @param pathType the type the URL names ({@code /v1/track} → TRACK), or null for a batch
   *     endpoint ({@code /v1/batch}, {@code /v1/b}, {@code /v1/import})
   * @param body the request body, already decompressed (UTF-8 JSON)
   * @param receivedAt when the request arrived; becomes every event's {@code receivedAt}
   * @param connectionIp the client IP the server trusts (after proxy handling); becomes {@code
   *     context.ip} unless the event carries one; null to leave {@code context.ip} alone
   * @throws BadInputException for a body that cannot be taken as a whole
   */
  public Decoded decode(EventType pathType, byte[] body, Instant receivedAt, String connectionIp) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (body == null || body.length == 0) {
      throw BadInputException.badRequest("empty_body", "request body is empty");
    }
    boolean batch = pathType == null;
    int maxBytes = batch ? limits.maxBatchBytes() : limits.maxEventBytes();
    if (body.length > maxBytes) {
      throw new BadInputException(
          413,
          "too_large",
          (batch ? "batch" : "event") + " body is larger than " + maxBytes + " bytes");
    }
    // Streaming parse straight into a tree, in one pass: the depth, string-length, number and
    // duplicate-key checks happen while the tree is built, so no second walk and no
    // re-serialisation. Jackson's own duplicate detection is off for this parser because
    // ObjectNode.replace already tells us about a duplicate (one hash lookup we pay anyway)
    // and we can name the whole JSON path, which Jackson cannot.
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonToken first = p.nextToken();
      if (first == null) {
        throw BadInputException.badRequest("empty_body", "request body holds no JSON value");
      }
      if (first != JsonToken.START_OBJECT) {
        throw BadInputException.badRequest("invalid_body", "request body must be a JSON object");
      }
      return batch
          ? decodeBatch(p, receivedAt, connectionIp, null)
          : decodeSingle(p, pathType, receivedAt, connectionIp);
    } catch (Invalid e) {
      throw e.toBadInput();
    } catch (StreamConstraintsException e) {
      throw constraint(e);
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Non-standard token")) {
        throw new BadInputException(
            400,
            "invalid_number",
            "NaN and Infinity are not JSON numbers" + where(e.getLocation()));
      }
      throw malformed(e.getLocation(), e instanceof JsonEOFException ? "unexpected end of input" : "invalid syntax");
    } catch (CharConversionException e) {
      // Jackson guesses UTF-16/32 from the first bytes and then meets an impossible character.
      throw BadInputException.badRequest("invalid_encoding", "request body is not valid Unicode text; send UTF-8 JSON");
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory body", e); // cannot happen for byte[]
    }
  }

  /**
   * Decodes a batch that another wire format's decoder has mapped into a Segment batch tree
   * ({@code {"batch":[...], "sentAt":...}}; PostHog, GA4) under the same rules as {@link
   * #decode}: the tree is read as a token stream, so the mapped batch is validated in one walk
   * instead of being serialised and parsed again. An item's size is the length of its compact
   * JSON, what it would take on the wire; the batch is held to the batch byte cap by the sum of
   * those sizes. The tree is not changed; the events are new trees.
   */
  public Decoded decodeMapped(ObjectNode batch, Instant receivedAt, String connectionIp) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    try (JsonParser p = new TreeTraversingParser(batch, Json.MAPPER);
        ItemSizer sizer = new ItemSizer()) {
      p.nextToken();
      return decodeBatch(p, receivedAt, connectionIp, sizer);
    } catch (Invalid e) {
      throw e.toBadInput();
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory tree", e); // cannot happen
    }
  }

  // ---------------------------------------------------------------- whole bodies

  private Decoded decodeSingle(JsonParser p, EventType type, Instant receivedAt, String ip)
      throws IOException {
    ObjectNode item = readObject(p, 1);
    expectEnd(p);
    String writeKey = null;
    JsonNode wk = item.remove("writeKey");
    if (wk != null && !wk.isNull()) {
      if (!wk.isTextual()) {
        throw BadInputException.badRequest("invalid_field", "writeKey must be a string");
      }
      writeKey = wk.textValue();
    }
    try {
      Event event = normalise(item, type, null, null, null, receivedAt, ip);
      return new Decoded(List.of(event), List.of(), writeKey);
    } catch (Invalid e) {
      throw BadInputException.badRequest(e.code, e.reason);
    }
  }

  /**
   * {@code sizer}: null when {@code p} reads bytes, whose offsets measure each item; else {@code
   * p} reads a tree, and {@code sizer} measures the items.
   */
  private Decoded decodeBatch(JsonParser p, Instant receivedAt, String ip, ItemSizer sizer)
      throws IOException {
    List<JsonNode> items = null;
    long treeBytes = 0;
    int[] sizes = null;
    ObjectNode context = null;
    ObjectNode integrations = null;
    Instant sentAt = null;
    String writeKey = null;
    Set<String> seen = new HashSet<>(8);
    String name;
    while ((name = p.nextFieldName()) != null) {
      checkName(name);
      try {
        if (!seen.add(name)) {
          throw new Invalid(400, "duplicate_key", "duplicate key");
        }
        JsonToken t = p.nextToken();
        switch (name) {
          case "batch" -> {
            if (t != JsonToken.START_ARRAY) {
              throw new Invalid(400, "invalid_body", "batch must be an array");
            }
            items = new ArrayList<>();
            sizes = new int[64];
            // Each item's wire size comes from the parser's byte offsets at its first and
            // last token: the bytes the client sent, measured for free, no re-serialisation.
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              int index = items.size();
              if (index == limits.maxBatchEvents()) {
                throw new BadInputException(
                    413,
                    "too_many_events",
                    "batch holds more than " + limits.maxBatchEvents() + " events");
              }
              long start = offset(p.currentTokenLocation());
              JsonNode node;
              try {
                node = readValue(p, t, 1);
              } catch (Invalid e) {
                throw e.at(index);
              }
              long end = sizer != null ? start + sizer.length(node) : offset(p.currentLocation());
              if (index == sizes.length) {
                sizes = Arrays.copyOf(sizes, index * 2);
              }
              sizes[index] = (int) Math.min(Integer.MAX_VALUE, end - start);
              if (sizer != null && (treeBytes += end - start) > limits.maxBatchBytes()) {
                throw new BadInputException(
                    413, "too_large", "batch body is larger than " + limits.maxBatchBytes() + " bytes");
              }
              items.add(node);
            }
          }
          case "context", "integrations" -> {
            JsonNode v = readValue(p, t, 2);
            if (!v.isNull() && !v.isObject()) {
              throw new Invalid(400, "invalid_body", name + " must be an object");
            }
            if (v.isObject()) {
              if (name.equals("context")) {
                context = (ObjectNode) v;
              } else {
                integrations = (ObjectNode) v;
              }
            }
          }
          case "sentAt" -> {
            JsonNode v = readValue(p, t, 2);
            if (!v.isNull()) {
              sentAt = v.isTextual() ? parseTime(v.textValue()) : null;
              if (sentAt == null) {
                throw new Invalid(400, "invalid_body", "sentAt must be an ISO-8601 date-time string");
              }
            }
          }
          case "writeKey" -> {
            JsonNode v = readValue(p, t, 2);
            if (!v.isNull()) {
              if (!v.isTextual()) {
                throw new Invalid(400, "invalid_body", "writeKey must be a string");
              }
              writeKey = v.textValue();
            }
          }
          default -> readValue(p, t, 2); // unknown envelope keys are checked, then ignored
        }
      } catch (Invalid e) {
        throw e.at(name);
      }
    }
    expectEnd(p);
    if (items == null) {
      throw BadInputException.badRequest("invalid_body", "batch is missing");
    }

    List<Event> accepted = new ArrayList<>(items.size());
    List<Rejection> rejected = new ArrayList<>(0);
    boolean keyFromEnvelope = writeKey != null;
    for (int i = 0; i < items.size(); i++) {
      JsonNode node = items.get(i);
      if (!node.isObject()) {
        rejected.add(new Rejection(i, "invalid_event", "batch item is not a JSON object"));
        continue;
      }
      if (sizes[i] > limits.maxEventBytes()) {
        rejected.add(
            new Rejection(
                i, "too_large", "event is larger than " + limits.maxEventBytes() + " bytes"));
        continue;
      }
      ObjectNode item = (ObjectNode) node;
      JsonNode wk = item.remove("writeKey");
      if (wk != null && !wk.isNull()) {
        if (!wk.isTextual()) {
          rejected.add(new Rejection(i, "invalid_field", "writeKey must be a string"));
          continue;
        }
        if (writeKey == null) {
          writeKey = wk.textValue();
        } else if (!writeKey.equals(wk.textValue())) {
          throw BadInputException.badRequest(
              "conflicting_write_keys",
              "batch item " + i + " carries a different writeKey than "
                  + (keyFromEnvelope ? "the batch" : "an earlier item"));
        }
      }
      try {
        accepted.add(normalise(item, null, sentAt, context, integrations, receivedAt, ip));
      } catch (Invalid e) {
        rejected.add(new Rejection(i, e.code, e.reason));
      }
    }
    return new Decoded(accepted, rejected, writeKey);
  }

  // ---------------------------------------------------------------- one event

  /**
   * Validates one item and turns it into the canonical event, in place. {@code pathType} wins
   * over the body's {@code type} on single-event paths; for batch items it is null and the
   * body's {@code type} decides.
   */
  private Event normalise(
      ObjectNode e,
      EventType pathType,
      Instant batchSentAt,
      ObjectNode batchContext,
      ObjectNode batchIntegrations,
      Instant receivedAt,
      String connectionIp) {
    EventType type = pathType;
    if (type == null) {
      JsonNode t = e.get("type");
      if (t == null || t.isNull()) {
        throw new Invalid(400, "missing_type", "type is missing");
      }
      type = t.isTextual() ? EventType.fromWire(t.textValue()) : null;
      if (type == null) {
        throw new Invalid(
            400, "invalid_type", "type must be one of track, identify, page, screen, group, alias");
      }
    }
    e.put("type", type.wireName());

    String userId = id(e, "userId");
    String anonymousId = id(e, "anonymousId");
    String groupId = id(e, "groupId");
    String previousId = id(e, "previousId");
    for (String f : OBJECT_FIELDS) {
      JsonNode v = e.get(f);
      if (v != null && !v.isObject()) {
        if (!v.isNull()) {
          throw new Invalid(400, "invalid_field", f + " must be an object");
        }
        e.remove(f);
      }
    }
    Instant timestamp = time(e, "timestamp");
    Instant sentAt = time(e, "sentAt");
    Instant originalTimestamp = time(e, "originalTimestamp");

    switch (type) {
      case TRACK -> {
        JsonNode ev = e.get("event");
        if (ev != null && !ev.isNull() && !ev.isTextual()) {
          throw new Invalid(400, "invalid_field", "event must be a string");
        }
        if (ev == null || ev.isNull() || ev.textValue().isBlank()) {
          throw new Invalid(400, "missing_field", "event is required for track");
        }
      }
      case ALIAS -> {
        if (blank(userId) || blank(previousId)) {
          throw new Invalid(400, "missing_field", "alias requires userId and previousId");
        }
      }
      case GROUP -> {
        if (blank(groupId)) {
          throw new Invalid(400, "missing_field", "groupId is required for group");
        }
      }
      default -> {}
    }
    if (type != EventType.ALIAS && blank(userId) && blank(anonymousId)) {
      throw new Invalid(400, "missing_field", "userId or anonymousId is required");
    }

    String messageId;
    JsonNode m = e.get("messageId");
    if (m == null || m.isNull() || (m.isTextual() && m.textValue().isEmpty())) {
      messageId = Objects.requireNonNull(messageIds.get(), "messageId supplier returned null");
      e.put("messageId", messageId);
    } else if (m.isTextual()) {
      messageId = m.textValue();
    } else if (m.isNumber()) {
      messageId = numberText(m);
      e.put("messageId", messageId);
    } else {
      throw new Invalid(400, "invalid_field", "messageId must be a string");
    }

    if (batchContext != null) {
      mergeInto(e, "context", batchContext);
    }
    if (batchIntegrations != null) {
      mergeInto(e, "integrations", batchIntegrations);
    }
    contextIp(e, connectionIp);

    // Clock skew, as Segment documents it: the client's clock is off by (sentAt - receivedAt),
    // so timestamp = receivedAt - (sentAt - originalTimestamp); originalTimestamp keeps what the
    // client said. Without sentAt the client's timestamp stands; without one, receivedAt.
    Instant effectiveSentAt = sentAt != null ? sentAt : batchSentAt;
    if (timestamp != null) {
      e.put("originalTimestamp", format(timestamp));
      Instant corrected =
          effectiveSentAt == null
              ? timestamp
              : receivedAt.minus(Duration.between(timestamp, effectiveSentAt));
      e.put("timestamp", format(corrected));
    } else {
      e.put("timestamp", format(receivedAt));
      if (originalTimestamp != null) {
        e.put("originalTimestamp", format(originalTimestamp));
      }
    }
    if (effectiveSentAt != null) {
      e.put("sentAt", format(effectiveSentAt));
    }
    e.put("receivedAt", format(receivedAt));
    return new Event(type, messageId, e);
  }

  /** An identifier: string as is, number coerced to its decimal text, null removed. */
  private static String id(ObjectNode e, String field) {
    JsonNode v = e.get(field);
    if (v == null) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isNull()) {
      e.remove(field);
      return null;
    }
    if (v.isNumber()) {
      String s = numberText(v);
      e.put(field, s);
      return s;
    }
    throw new Invalid(400, "invalid_field", field + " must be a string or a number");
  }

  private static String numberText(JsonNode n) {
    return n.isIntegralNumber()
        ? n.bigIntegerValue().toString()
        : n.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A date-time field: null removed, otherwise must parse; returns null when absent. */
  private static Instant time(ObjectNode e, String field) {
    JsonNode v = e.get(field);
    if (v == null) {
      return null;
    }
    if (v.isNull()) {
      e.remove(field);
      return null;
    }
    Instant t = v.isTextual() ? parseTime(v.textValue()) : null;
    if (t == null) {
      throw new Invalid(400, "invalid_field", field + " must be an ISO-8601 date-time string");
    }
    return t;
  }

  /**
   * Parses {@code yyyy-MM-dd'T'HH:mm[:ss[.fffffffff]][Z|±HH:mm|±HHmm|±HH]} (no offset = UTC; 'T'
   * and 'Z' in either case); null when the text is not that. Hand-written because every event
   * carries up to three of these and {@code DateTimeFormatter} parsing costs about a
   * microsecond each, several times this.
   */
  static Instant parseTime(String s) {
    int n = s.length();
    if (n < 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't'
        || s.charAt(13) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = 0;
    int nano = 0;
    int i = 16;
    if (i < n && s.charAt(i) == ':') {
      second = digits(s, i + 1, 2);
      i += 3;
      if (i < n && s.charAt(i) == '.') {
        int start = ++i;
        int scale = 100_000_000;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          if (i - start == 9) {
            return null;
          }
          nano += (s.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) {
          return null;
        }
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char c = s.charAt(i);
      if ((c | 0x20) == 'z') {
        i++;
      } else if (c == '+' || c == '-') {
        int oh = digits(s, i + 1, 2);
        int om = 0;
        i += 3;
        if (i < n) {
          if (s.charAt(i) == ':') {
            i++;
          }
          om = digits(s, i, 2);
          i += 2;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return null;
        }
        offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
    }
    if (i != n || year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(
        epochDay * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds, nano);
  }

  /** The non-negative number in {@code s[from, from+count)}, or -1 if any is not a digit. */
  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, UTC, milliseconds truncated; hand-written like parseTime. */
  static String format(Instant t) {
    long sec = t.getEpochSecond();
    long day = Math.floorDiv(sec, 86_400);
    int secOfDay = Math.floorMod(sec, 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return ISO_OUT.format(t);
    }
    char[] c = new char[24];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secOfDay % 60, 2);
    c[19] = '.';
    put(c, 20, t.getNano() / 1_000_000, 3);
    c[23] = 'Z';
    return new String(c);
  }

  private static void put(char[] c, int at, int value, int width) {
    for (int k = at + width - 1; k >= at; k--) {
      c[k] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Batch-level context/integrations under the item's own: the item wins, objects merge deep. */
  private static void mergeInto(ObjectNode e, String field, ObjectNode batchLevel) {
    JsonNode own = e.get(field);
    if (own == null) {
      e.set(field, batchLevel.deepCopy()); // a copy per item: items are mutated downstream
    } else {
      mergeMissing((ObjectNode) own, batchLevel); // validated as an object before
    }
  }

  private static void mergeMissing(ObjectNode target, ObjectNode defaults) {
    for (Map.Entry<String, JsonNode> f : defaults.properties()) {
      JsonNode mine = target.get(f.getKey());
      if (mine == null) {
        target.set(f.getKey(), f.getValue().deepCopy());
      } else if (mine.isObject() && f.getValue().isObject()) {
        mergeMissing((ObjectNode) mine, (ObjectNode) f.getValue());
      }
    }
  }

  /** Keeps a forwarded {@code context.ip}; otherwise the connection's IP. */
  private static void contextIp(ObjectNode e, String connectionIp) {
    ObjectNode ctx = (ObjectNode) e.get("context");
    JsonNode ip = ctx == null ? null : ctx.get("ip");
    if (ip != null && !ip.isNull() && !ip.isTextual()) {
      throw new Invalid(400, "invalid_field", "context.ip must be a string");
    }
    if ((ip == null || ip.isNull() || ip.textValue().isBlank()) && connectionIp != null) {
      if (ctx == null) {
        ctx = e.putObject("context");
      }
      ctx.put("ip", connectionIp);
    }
  }

  // ---------------------------------------------------------------- tree building

  /**
   * Reads the value starting at {@code t}. {@code depth} is the nesting level a container
   * starting here would have, counted from the event object (level 1), so an event is held to
   * the same depth on a single-event path and inside a batch.
   */
  private JsonNode readValue(JsonParser p, JsonToken t, int depth) throws IOException {
    switch (t) {
      case START_OBJECT:
        return readObject(p, depth);
      case START_ARRAY:
        return readArray(p, depth);
      case VALUE_STRING:
        if (p.getTextLength() > limits.maxStringLength()) {
          throw new Invalid(
              400,
              "string_too_long",
              "string longer than " + limits.maxStringLength() + " characters");
        }
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            // A tree may hold a small value in a long node; text never parses that way.
            long l = p.getLongValue();
            return (int) l == l ? NODES.numberNode((int) l) : NODES.numberNode(l);
          default:
            BigInteger big = p.getBigIntegerValue();
            if (big.bitLength() > 1024) { // beyond Double.MAX_VALUE
              throw new Invalid(400, "invalid_number", "number outside the range of a double");
            }
            if (big.bitLength() < 64) { // as above, from a tree
              long small = big.longValue();
              return (int) small == small ? NODES.numberNode((int) small) : NODES.numberNode(small);
            }
            return NODES.numberNode(big);
        }
      case VALUE_NUMBER_FLOAT:
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          throw new Invalid(400, "invalid_number", "number outside the range of a double");
        }
        return NODES.numberNode(d);
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IllegalStateException("unexpected token " + t);
    }
  }

  private ObjectNode readObject(JsonParser p, int depth) throws IOException {
    if (depth > limits.maxDepth()) {
      throw new Invalid(400, "too_deep", "nesting deeper than " + limits.maxDepth() + " levels");
    }
    ObjectNode obj = NODES.objectNode();
    String name;
    while ((name = p.nextFieldName()) != null) {
      checkName(name);
      try {
        JsonNode v = readValue(p, p.nextToken(), depth + 1);
        if (obj.replace(name, v) != null) {
          throw new Invalid(400, "duplicate_key", "duplicate key");
        }
      } catch (Invalid e) {
        throw e.at(name);
      }
    }
    return obj;
  }

  private ArrayNode readArray(JsonParser p, int depth) throws IOException {
    if (depth > limits.maxDepth()) {
      throw new Invalid(400, "too_deep", "nesting deeper than " + limits.maxDepth() + " levels");
    }
    ArrayNode arr = NODES.arrayNode();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      try {
        arr.add(readValue(p, t, depth + 1));
      } catch (Invalid e) {
        throw e.at(arr.size());
      }
    }
    return arr;
  }

  private void checkName(String name) {
    if (name.length() > limits.maxStringLength()) {
      throw new Invalid(
          400,
          "string_too_long",
          "field name longer than " + limits.maxStringLength() + " characters");
    }
  }

  /** Nothing but whitespace may follow the body's object. */
  private static void expectEnd(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw malformed(p.currentTokenLocation(), "unexpected content after the JSON object");
    }
  }

  /**
   * Measures mapped items as compact UTF-8 JSON without keeping the bytes: one generator writes
   * them as the elements of an array into a counter, so each item costs its own serialisation
   * and no per-call set-up; the comma before every item but the first is not counted.
   */
  private static final class ItemSizer extends OutputStream {
    private static final SerializerProvider PROVIDER = Json.MAPPER.getSerializerProviderInstance();
    private final JsonGenerator g;
    private long count;
    private boolean first = true;

    ItemSizer() throws IOException {
      g = Json.MAPPER.createGenerator(this, JsonEncoding.UTF8);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartArray();
    }

    long length(JsonNode node) throws IOException {
      g.flush();
      long before = count;
      ((JsonSerializable) node).serialize(g, PROVIDER);
      g.flush();
      long n = count - before - (first ? 0 : 1);
      first = false;
      return n;
    }

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }

    /** Hands the generator's buffers back. */
    @Override
    public void close() throws IOException {
      g.close();
    }
  }

  private static long offset(JsonLocation l) {
    long b = l.getByteOffset();
    return b >= 0 ? b : l.getCharOffset(); // char offsets only for UTF-16/32 bodies
  }

  // ---------------------------------------------------------------- errors

  private static BadInputException malformed(JsonLocation l, String reason) {
    return BadInputException.badRequest("malformed_json", "malformed JSON" + where(l) + ": " + reason);
  }

  private static String where(JsonLocation l) {
    if (l == null) {
      return "";
    }
    return " at line " + l.getLineNr() + ", column " + l.getColumnNr()
        + " (byte offset " + offset(l) + ")";
  }

  /** Jackson's own safety limits, should they trip before ours; messages carry no content. */
  private static BadInputException constraint(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (m.contains("nesting depth")) {
      return BadInputException.badRequest("too_deep", "nesting too deep" + where(e.getLocation()));
    }
    if (m.startsWith("Number value length")) {
      return BadInputException.badRequest("invalid_number", "number too long" + where(e.getLocation()));
    }
    if (m.startsWith("String value length") || m.startsWith("Name length")) {
      return BadInputException.badRequest("string_too_long", "string too long" + where(e.getLocation()));
    }
    return new BadInputException(413, "too_large", "request body too large");
  }

  /**
   * A problem found while building or validating, before we know where it sits. Stackless and
   * cheap; each enclosing frame adds its path segment as it unwinds, so the happy path never
   * tracks a path at all.
   */
  private static final class Invalid extends RuntimeException {
    final int status;
    final String code;
    final String reason;
    private ArrayDeque<Object> path;

    Invalid(int status, String code, String reason) {
      super(null, null, false, false);
      this.status = status;
      this.code = code;
      this.reason = reason;
    }

    Invalid at(Object segment) {
      if (path == null) {
        path = new ArrayDeque<>();
      }
      path.addFirst(segment);
      return this;
    }

    BadInputException toBadInput() {
      return new BadInputException(status, code, path == null ? reason : reason + " at " + render(path));
    }
  }

  /** {@code batch[3].properties["odd key"]}; long names are shortened. */
  private static String render(ArrayDeque<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object seg : path) {
      if (seg instanceof Integer i) {
        sb.append('[').append(i).append(']');
        continue;
      }
      String name = (String) seg;
      if (name.length() > 64) {
        name = name.substring(0, 64) + "…";
      }
      if (isPlainName(name)) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(name);
      } else {
        sb.append("[\"");
        for (int k = 0; k < name.length(); k++) {
          char c = name.charAt(k);
          if (c == '"' || c == '\\') {
            sb.append('\\').append(c);
          } else if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
        sb.append("\"]");
      }
    }
    return sb.toString();
  }

  private static boolean isPlainName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
              || (k > 0 && ((c >= '0' && c <= '9') || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
