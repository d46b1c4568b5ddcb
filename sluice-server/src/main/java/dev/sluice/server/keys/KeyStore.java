package dev.sluice.server.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import dev.sluice.core.event.Json;
import dev.sluice.core.keys.PrfPseudonymizer;
import dev.sluice.core.keys.Pseudonymizer;
import dev.sluice.server.store.DestinationNames;
import dev.sluice.server.store.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keysets in {@code <data>/keys/}, each encrypted under the master key: per destination a
 * pseudonym PRF keyset (HMAC-SHA256) with numbered epochs, and one AES256-GCM keyset for the outbox
 * and dead letters. Callers get primitives ({@link Pseudonymizer}, {@link Aead}), never key bytes.
 *
 * <p>Each file is JSON: the keyset encrypted by Tink under the master key, next to the epoch to
 * key-id map in the clear (an operator or {@code sluice keys} can list epochs without the key). The
 * map, the purpose and the destination are the associated data of that encryption, so changing an
 * epoch number, or moving a keyset to another destination (which would let two vendors' pseudonyms
 * be joined), makes the file fail to decrypt.
 *
 * <p>The store reads every keyset at {@link #open}, so a wrong master key stops start-up instead of
 * surfacing at the first event. Thread-safe. Meant to have one writer: two processes rotating the
 * same directory at once would lose one rotation.
 */
public final class KeyStore {
  private static final String FORMAT = "sluice-keyset/1";
  private static final String PSEUDONYM = "pseudonym";
  private static final String OUTBOX = "outbox";
  private static final String SUFFIX = ".keyset";
  private static final String OUTBOX_FILE = OUTBOX + SUFFIX;
  private static final String PSEUDONYM_PREFIX = PSEUDONYM + "-";

  private final Path dir;
  private final Aead master;
  private final ConcurrentHashMap<String, PseudonymKeys> pseudonyms = new ConcurrentHashMap<>();
  private final Object writes = new Object();
  private volatile Aead outboxAead;

  private KeyStore(Path dir, Aead master) {
    this.dir = dir;
    this.master = master;
  }

  /**
   * Opens the key store of a data directory, creating {@code keys/} if needed, and decrypts every
   * keyset in it.
   *
   * @throws WrongMasterKeyException if the master key opens none of the keysets
   * @throws IOException if a keyset file is unreadable, not ours, or damaged while others open
   */
  public static KeyStore open(Path dataDir, MasterKey masterKey) throws IOException {
    Path dir = dataDir.resolve("keys");
    DurableFiles.createDirectories(dir);
    DurableFiles.deleteStaleTemporaries(dir);
    KeyStore store = new KeyStore(dir, masterKey.aead());
    store.loadAll();
    return store;
  }

  /**
   * The destination's pseudonymizer at its current epoch. The first call for a destination creates
   * its keyset with epoch 1.
   */
  public Pseudonymizer pseudonymizer(String destination) {
    DestinationNames.validate(destination);
    PseudonymKeys keys = pseudonyms.get(destination);
    if (keys == null) {
      synchronized (writes) {
        keys = pseudonyms.get(destination);
        if (keys == null) {
          keys = create(destination);
        }
      }
    }
    return keys.current();
  }

  /**
   * The destination's pseudonymizer that follows rotation: every call uses the epoch current at
   * that moment, so a running gateway writes the new epoch as soon as {@link #rotate} returns
   * (incident mode) without recompiling its contracts. Costs one map lookup per call. Creates the
   * keyset (epoch 1) if the destination has none.
   */
  public Pseudonymizer following(String destination) {
    pseudonymizer(destination);
    return new Pseudonymizer() {
      @Override
      public String pseudonym(String value) {
        return pseudonyms.get(destination).current().pseudonym(value);
      }

      @Override
      public java.util.UUID idempotencyId(String messageId) {
        return pseudonyms.get(destination).current().idempotencyId(messageId);
      }

      @Override
      public int epoch() {
        return pseudonyms.get(destination).current().epoch();
      }
    };
  }

  /**
   * The destination's pseudonymizer at an older (or the current) epoch: for incident reports, which
   * recompute the pseudonyms a vendor holds from before a rotation. Never creates keys.
   *
   * @throws IllegalArgumentException if the destination has no such epoch
   */
  public Pseudonymizer pseudonymizer(String destination, int epoch) {
    PseudonymKeys keys = pseudonyms.get(destination);
    Prf prf = keys == null ? null : keys.prfs().get(epoch);
    if (prf == null) {
      throw new IllegalArgumentException(
          "destination '" + destination + "' has no pseudonym epoch " + epoch);
    }
    return new PrfPseudonymizer(prf, epoch);
  }

  /** The destination's epochs, oldest first; empty if it has no keyset yet. */
  public SortedSet<Integer> epochs(String destination) {
    PseudonymKeys keys = pseudonyms.get(destination);
    return keys == null
        ? Collections.emptySortedSet()
        : Collections.unmodifiableSortedSet(new TreeSet<>(keys.epochs().keySet()));
  }

  /**
   * Adds a new key to the destination's keyset and makes it primary; returns its epoch (one more
   * than the newest). Older keys stay, so old pseudonyms can still be recomputed. Creates the
   * keyset (epoch 1) first if the destination has none. Callers holding a pseudonymizer from before
   * keep writing the old epoch until they ask again.
   */
  public int rotate(String destination) {
    DestinationNames.validate(destination);
    synchronized (writes) {
      PseudonymKeys keys = pseudonyms.get(destination);
      if (keys == null) {
        keys = create(destination);
      }
      int epoch = keys.epochs().lastKey() + 1;
      try {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(keys.handle());
        b.addEntry(
            KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                .withRandomId()
                .makePrimary());
        KeysetHandle handle = b.build();
        SortedMap<Integer, Integer> epochs = new TreeMap<>(keys.epochs());
        epochs.put(epoch, handle.getPrimary().getId());
        store(destination, handle, epochs);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("rotating the keyset of '" + destination + "' failed", e);
      }
      return epoch;
    }
  }

  /** The AEAD for the outbox and dead letters; its keyset is created on first use. */
  public Aead outboxAead() {
    Aead a = outboxAead;
    if (a != null) {
      return a;
    }
    synchronized (writes) {
      if (outboxAead == null) {
        try {
          KeysetHandle handle =
              KeysetHandle.generateNew(
                  PredefinedAeadParameters.AES256_GCM, TinkSetup.configuration());
          write(OUTBOX_FILE, OUTBOX, "", new TreeMap<>(), handle);
          outboxAead = handle.getPrimitive(TinkSetup.configuration(), Aead.class);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("creating the outbox keyset failed", e);
        }
      }
      return outboxAead;
    }
  }

  /** For tests: the destination's keyset as held in memory. */
  KeysetHandle pseudonymKeyset(String destination) {
    return pseudonyms.get(destination).handle();
  }

  // ---- creating and storing ----

  private PseudonymKeys create(String destination) {
    try {
      KeysetHandle handle =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF)
                      .withRandomId()
                      .makePrimary())
              .build();
      SortedMap<Integer, Integer> epochs = new TreeMap<>();
      epochs.put(1, handle.getPrimary().getId());
      return store(destination, handle, epochs);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("creating the keyset of '" + destination + "' failed", e);
    }
  }

  /** Writes the keyset durably, then makes it the one in use. */
  private PseudonymKeys store(
      String destination, KeysetHandle handle, SortedMap<Integer, Integer> epochs)
      throws GeneralSecurityException {
    PseudonymKeys keys = PseudonymKeys.of(handle, epochs);
    write(pseudonymFile(destination), PSEUDONYM, destination, epochs, handle);
    pseudonyms.put(destination, keys);
    return keys;
  }

  private void write(
      String file,
      String purpose,
      String destination,
      SortedMap<Integer, Integer> epochs,
      KeysetHandle handle)
      throws GeneralSecurityException {
    byte[] encrypted =
        TinkProtoKeysetFormat.serializeEncryptedKeyset(
            handle,
            master,
            associatedData(purpose, destination, epochs),
            TinkSetup.configuration());
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("purpose", purpose);
    if (!destination.isEmpty()) {
      root.put("destination", destination);
    }
    ObjectNode e = root.putObject("epochs");
    epochs.forEach((epoch, id) -> e.put(Integer.toString(epoch), Integer.toUnsignedLong(id)));
    root.put("keyset", Base64.getEncoder().encodeToString(encrypted));
    try {
      byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
      DurableFiles.writeAtomically(dir.resolve(file), json);
    } catch (IOException ex) {
      throw new UncheckedIOException("writing keyset " + dir.resolve(file) + " failed", ex);
    }
  }

  private static String pseudonymFile(String destination) {
    return PSEUDONYM_PREFIX + DestinationNames.encode(destination) + SUFFIX;
  }

  /**
   * Authenticates everything stored beside the encrypted keyset. Epochs are listed in order, so the
   * bytes do not depend on how the JSON was written.
   */
  private static byte[] associatedData(
      String purpose, String destination, SortedMap<Integer, Integer> epochs) {
    StringBuilder sb =
        new StringBuilder(FORMAT).append('\0').append(purpose).append('\0').append(destination);
    sb.append('\0');
    epochs.forEach((epoch, id) -> sb.append(epoch).append('=').append(id).append(';'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- loading ----

  private void loadAll() throws IOException {
    List<Path> files = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(files::add);
    }
    List<String> unopened = new ArrayList<>();
    int opened = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      Loaded loaded = parse(file);
      KeysetHandle handle;
      try {
        handle =
            TinkProtoKeysetFormat.parseEncryptedKeyset(
                loaded.encrypted(),
                master,
                associatedData(loaded.purpose(), loaded.destination(), loaded.epochs()),
                TinkSetup.configuration());
      } catch (GeneralSecurityException e) {
        unopened.add(name);
        continue;
      }
      opened++;
      try {
        if (loaded.purpose().equals(OUTBOX) && name.equals(OUTBOX_FILE)) {
          outboxAead = handle.getPrimitive(TinkSetup.configuration(), Aead.class);
        } else if (loaded.purpose().equals(PSEUDONYM)
            && name.equals(pseudonymFile(loaded.destination()))) {
          pseudonyms.put(loaded.destination(), PseudonymKeys.of(handle, loaded.epochs()));
        } else {
          throw new IOException(file + " holds the keyset of another file name; restore it");
        }
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IOException(file + " is not a consistent Sluice keyset: " + e.getMessage(), e);
      }
    }
    if (!unopened.isEmpty()) {
      if (opened == 0) {
        throw new WrongMasterKeyException(
            "master key does not open keysets in " + dir + ": wrong key?");
      }
      throw new IOException(
          "master key opens some keysets in "
              + dir
              + " but not "
              + String.join(", ", unopened)
              + ": damaged or modified; restore from backup");
    }
  }

  private record Loaded(
      String purpose, String destination, SortedMap<Integer, Integer> epochs, byte[] encrypted) {}

  private static Loaded parse(Path file) throws IOException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw notKeyset(file, e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw notKeyset(file, null);
    }
    try {
      SortedMap<Integer, Integer> epochs = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : root.path("epochs").properties()) {
        epochs.put(Integer.parseInt(e.getKey()), (int) e.getValue().asLong());
      }
      return new Loaded(
          root.path("purpose").asText(),
          root.path("destination").asText(""),
          epochs,
          Base64.getDecoder().decode(root.path("keyset").asText()));
    } catch (IllegalArgumentException e) {
      throw notKeyset(file, e);
    }
  }

  private static IOException notKeyset(Path file, Exception cause) {
    return new IOException(file + " is not a readable " + FORMAT + " keyset file", cause);
  }

  /** One destination's pseudonym keys: the keyset, its epochs, and a PRF per epoch. */
  private record PseudonymKeys(
      KeysetHandle handle,
      SortedMap<Integer, Integer> epochs,
      Map<Integer, Prf> prfs,
      Pseudonymizer current) {

    static PseudonymKeys of(KeysetHandle handle, SortedMap<Integer, Integer> epochs)
        throws GeneralSecurityException {
      if (epochs.isEmpty() || epochs.firstKey() < 1) {
        throw new IllegalArgumentException("epochs must start at 1");
      }
      Map<Integer, Prf> byId =
          handle.getPrimitive(TinkSetup.configuration(), PrfSet.class).getPrfs();
      Map<Integer, Prf> prfs = new TreeMap<>();
      epochs.forEach(
          (epoch, id) -> {
            Prf prf = byId.get(id);
            if (prf == null) {
              throw new IllegalArgumentException(
                  "epoch " + epoch + " names a key not in the keyset");
            }
            prfs.put(epoch, prf);
          });
      int newest = epochs.lastKey();
      if (epochs.get(newest) != handle.getPrimary().getId()) {
        throw new IllegalArgumentException("the newest epoch is not the primary key");
      }
      return new PseudonymKeys(
          handle,
          Collections.unmodifiableSortedMap(new TreeMap<>(epochs)),
          Collections.unmodifiableMap(prfs),
          new PrfPseudonymizer(prfs.get(newest), newest));
    }
  }
}
