package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice check} says when the admin API is disabled, and not when a token is configured. */
class CheckCommandTest {
  @TempDir Path dir;

  String check(String admin) throws Exception {
    Files.writeString(dir.resolve("hook.secret"), "whsec_0123456789abcdef");
    Files.writeString(dir.resolve("admin.token"), "adm_0123456789abcdef");
    Path cfg = dir.resolve("sluice.yaml");
    Files.writeString(
        cfg,
        admin
            + """
            sources: [ { name: app, writeKeys: [ wk ] } ]
            destinations:
              - name: hook
                type: webhook
                options: { url: "https://example.org/", secret: { file: hook.secret } }
                contract: { userId: pseudonymize }
            """);
    PrintStream saved = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      assertThat(Main.run("check", "--config", cfg.toString())).isZero();
    } finally {
      System.setOut(saved);
    }
    return o.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutAdminTokensCheckNotesTheAdminApiIsDisabled() throws Exception {
    assertThat(check("")).contains("note: no admin.tokens: the admin API (/admin/..., sluice bom --server, the dashboard) is disabled");
    assertThat(check("admin: { tokens: [ { name: ops, token: { file: admin.token }, scopes: [ read ] } ] }\n"))
        .doesNotContain("no admin.tokens")
        .doesNotContain("adm_0123456789abcdef");
  }
}
