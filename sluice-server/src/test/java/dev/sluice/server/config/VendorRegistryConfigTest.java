package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigFixtures.ENV;
import static dev.sluice.server.config.ConfigFixtures.configError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.risk.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vendors:} loads into the registry, links to destinations, and fails closed with locations. */
class VendorRegistryConfigTest {
  @TempDir Path dir;

  private static final String SOURCES = """
      sources:
        - name: app
          writeKeys: [ wk_app ]
      """;
  private static final String DESTINATIONS = """
      destinations:
        - name: hook
          type: webhook
          VENDOR
          options: { url: "https://example.org/in", secret: { env: WEBHOOK_SECRET } }
          contract: { userId: pseudonymize }
      """;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("sluice.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void everyFieldLoadsAndDestinationsLinkByKeyOrByName() {
    SluiceConfig c = ConfigLoader.load(ConfigFixtures.resource("valid/vendors.yaml"), ENV);
    Vendor acme = c.vendor("acme-analytics").orElseThrow();
    assertThat(acme.legalName()).isEqualTo("Acme Analytics, Inc.");
    assertThat(acme.domains()).containsExactly("acme-analytics.com", "api.acme-analytics.com");
    assertThat(acme.regions()).containsExactly("US", "EU");
    assertThat(acme.subProcessors()).containsExactly("Amazon Web Services", "Snowflake");
    assertThat(acme.certifications()).containsExactly(
        new Vendor.Certification("ISO 27001", LocalDate.of(2027, 3, 1)),
        new Vendor.Certification("SOC 2 Type II", LocalDate.of(2026, 6, 30)),
        new Vendor.Certification("PCI DSS", null));
    assertThat(acme.dpaSigned()).isEqualTo(LocalDate.of(2024, 5, 10));
    assertThat(acme.breachNotificationHours()).isEqualTo(72);
    assertThat(acme.mfa()).isEqualTo(Vendor.Mfa.SMS);
    assertThat(acme.retentionDays()).isEqualTo(730);
    assertThat(acme.accessReview())
        .isEqualTo(new Vendor.AccessReview(LocalDate.of(2026, 1, 15), Vendor.ReviewOutcome.FINDINGS));
    assertThat(acme.evidence()).containsExactly("https://trust.acme-analytics.com/soc2-2025.pdf");

    assertThat(c.destination("product").orElseThrow().vendor()).isEqualTo("acme-analytics");
    assertThat(c.destination("hook").orElseThrow().vendor()).isEqualTo("hook");
    Vendor bare = c.vendor("hook").orElseThrow();
    assertThat(bare).isEqualTo(Vendor.unknown("hook"));
    assertThat(c.vendorsByDestination().get("product")).isSameAs(acme);
  }

  @Test
  void aDestinationWithoutRegistryEntryIsAnUnknownVendor() throws Exception {
    SluiceConfig c = ConfigLoader.load(write(SOURCES + DESTINATIONS.replace("VENDOR", "")), ENV);
    assertThat(c.vendors()).isEmpty();
    assertThat(c.destination("hook").orElseThrow().vendor()).isNull();
    assertThat(c.vendorsByDestination().get("hook")).isEqualTo(Vendor.unknown("hook"));
  }

  @Test
  void anUnknownVendorLinkIsLocatedWithAGuess() throws Exception {
    String yaml = SOURCES + "vendors:\n  - name: mixpanel\n" + DESTINATIONS.replace("VENDOR", "vendor: mixpanl");
    Path f = write(yaml);
    ConfigException e = configError(() -> ConfigLoader.load(f, ENV));
    assertThat(e.location()).isEqualTo(ConfigFixtures.at(f, yaml, "mixpanl"));
    assertThat(e.problem()).isEqualTo(
        "destinations[hook].vendor: unknown vendor 'mixpanl' (did you mean 'mixpanel'?); known vendors: mixpanel");
  }

  @Test
  void badEntriesNameTheFieldAndPlace() throws Exception {
    String yaml = SOURCES + """
        vendors:
          - name: acme
            certifications:
              - { name: ISO 27001, expires: 2026-13-01 }
        """ + DESTINATIONS.replace("VENDOR", "");
    Path f = write(yaml);
    ConfigException e = configError(() -> ConfigLoader.load(f, ENV));
    assertThat(e.location()).isEqualTo(ConfigFixtures.at(f, yaml, "2026-13-01"));
    assertThat(e.problem()).isEqualTo(
        "vendors[acme].certifications[0].expires: '2026-13-01' is not a date: write YYYY-MM-DD, e.g. 2026-03-01");

    String yaml2 = SOURCES + "vendors:\n  - name: acme\n    domains: [ \"https://acme.com/\" ]\n"
        + DESTINATIONS.replace("VENDOR", "");
    Path f2 = write(yaml2);
    e = configError(() -> ConfigLoader.load(f2, ENV));
    assertThat(e.problem()).startsWith("vendors[acme].domains[0]: 'https://acme.com/' is not a domain name");

    String yaml3 = SOURCES + "vendors:\n  - name: acme\n  - name: acme\n" + DESTINATIONS.replace("VENDOR", "");
    Path f3 = write(yaml3);
    e = configError(() -> ConfigLoader.load(f3, ENV));
    assertThat(e.problem()).contains("duplicate vendor name 'acme'");

    String yaml4 = SOURCES + "vendors:\n  - name: acme\n    accessReview: { date: 2026-01-01, outcome: ok }\n"
        + DESTINATIONS.replace("VENDOR", "");
    Path f4 = write(yaml4);
    e = configError(() -> ConfigLoader.load(f4, ENV));
    assertThat(e.problem()).isEqualTo(
        "vendors[acme].accessReview.outcome: unknown review outcome 'ok'; known values: passed, findings, failed");
  }
}
