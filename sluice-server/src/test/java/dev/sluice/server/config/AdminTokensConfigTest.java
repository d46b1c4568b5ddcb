package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigException;
import dev.sluice.server.admin.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin.tokens}: loaded as names, scopes and digests; bad entries fail with their location. */
class AdminTokensConfigTest {
  @TempDir Path dir;

  SluiceConfig load(String admin) throws Exception {
    Path f = dir.resolve("sluice.yaml");
    Files.writeString(
        f,
        admin
            + """
            sources: [ { name: app, writeKeys: [ wk ] } ]
            destinations:
              - name: hook
                type: webhook
                options: { url: "https://example.org/", secret: { env: WEBHOOK_SECRET } }
                contract: { userId: pseudonymize }
            """);
    return ConfigLoader.load(f, ENV);
  }

  static byte[] digest(String token) {
    return AdminToken.sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theFullExampleHasTwoTokensFromEnvAndFile() {
    SluiceConfig c = ConfigLoader.load(ConfigFixtures.resource("valid/full.yaml"), ENV);
    assertThat(c.adminTokens()).extracting(AdminToken::name).containsExactly("dashboard", "responder");
    AdminToken dashboard = c.adminTokens().get(0);
    assertThat(dashboard.scopes()).containsExactly(Scope.READ);
    assertThat(dashboard.matches(digest(ENV.get("SLUICE_ADMIN_TOKEN")))).isTrue();
    AdminToken responder = c.adminTokens().get(1);
    assertThat(responder.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.INCIDENT);
    assertThat(responder.matches(digest("adm_file_fedcba9876543210"))).isTrue(); // trailing newline dropped
    assertThat(responder.matches(digest(ENV.get("SLUICE_ADMIN_TOKEN")))).isFalse();
    assertThat(responder.toString()).startsWith("AdminToken[responder, scopes=").doesNotContain("adm_file");
  }

  @Test
  void withoutAnAdminBlockThereAreNoTokens() throws Exception {
    assertThat(load("").adminTokens()).isEmpty();
    assertThat(load("admin: {}\n").adminTokens()).isEmpty();
  }

  @Test
  void anInlineTokenIsRefused() throws Exception {
    ConfigException e =
        configError(() -> load("admin: { tokens: [ { name: a, token: adm_0123456789abcdef, scopes: [ read ] } ] }\n"));
    assertThat(e.problem()).isEqualTo("admin.tokens[a].token: secrets must be given as {env: NAME} or {file: PATH}, not inline");
    assertThat(e.location().line()).isEqualTo(1);
  }

  @Test
  void aShortTokenIsRefusedWithoutShowingIt() throws Exception {
    Files.writeString(dir.resolve("short.token"), "hunter2hunter2");
    ConfigException e =
        configError(() -> load("admin: { tokens: [ { name: a, token: { file: short.token }, scopes: [ read ] } ] }\n"));
    assertThat(e.problem()).contains("at least 16 characters").doesNotContain("hunter2");
  }

  @Test
  void twoEntriesWithTheSameTokenAreRefused() throws Exception {
    Files.writeString(dir.resolve("t"), "adm_0123456789abcdef");
    ConfigException e =
        configError(
            () ->
                load(
                    """
                    admin:
                      tokens:
                        - { name: a, token: { file: t }, scopes: [ read ] }
                        - { name: b, token: { file: t }, scopes: [ incident ] }
                    """));
    assertThat(e.problem()).isEqualTo("admin.tokens[b].token: admin token 'b' has the same token as 'a'; give each its own so logs can tell them apart");
    assertThat(e.location().line()).isEqualTo(4);
  }

  @Test
  void scopesAreRequiredAndKnown() throws Exception {
    Files.writeString(dir.resolve("t"), "adm_0123456789abcdef");
    assertThat(configError(() -> load("admin: { tokens: [ { name: a, token: { file: t }, scopes: [ ] } ] }\n")).problem())
        .isEqualTo("admin.tokens[a].scopes: at least one scope is needed (read, incident)");
    assertThat(configError(() -> load("admin: { tokens: [ { name: a, token: { file: t } } ] }\n")).problem())
        .contains("missing required key 'scopes'");
    assertThat(configError(() -> load("admin: { tokens: [ { name: a, token: { file: t }, scopes: [ admin ] } ] }\n")).problem())
        .isEqualTo("admin.tokens[a].scopes[0]: unknown scope 'admin' (known: read, incident)");
  }
}
