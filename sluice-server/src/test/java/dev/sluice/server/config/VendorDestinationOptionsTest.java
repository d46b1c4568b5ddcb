package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixpanel, amplitude and posthog destination options (and their {@code deletion:} blocks):
 * what loads, and the errors for what does not.
 */
class VendorDestinationOptionsTest {
  static final Map<String, String> ENV = Map.of("MP_SECRET", "mp-secret", "AMP_KEY", "amp-key", "GDPR", "gdpr-oauth",
      "AMP_SECRET", "amp-secret", "PH_KEY", "phc_key", "PH_PERSONAL", "phx_personal");
  @TempDir Path dir;

  Path write(String type, String options) throws Exception {
    Path f = dir.resolve("sluice.yaml");
    Files.writeString(f, """
        sources:
          - name: app
            writeKeys: [ mp-project-token ]
        destinations:
          - name: d
            type: %s
            options: { %s }
            contract: { userId: pseudonymize }
        """.formatted(type, options));
    return f;
  }

  String problem(String type, String options) throws Exception {
    Path f = write(type, options);
    return configError(() -> ConfigLoader.load(f, ENV)).problem();
  }

  @Test
  void validOptionsLoad() throws Exception {
    ConfigLoader.load(write("mixpanel", "region: eu, serviceAccountUser: sa, serviceAccountSecret: { env: MP_SECRET }, projectId: \"42\""), ENV);
    ConfigLoader.load(write("mixpanel", "region: in, apiSecret: { env: MP_SECRET }, batchSize: 500"), ENV);
    ConfigLoader.load(write("amplitude", "region: eu, apiKey: { env: AMP_KEY }, minIdLength: 1"), ENV);
  }

  @Test
  void mixpanelNeedsExactlyOneWayToAuthenticate() throws Exception {
    assertThat(problem("mixpanel", "region: us"))
        .contains("Mixpanel needs serviceAccountUser, serviceAccountSecret and projectId, or apiSecret");
    assertThat(problem("mixpanel", "serviceAccountUser: sa, serviceAccountSecret: { env: MP_SECRET }"))
        .contains("projectId");
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, serviceAccountUser: sa"))
        .contains("give either apiSecret or a service account, not both");
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, region: mars")).contains("region must be us, eu or in");
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, batchSize: 2001")).contains("batchSize must be between 1 and 2000");
    assertThat(problem("mixpanel", "serviceAccountUser: sa, serviceAccountSecret: { env: MP_SECRET }, projectId: abc"))
        .contains("projectId must be the numeric Mixpanel project id");
  }

  @Test
  void amplitudeNeedsAnApiKey() throws Exception {
    assertThat(problem("amplitude", "region: eu")).contains("apiKey");
    assertThat(problem("amplitude", "apiKey: { env: AMP_KEY }, region: apac")).contains("region must be us or eu");
    assertThat(problem("amplitude", "apiKey: { env: AMP_KEY }, minIdLength: 0")).contains("minIdLength must be at least 1");
    assertThat(problem("amplitude", "apiKey: { env: AMP_KEY }, batchSize: 0")).contains("batchSize must be between 1 and 2000");
  }

  @Test
  void deletionBlocksLoadIntoTheVendorsDeletionApi() throws Exception {
    var mp = ConfigLoader.load(write("mixpanel", "region: eu, apiSecret: { env: MP_SECRET },"
        + " deletion: { oauthToken: { env: GDPR }, projectToken: abc123, complianceType: CCPA }"), ENV).destinations().get(0);
    var req = mp.deletion().request(java.util.List.of("ps1_1_x"));
    assertThat(req.uri().toString()).isEqualTo("https://eu.mixpanel.com/api/app/data-deletions/v3.0/?token=abc123");
    assertThat(req.headers()).containsEntry("Authorization", "Bearer gdpr-oauth");
    assertThat(new String(req.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"distinct_ids\":[\"ps1_1_x\"],\"compliance_type\":\"CCPA\"}");
    assertThat(mp.deletion().toString()).doesNotContain("gdpr-oauth");

    var amp = ConfigLoader.load(write("amplitude", "region: eu, apiKey: { env: AMP_KEY }, deletion: { secretKey: { env: AMP_SECRET } }"), ENV)
        .destinations().get(0).deletion();
    assertThat(amp.request(java.util.List.of("a")).uri().toString()).isEqualTo("https://analytics.eu.amplitude.com/api/2/deletions/users");
    assertThat(amp.maxIds()).isEqualTo(100);

    var ph = ConfigLoader.load(write("posthog", "region: eu, apiKey: { env: PH_KEY }, deletion: { personalApiKey: { env: PH_PERSONAL }, projectId: \"12\" }"), ENV)
        .destinations().get(0).deletion();
    assertThat(ph.request(java.util.List.of("a")).uri().toString()).isEqualTo("https://eu.posthog.com/api/projects/12/persons/bulk_delete/");

    assertThat(ConfigLoader.load(write("posthog", "apiKey: { env: PH_KEY }"), ENV).destinations().get(0).deletion()).isNull();
  }

  @Test
  void badDeletionBlocksNameTheKey() throws Exception {
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, deletion: { projectToken: abc }"))
        .contains("missing required option 'oauthToken'");
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, deletion: { oauthToken: { env: GDPR }, projectToken: \"a-b\" }"))
        .contains("projectToken must be the project's token");
    assertThat(problem("mixpanel", "apiSecret: { env: MP_SECRET }, deletion: { oauthToken: { env: GDPR }, projectToken: ab, complianceType: LGPD }"))
        .contains("complianceType must be GDPR or CCPA");
    assertThat(problem("amplitude", "apiKey: { env: AMP_KEY }, deletion: { secretKey: { env: AMP_SECRET }, requestor: me }"))
        .contains("unknown key 'requestor'");
    assertThat(problem("posthog", "apiKey: { env: PH_KEY }, deletion: { personalApiKey: { env: PH_PERSONAL }, projectId: my-project }"))
        .contains("projectId must be the numeric PostHog project id");
    assertThat(problem("webhook", "url: \"https://example.org\", secret: { env: MP_SECRET }, deletion: { x: 1 }"))
        .contains("unknown key 'deletion'");
  }
}
