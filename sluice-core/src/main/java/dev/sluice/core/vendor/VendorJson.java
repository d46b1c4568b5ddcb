package dev.sluice.core.vendor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.core.BadInputException;
import dev.sluice.core.vendor.segment.SegmentLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Bounded JSON reading and the canonical timestamp format, shared by the receivers of vendor wire
 * formats other than Segment's (whose decoder streams its own checks). Jackson enforces the
 * depth and string caps of the {@code limits:} block while it parses, so a hostile body costs at
 * most one bounded pass; duplicate keys and trailing content are errors, as everywhere in Sluice.
 */
public final class VendorJson {
  private static final DateTimeFormatter ISO_MILLIS =
      new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

  private final ObjectMapper mapper;

  public VendorJson(SegmentLimits limits) {
    this.mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxNestingDepth(limits.maxDepth())
                            .maxStringLength(limits.maxStringLength())
                            .maxNameLength(limits.maxStringLength())
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /**
   * The JSON value in {@code body}.
   *
   * @throws BadInputException 400 {@code malformed_json} (with line and column, never content),
   *     {@code too_deep}, {@code string_too_long} or {@code empty_body}
   */
  public JsonNode read(byte[] body) {
    if (body.length == 0) {
      throw BadInputException.badRequest("empty_body", "request body is empty");
    }
    try {
      JsonNode n = mapper.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw BadInputException.badRequest("empty_body", "request body holds no JSON value");
      }
      return n;
    } catch (StreamConstraintsException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("nesting depth")) {
        throw BadInputException.badRequest("too_deep", "JSON nested too deep" + where(e.getLocation()));
      }
      throw BadInputException.badRequest("string_too_long", "JSON string or number too long" + where(e.getLocation()));
    } catch (JsonProcessingException e) {
      String m = String.valueOf(e.getOriginalMessage());
      String why = m.startsWith("Duplicate field") ? "duplicate key" : "invalid syntax";
      throw BadInputException.badRequest("malformed_json", "malformed JSON" + where(e.getLocation()) + ": " + why);
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory body", e); // cannot happen for byte[]
    }
  }

  private static String where(JsonLocation l) {
    return l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** The canonical event's timestamp text: ISO-8601 UTC with milliseconds. */
  public static String iso(Instant t) {
    return ISO_MILLIS.format(t);
  }

  /**
   * A canonical timestamp back to epoch milliseconds; a contract may have generalised it to a
   * day ({@code 2024-05-01}) or month ({@code 2024-05}), read as its first instant. -1 when absent
   * or unreadable.
   */
  public static long epochMillis(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual()) {
      return -1;
    }
    String s = timestamp.textValue();
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        String day = s.length() == 7 ? s + "-01" : s;
        return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        return -1;
      }
    }
  }
}
