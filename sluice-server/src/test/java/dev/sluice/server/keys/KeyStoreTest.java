package dev.sluice.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.prf.HmacPrfKey;
import dev.sluice.core.event.Json;
import dev.sluice.core.keys.Pseudonymizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTest {
  @TempDir Path data;
  private final MasterKey master = MasterKey.generate();

  @Test
  void sameDestinationGivesSamePseudonymAfterReopen() throws IOException {
    String first = KeyStore.open(data, master).pseudonymizer("mixpanel").pseudonym("user-42");
    KeyStore reopened = KeyStore.open(data, MasterKey.fromBase64(master.toBase64()));
    Pseudonymizer p = reopened.pseudonymizer("mixpanel");
    assertThat(p.pseudonym("user-42")).isEqualTo(first).startsWith("ps1_1_");
    assertThat(p.epoch()).isEqualTo(1);
    assertThat(reopened.epochs("mixpanel")).containsExactly(1);
  }

  @Test
  void destinationsGetUnrelatedPseudonyms() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    Pseudonymizer a = keys.pseudonymizer("mixpanel");
    Pseudonymizer b = keys.pseudonymizer("amplitude");
    assertThat(a.pseudonym("user-42")).isNotEqualTo(b.pseudonym("user-42"));
    assertThat(a.idempotencyId("msg-1")).isNotEqualTo(b.idempotencyId("msg-1"));
  }

  @Test
  void wrongMasterKeyIsAClearError() throws IOException {
    KeyStore.open(data, master).pseudonymizer("mixpanel");
    assertThatThrownBy(() -> KeyStore.open(data, MasterKey.generate()))
        .isInstanceOf(WrongMasterKeyException.class)
        .hasMessage("master key does not open keysets in " + data.resolve("keys") + ": wrong key?");
  }

  @Test
  void rotateAddsAnEpochAndKeepsTheOldOne() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    String before = keys.pseudonymizer("mixpanel").pseudonym("user-42");

    assertThat(keys.rotate("mixpanel")).isEqualTo(2);

    Pseudonymizer now = keys.pseudonymizer("mixpanel");
    assertThat(now.epoch()).isEqualTo(2);
    assertThat(now.pseudonym("user-42")).startsWith("ps1_2_").isNotEqualTo(before);
    assertThat(keys.epochs("mixpanel")).containsExactly(1, 2);
    assertThat(keys.pseudonymizer("mixpanel", 1).pseudonym("user-42")).isEqualTo(before);

    KeyStore reopened = KeyStore.open(data, master);
    assertThat(reopened.pseudonymizer("mixpanel").pseudonym("user-42"))
        .isEqualTo(now.pseudonym("user-42"));
    assertThat(reopened.pseudonymizer("mixpanel", 1).pseudonym("user-42")).isEqualTo(before);
    assertThat(reopened.rotate("mixpanel")).isEqualTo(3);
    assertThat(reopened.epochs("mixpanel")).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> reopened.pseudonymizer("mixpanel", 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no pseudonym epoch 4");
  }

  @Test
  void aFollowingPseudonymizerWritesTheNewEpochRightAfterRotationDespiteItsMemo() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    Pseudonymizer following = keys.following("mixpanel");
    String before = following.pseudonym("user-42");
    assertThat(following.pseudonym("user-42")).isEqualTo(before); // now memoised at epoch 1

    keys.rotate("mixpanel");

    String after = following.pseudonym("user-42");
    assertThat(after).startsWith("ps1_2_").isNotEqualTo(before);
    assertThat(after).isEqualTo(keys.pseudonymizer("mixpanel", 2).pseudonym("user-42"));
    assertThat(keys.pseudonymizer("mixpanel", 1).pseudonym("user-42")).isEqualTo(before);
  }

  @Test
  void outboxAeadPersistsAcrossReopen() throws Exception {
    byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
    byte[] ct = KeyStore.open(data, master).outboxAead().encrypt(new byte[] {1, 2, 3}, ad);
    Aead again = KeyStore.open(data, master).outboxAead();
    assertThat(again.decrypt(ct, ad)).containsExactly(1, 2, 3);
  }

  @Test
  void keyFilesHoldNoKeyMaterialInTheClear() throws Exception {
    KeyStore keys = KeyStore.open(data, master);
    keys.pseudonymizer("mixpanel");
    keys.rotate("mixpanel");
    keys.outboxAead();
    List<byte[]> secrets = new ArrayList<>();
    byte[] masterBytes = Base64.getDecoder().decode(master.toBase64());
    secrets.add(masterBytes);
    secrets.add(master.toBase64().getBytes(StandardCharsets.US_ASCII));
    KeysetHandle handle = keys.pseudonymKeyset("mixpanel");
    for (int i = 0; i < handle.size(); i++) {
      byte[] k =
          ((HmacPrfKey) handle.getAt(i).getKey())
              .getKeyBytes()
              .toByteArray(InsecureSecretKeyAccess.get());
      secrets.add(k);
      secrets.add(Base64.getEncoder().encodeToString(k).getBytes(StandardCharsets.US_ASCII));
    }

    List<Path> files;
    try (var list = Files.list(data.resolve("keys"))) {
      files = list.toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("outbox.keyset", "pseudonym-mixpanel.keyset");
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      for (byte[] s : secrets) {
        assertThat(indexOf(bytes, s)).as("%s holds key bytes", f).isEqualTo(-1);
      }
      assertThatThrownBy(
              () ->
                  TinkProtoKeysetFormat.parseKeyset(
                      bytes, InsecureSecretKeyAccess.get(), TinkSetup.configuration()))
          .as("%s is a cleartext keyset", f);
      ObjectNode json = (ObjectNode) Json.MAPPER.readTree(bytes);
      byte[] inner = Base64.getDecoder().decode(json.get("keyset").asText());
      assertThatThrownBy(
              () ->
                  TinkProtoKeysetFormat.parseKeyset(
                      inner, InsecureSecretKeyAccess.get(), TinkSetup.configuration()))
          .as("%s holds a cleartext keyset", f);
    }
  }

  @Test
  void editedEpochMapDoesNotOpen() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    keys.pseudonymizer("mixpanel");
    keys.rotate("mixpanel");
    Path file = data.resolve("keys/pseudonym-mixpanel.keyset");
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    ObjectNode epochs = (ObjectNode) json.get("epochs");
    long one = epochs.get("1").asLong();
    epochs.put("1", epochs.get("2").asLong()); // swap: old pseudonyms would be labelled wrongly
    epochs.put("2", one);
    Files.write(file, Json.MAPPER.writeValueAsBytes(json));
    assertThatThrownBy(() -> KeyStore.open(data, master))
        .isInstanceOf(WrongMasterKeyException.class);
  }

  @Test
  void aKeysetMovedToAnotherDestinationIsRefused() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    keys.pseudonymizer("mixpanel");
    keys.pseudonymizer("amplitude");
    Path dir = data.resolve("keys");
    // Giving amplitude mixpanel's key would make the two vendors' pseudonyms joinable.
    Files.copy(
        dir.resolve("pseudonym-mixpanel.keyset"),
        dir.resolve("pseudonym-amplitude.keyset"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> KeyStore.open(data, master))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("pseudonym-amplitude.keyset");
  }

  @Test
  void destinationNamesAreSafeFileNames() throws IOException {
    KeyStore keys = KeyStore.open(data, master);
    String a = keys.pseudonymizer("../../etc/passwd").pseudonym("u");
    String b = keys.pseudonymizer("Mixpanel").pseudonym("u");
    String c = keys.pseudonymizer("mixpanel").pseudonym("u");
    assertThat(Set.of(a, b, c)).hasSize(3);
    try (var all = Files.walk(data)) {
      assertThat(all.filter(Files::isRegularFile))
          .allSatisfy(p -> assertThat(p.getParent()).isEqualTo(data.resolve("keys")));
    }
    KeyStore reopened = KeyStore.open(data, master);
    assertThat(reopened.pseudonymizer("../../etc/passwd").pseudonym("u")).isEqualTo(a);
    assertThat(reopened.pseudonymizer("Mixpanel").pseudonym("u")).isEqualTo(b);
  }

  @Test
  void concurrentFirstUseCreatesOneKeyset() throws Exception {
    KeyStore keys = KeyStore.open(data, master);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String dest = "dest-" + (i % 4);
        results.add(pool.submit(() -> dest + "=" + keys.pseudonymizer(dest).pseudonym("u")));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> f : results) {
        distinct.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(distinct).hasSize(4);
      KeyStore reopened = KeyStore.open(data, master);
      for (int d = 0; d < 4; d++) {
        assertThat(distinct)
            .contains("dest-" + d + "=" + reopened.pseudonymizer("dest-" + d).pseudonym("u"));
      }
    } finally {
      pool.shutdownNow();
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
