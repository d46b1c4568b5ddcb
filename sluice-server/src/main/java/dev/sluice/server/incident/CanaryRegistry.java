package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.generalize.Sha256Normalizer;
import dev.sluice.core.risk.CanaryScan;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import dev.sluice.server.store.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Canary identities, {@code <data>/canaries.json}: synthetic users planted per vendor (their ids
 * and emails are made up, so the file holds no personal data). A leaked canary email names its
 * vendor by itself; a leaked pseudonym is attributed by recomputing, for every canary, its
 * pseudonym under every destination and epoch: a bounded index (canaries × destinations × epochs
 * HMACs) instead of an index of every subject's pseudonym, which would be a re-identification
 * table of its own.
 */
public final class CanaryRegistry {
  public static final String FILE = "canaries.json";
  public static final String DEFAULT_DOMAIN = DestinationConfig.Canaries.DEFAULT_DOMAIN;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** One planted canary. */
  public record Canary(String vendor, String userId, String email, String planted) {}

  /** Where a leaked pseudonym came from. */
  public record Attribution(Canary canary, String destination, String vendor, int epoch) {}

  private final Path file;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public CanaryRegistry(Path dataDir, Clock clock) {
    this.file = dataDir.resolve(FILE);
    this.clock = clock;
  }

  /** Creates and records a canary for the vendor (not yet sent: send its event through a source). */
  public synchronized Canary plant(String vendor, String domain) throws IOException {
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < CanaryScan.RANDOM_LENGTH; i++) {
      r.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    Canary c = new Canary(vendor, "canary-" + vendor + "-" + r,
        "canary+" + vendor + "-" + r + "@" + domain.toLowerCase(Locale.ROOT), clock.instant().toString());
    List<Canary> all = new ArrayList<>(list());
    all.add(c);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", "sluice-canaries/1");
    ArrayNode a = root.putArray("canaries");
    for (Canary x : all) {
      a.addObject().put("vendor", x.vendor()).put("userId", x.userId()).put("email", x.email()).put("planted", x.planted());
    }
    DurableFiles.createDirectories(file.getParent());
    DurableFiles.writeAtomically(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return c;
  }

  public synchronized List<Canary> list() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
    List<Canary> out = new ArrayList<>();
    root.path("canaries").forEach(n -> out.add(new Canary(n.path("vendor").asText(), n.path("userId").asText(),
        n.path("email").asText(), n.path("planted").asText())));
    return out;
  }

  public Optional<Canary> byEmail(String address) throws IOException {
    return list().stream().filter(c -> c.email().equalsIgnoreCase(address)).findFirst();
  }

  /**
   * Every canary by the {@code sha256} action's hash of its email alias: what a destination that
   * hashes emails for matching (ad platforms) sends. The hash is unsalted, so it attributes to the
   * canary's vendor through the alias alone, not to a destination or epoch.
   */
  public Map<String, Canary> byEmailSha256() throws IOException {
    Map<String, Canary> out = new HashMap<>();
    for (Canary c : list()) {
      out.put(Sha256Normalizer.hash(c.email()), c);
    }
    return out;
  }

  /** Every canary's pseudonyms (of its user id and of its email) at every destination and epoch → where it was sent. */
  public Map<String, Attribution> index(SluiceConfig config, KeyStore keys) throws IOException {
    Map<String, Attribution> out = new HashMap<>();
    List<Canary> canaries = list();
    for (DestinationConfig d : config.destinations()) {
      String vendor = d.vendorName();
      for (int epoch : keys.epochs(d.name())) {
        var p = keys.pseudonymizer(d.name(), epoch);
        for (Canary c : canaries) {
          Attribution a = new Attribution(c, d.name(), vendor, epoch);
          out.put(p.pseudonym(c.userId()), a);
          // A contract that pseudonymises traits.email sends the alias as a pseudonym too.
          out.put(p.pseudonym(c.email()), a);
        }
      }
    }
    return out;
  }
}
