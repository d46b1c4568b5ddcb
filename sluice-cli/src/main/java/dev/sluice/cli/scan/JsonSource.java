package dev.sluice.cli.scan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.sluice.core.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Line numbers in JSON text, and parse errors told without quoting the input. */
final class JsonSource {
  private JsonSource() {}

  /**
   * The line each element of the array at {@code path} (object keys from the root; none for a
   * root array) starts on, in document order; empty when there is no such array. The text has
   * already been parsed once, so it is valid JSON.
   */
  static List<Integer> elementLines(String json, String... path) {
    List<Integer> lines = new ArrayList<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      p.nextToken();
      find(p, path, 0, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private static void find(JsonParser p, String[] path, int depth, List<Integer> lines) throws IOException {
    if (depth == path.length) {
      if (p.currentToken() == JsonToken.START_ARRAY) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          lines.add(p.currentTokenLocation().getLineNr());
          p.skipChildren();
        }
      }
      return;
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals(path[depth])) {
        find(p, path, depth + 1, lines);
        return;
      }
      p.skipChildren();
    }
  }

  /** 1-based line of the first non-blank character (1 for blank text). */
  static int firstContentLine(String text) {
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return line;
      }
    }
    return 1;
  }

  /** Line of a parse error (1 when unknown). */
  static int line(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
  }

  /**
   * "invalid JSON at column C: reason" with a reason that never quotes the input (Jackson's own
   * messages do: "Unrecognized token 'jane': ...").
   */
  static String describe(JsonProcessingException e) {
    String reason;
    if (e instanceof JsonEOFException) {
      reason = "unexpected end of input";
    } else if (e instanceof StreamConstraintsException) {
      reason = "nested deeper or larger than the parser allows";
    } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
      reason = "duplicate key";
    } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
      reason = "more than one JSON value";
    } else {
      reason = "syntax error";
    }
    JsonLocation at = e.getLocation();
    String column = at == null || at.getColumnNr() < 1 ? "" : " at column " + at.getColumnNr();
    return "invalid JSON" + column + ": " + reason;
  }
}
