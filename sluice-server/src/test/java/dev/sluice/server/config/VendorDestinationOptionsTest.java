package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mixpanel and amplitude destination options: what loads, and the errors for what does not. */
class VendorDestinationOptionsTest {
  static final Map<String, String> ENV = Map.of("MP_SECRET", "mp-secret", "AMP_KEY", "amp-key");
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
}
