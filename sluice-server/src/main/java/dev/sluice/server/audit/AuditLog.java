package dev.sluice.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <data>/audit.log}: one JSON object per line for every operator action that changes what
 * a vendor gets (incident opened or closed, erasure requested). Appended and fsynced before the
 * action is reported done. Records hold names, ids, epochs and counts; callers never put event
 * values or user ids in them. Owner-only ({@code 0600}).
 */
public final class AuditLog {
  public static final String FILE = "audit.log";

  /** One lock for every instance: incident mode and the erasure queue each hold their own. */
  private static final Object LOCK = new Object();

  private final Path file;
  private final Clock clock;

  public AuditLog(Path dataDir, Clock clock) {
    this.file = dataDir.resolve(FILE);
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends {@code record} with {@code time} and {@code action} first, durably. Serialised across
   * threads of this process; the data directory has one writer process.
   */
  public void append(String action, ObjectNode record) throws IOException {
    synchronized (LOCK) {
      appendLocked(action, record);
    }
  }

  private void appendLocked(String action, ObjectNode record) throws IOException {
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("time", clock.instant().toString());
    line.put("action", action);
    line.setAll(record);
    byte[] bytes = (Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size > 0) {
        // A crash mid-append leaves a torn last line: end it, so this record stays readable.
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) != '\n') {
          ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
          size++;
        }
      }
      ch.position(size);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /**
   * Whether a record with this action and {@code key = value} exists: lets a step re-run after a
   * crash append its record once. A torn last line (a crash mid-append) is skipped.
   */
  public boolean contains(String action, String key, String value) throws IOException {
    return records(key, value).stream().anyMatch(n -> action.equals(n.path("action").asText()));
  }

  /** The records with {@code key = value}, oldest first (a torn last line is skipped). */
  public List<JsonNode> records(String key, String value) throws IOException {
    synchronized (LOCK) {
      return recordsLocked(key, value);
    }
  }

  private List<JsonNode> recordsLocked(String key, String value) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(l);
        } catch (IOException e) {
          continue;
        }
        if (n != null && value.equals(n.path(key).asText())) {
          out.add(n);
        }
      }
    } catch (NoSuchFileException e) {
      // no record yet
    }
    return out;
  }
}
