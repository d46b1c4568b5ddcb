package dev.sluice.server.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/** Shared helpers for the store tests. */
final class StoreFixtures {
  private StoreFixtures() {}

  static Aead newAead() {
    try {
      AeadConfig.register();
      return KeysetHandle.generateNew(
              PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get())
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static List<String> strings(List<byte[]> items) {
    return items.stream().map(StoreFixtures::str).toList();
  }

  /** Every regular file under {@code root} whose bytes contain {@code needle}. */
  static List<Path> filesContaining(Path root, String needle) throws IOException {
    byte[] n = utf8(needle);
    try (var files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                try {
                  return indexOf(Files.readAllBytes(p), n) >= 0;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  static long fileCount(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** The segment files of one destination's log, oldest first. */
  static List<Path> segments(Path laneDir) throws IOException {
    try (var files = Files.list(laneDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
