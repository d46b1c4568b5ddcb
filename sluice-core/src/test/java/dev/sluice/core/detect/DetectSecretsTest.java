package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials. Fake tokens are built at run time (from secretlint's fixture file, or by
 * concatenation) so no committed file holds a string that looks like a live key.
 */
class DetectSecretsTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static boolean credentialInside(String text, int start, int end) {
    for (Span s : SCANNER.scan(text, ScanHints.NONE)) {
      if ((s.category() == Category.SECRET || s.category() == Category.JWT)
          && s.start() >= start && s.end() <= end) {
        return true;
      }
    }
    return false;
  }

  private static List<Span> credentials(String text) {
    return SCANNER.scan(text, ScanHints.NONE).stream()
        .filter(s -> s.category() == Category.SECRET || s.category() == Category.JWT)
        .toList();
  }

  @Test
  void secretlintPositivesAreFound() {
    JsonNode positives = DetectData.json("secrets/secretlint_fake_tokens.json").get("positives");
    assertThat(positives).hasSizeGreaterThanOrEqualTo(40);
    for (JsonNode p : positives) {
      String value = p.get("value").asText();
      String text = "found " + value + " in the payload";
      assertThat(credentialInside(text, 6, 6 + value.length()))
          .as(p.get("kind").asText() + " " + p.get("rule_message_id").asText())
          .isTrue();
      // alone, as a whole value, too
      assertThat(credentialInside(value, 0, value.length())).as(value).isTrue();
    }
  }

  @Test
  void secretlintNegativesAreNotCredentials() {
    JsonNode negatives = DetectData.json("secrets/secretlint_fake_tokens.json").get("negatives");
    assertThat(negatives).hasSizeGreaterThanOrEqualTo(19);
    for (JsonNode n : negatives) {
      String text = n.get("text").asText();
      assertThat(DetectData.show(text, credentials(text))).as(n.get("kind").asText()).isEmpty();
      for (String line : text.split("\n")) {
        assertThat(DetectData.show(line, credentials(line))).as(line).isEmpty();
      }
    }
  }

  private static String repeat(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt((i * 7 + 3) % alphabet.length()));
    }
    return b.toString();
  }

  private static final String ALNUM = "aB3dE5gH7jK9mN2pQ4sT6vW8yZ";

  static Stream<Arguments> providerTokens() {
    return Stream.of(
        Arguments.of("aws", "AK" + "IA" + repeat("ABCDEFGHIJKLMNOP2345", 16)),
        Arguments.of("aws sts", "AS" + "IA" + repeat("QRSTUVWXYZ234567", 16)),
        Arguments.of("github", "gh" + "p_" + repeat(ALNUM, 36)),
        Arguments.of("github app", "gh" + "s_" + repeat(ALNUM, 36)),
        Arguments.of("github fine-grained", "github" + "_pat_" + repeat(ALNUM + "_", 82)),
        Arguments.of("gitlab", "gl" + "pat-" + repeat(ALNUM, 20)),
        Arguments.of("slack", "xo" + "xb-" + "1234567890-" + repeat(ALNUM, 24)),
        Arguments.of("stripe", "sk" + "_live_" + repeat(ALNUM, 24)),
        Arguments.of("google", "AI" + "za" + repeat(ALNUM + "-_", 35)),
        Arguments.of("openai project", "sk" + "-proj-" + repeat(ALNUM + "_-", 64)),
        Arguments.of("openai legacy", "sk" + "-" + repeat(ALNUM, 48)),
        Arguments.of("anthropic", "sk" + "-ant-api03-" + repeat(ALNUM + "_-", 93) + "AA"),
        Arguments.of("sendgrid", "SG" + "." + repeat(ALNUM, 22) + "." + repeat(ALNUM + "-_", 43)),
        Arguments.of("npm", "np" + "m_" + repeat(ALNUM, 36)),
        Arguments.of("pypi", "pypi" + "-AgEIcHlwaS5vcmc" + repeat(ALNUM + "-_", 70)),
        Arguments.of("hugging face", "h" + "f_" + repeat("abcdefghijKLMNOPQRSTuvwxyz", 34)),
        Arguments.of("docker", "dckr" + "_pat_" + repeat(ALNUM, 27)),
        Arguments.of("figma", "fig" + "d_" + repeat(ALNUM, 40)),
        Arguments.of("twilio", "S" + "K" + repeat("0123456789abcdef", 32)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providerTokens")
  void providerTokensAreSecrets(String provider, String token) {
    String text = "key " + token + ".";
    assertThat(DetectData.show(text, SCANNER.scan(text, ScanHints.NONE)))
        .containsExactly("secret<" + token + ">");
    // glued to a word it is not a token start
    assertThat(credentials("x" + token)).isEmpty();
  }

  @Test
  void publishableAndTruncatedKeysAreNot() {
    assertThat(credentials("pk" + "_live_" + repeat(ALNUM, 24))).isEmpty();
    assertThat(credentials("AK" + "IA" + repeat("ABCDEFGHIJ", 15))).isEmpty();
    assertThat(credentials("gh" + "p_" + repeat(ALNUM, 20))).isEmpty();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jwtNeedsAJsonHeaderWithAlg() {
    String jwt = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"42\"}") + "."
        + repeat(ALNUM + "-_", 43);
    String text = "session " + jwt + " ok";
    assertThat(DetectData.show(text, SCANNER.scan(text, ScanHints.NONE))).containsExactly("jwt<" + jwt + ">");
    String unsigned = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"42\"}") + ".";
    assertThat(DetectData.show(unsigned, SCANNER.scan(unsigned, ScanHints.NONE)))
        .containsExactly("jwt<" + unsigned + ">");
    String noAlg = b64("{\"typ\":\"JWT\",\"kid\":\"1\"}") + "." + b64("{\"sub\":\"42\"}") + ".abc";
    assertThat(credentials(noAlg)).isEmpty();
    String notJson = b64("hello world, plain") + "." + b64("{\"sub\":\"42\"}") + ".abc";
    assertThat(credentials(notJson)).isEmpty();
  }

  @Test
  void privateKeyBlocks() {
    String pem = "-----BEGIN " + "RSA PRIVATE KEY-----\n" + repeat(ALNUM, 64) + "\n" + repeat(ALNUM, 40)
        + "\n-----END " + "RSA PRIVATE KEY-----";
    String text = "oops: " + pem + " end";
    assertThat(DetectData.show(text, SCANNER.scan(text, ScanHints.NONE))).containsExactly("secret<" + pem + ">");
    String cert = "-----BEGIN CERTIFICATE-----\n" + repeat(ALNUM, 64) + "\n-----END CERTIFICATE-----";
    assertThat(credentials(cert)).isEmpty();
  }

  @Test
  void bearerTokensAndLabelledSecrets() {
    String token = repeat(ALNUM, 32);
    String header = "Authorization: Bearer " + token;
    assertThat(DetectData.show(header, SCANNER.scan(header, ScanHints.NONE))).containsExactly("secret<" + token + ">");
    // a password-like key: any real value; other secret keys: only random-looking values
    String log = "login failed password=hunter22 api_key=" + token + " token=none secret=changeme";
    assertThat(DetectData.show(log, credentials(log)))
        .containsExactly("secret<hunter22>", "secret<" + token + ">");
    String json = "{\"passwort\":\"Geheim123!\",\"apiKey\":\"" + token + "\"}";
    assertThat(DetectData.show(json, credentials(json)))
        .containsExactly("secret<Geheim123!>", "secret<" + token + ">");
  }

  @Test
  void databaseConnectionStringsAndBasicAuth() {
    String url = "postgres://app:" + "S3cure-" + "Passw0rd@db.internal:5432/prod";
    assertThat(DetectData.show(url, SCANNER.scan(url, ScanHints.NONE))).containsExactly("secret<S3cure-Passw0rd>");
    // placeholders, templates, same user and password, loopback hosts
    for (String ok : List.of("mysql://user:${DB_PASSWORD}@db/x", "https://user:password@example.com/",
        "mongodb://mongo:mongo@db:27017/x", "mysql://root:" + "r00tPass" + "@localhost:3306/app",
        "https://{{user}}:{{pass}}@example.com")) {
      assertThat(credentials(ok)).as(ok).isEmpty();
    }
  }
}
