package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import dev.sluice.core.event.Json;
import dev.sluice.core.risk.QuasiIdentifiers;
import dev.sluice.server.store.DestinationNames;
import dev.sluice.server.store.DurableFiles;
import dev.sluice.server.store.OutboxEntry;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, privacy-safe sample of what each destination received, for the re-identification
 * figures of {@code sluice blast-radius} and the incident report.
 *
 * <p><b>Where it is taken:</b> right after the outbox accepted an append, from the vendor-ready
 * items themselves. That is exactly what the vendor gets (after the contract, generalisation and
 * encoding), it costs nothing for the events not sampled (one counter increment per item), and it
 * needs no second pass over the outbox. One item in {@code every} per destination is sampled,
 * at most {@link #MAX_PER_DAY} per destination and UTC day.
 *
 * <p><b>What is kept:</b> only {@link QuasiIdentifiers}: no pseudonyms, no ids, and each value as
 * a short digest, never in the clear. Each record is encrypted with the outbox AEAD (associated
 * data: the destination) in {@code <data>/samples/<destination>/<day>.bin}, and day files older
 * than the retention are deleted. Losing the last records in a crash is harmless: nothing is
 * fsynced per record.
 */
public final class ReceivedSamples {
  private static final Logger LOG = LoggerFactory.getLogger(ReceivedSamples.class);
  public static final String DIR = "samples";
  public static final int MAX_PER_DAY = 10_000;
  private static final String FORMAT = "sluice-sample/1";

  private final Path dir;
  private final Aead aead;
  private final int every;
  private final int retentionDays;
  private final Clock clock;
  private final ConcurrentHashMap<String, AtomicLong> seen = new ConcurrentHashMap<>();
  /** destination → (day, records in that day's file). */
  private final Map<String, Map.Entry<LocalDate, Long>> today = new TreeMap<>();

  /**
   * @param every sample one vendor item in this many per destination; 0 turns sampling off
   * @param retentionDays day files older than this many days are deleted
   */
  public ReceivedSamples(Path dataDir, Aead aead, int every, int retentionDays, Clock clock) {
    this.dir = dataDir.resolve(DIR);
    this.aead = aead;
    this.every = every;
    this.retentionDays = retentionDays;
    this.clock = clock;
  }

  /** The hot-path hook: called with every durable append. Never throws. */
  public void offer(List<OutboxEntry> entries) {
    if (every <= 0) {
      return;
    }
    for (OutboxEntry e : entries) {
      long n = seen.computeIfAbsent(e.destination(), d -> new AtomicLong()).incrementAndGet();
      if (n % every == 0) {
        try {
          record(e.destination(), e.item());
        } catch (IOException | GeneralSecurityException | RuntimeException ex) {
          LOG.warn("sample for {} not kept ({})", e.destination(), ex.getClass().getSimpleName());
        }
      }
    }
  }

  private synchronized void record(String destination, byte[] item) throws IOException, GeneralSecurityException {
    LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Path d = dir.resolve(DestinationNames.encode(destination));
    Path file = d.resolve(day + ".bin");
    Map.Entry<LocalDate, Long> t = today.get(destination);
    if (t == null || !t.getKey().equals(day)) {
      DurableFiles.createDirectories(d);
      prune(d, day);
      t = Map.entry(day, (long) readFile(file, destination).size());
    }
    if (t.getValue() >= MAX_PER_DAY) {
      today.put(destination, t);
      return;
    }
    JsonNode event = Json.MAPPER.readTree(item);
    if (event == null || !event.isObject()) {
      return; // a wire format that is not a JSON object: nothing to sample
    }
    Map<String, String> qi = QuasiIdentifiers.of(event);
    ObjectNode o = Json.MAPPER.createObjectNode();
    qi.forEach(o::put);
    byte[] sealed = aead.encrypt(Json.MAPPER.writeValueAsBytes(o), associated(destination));
    ByteBuffer b = ByteBuffer.allocate(4 + sealed.length).putInt(sealed.length).put(sealed).flip();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
    today.put(destination, Map.entry(day, t.getValue() + 1));
  }

  private void prune(Path d, LocalDate day) throws IOException {
    LocalDate oldest = day.minusDays(retentionDays);
    try (var files = Files.list(d)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".bin")) {
          try {
            if (LocalDate.parse(name.substring(0, name.length() - 4)).isBefore(oldest)) {
              Files.deleteIfExists(f);
            }
          } catch (java.time.format.DateTimeParseException ignored) {
            // not ours
          }
        }
      }
    }
  }

  /** Every sampled record of the destinations from {@code since} (null: all kept days) on. */
  public synchronized List<Map<String, String>> read(List<String> destinations, LocalDate since) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    LocalDate oldest = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retentionDays);
    for (String dest : destinations) {
      Path d = dir.resolve(DestinationNames.encode(dest));
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (var files = Files.list(d)) {
        for (Path f : files.sorted().toList()) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".bin")) {
            continue;
          }
          LocalDate day;
          try {
            day = LocalDate.parse(name.substring(0, name.length() - 4));
          } catch (java.time.format.DateTimeParseException e) {
            continue;
          }
          if (day.isBefore(oldest) || (since != null && day.isBefore(since))) {
            continue;
          }
          out.addAll(readFile(f, dest));
        }
      }
    }
    return out;
  }

  private List<Map<String, String>> readFile(Path f, String destination) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(f); DataInputStream data = new DataInputStream(in)) {
      while (true) {
        int len;
        try {
          len = data.readInt();
        } catch (EOFException e) {
          break;
        }
        if (len <= 0 || len > 1 << 20) {
          break; // torn or damaged tail
        }
        byte[] sealed = data.readNBytes(len);
        if (sealed.length < len) {
          break;
        }
        try {
          JsonNode o = Json.MAPPER.readTree(aead.decrypt(sealed, associated(destination)));
          Map<String, String> r = new TreeMap<>();
          o.properties().forEach(e -> r.put(e.getKey(), e.getValue().asText()));
          out.add(r);
        } catch (GeneralSecurityException e) {
          break;
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    return out;
  }

  private static byte[] associated(String destination) {
    return (FORMAT + "\0" + destination).getBytes(StandardCharsets.UTF_8);
  }
}
