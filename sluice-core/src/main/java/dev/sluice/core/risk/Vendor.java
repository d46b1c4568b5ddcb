package dev.sluice.core.risk;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the vendor registry ({@code vendors:} in sluice.yaml): what we know about a vendor
 * from evidence, not from its marketing. Every field is optional; an absent one is null (or an
 * empty list) and the risk model counts it as unknown, which is a risk, not a pass.
 *
 * @param name the registry key; destinations link to it with {@code vendor:} or by having the same
 *     name
 * @param legalName the contracting entity, as on the DPA
 * @param domains the vendor's own domains (used to spot look-alikes in phishing)
 * @param regions where the vendor stores our data (e.g. {@code EU}, {@code US})
 * @param subProcessors the vendor's own sub-processors that can reach our data
 * @param dpaSigned when the data processing agreement was signed; null: none on file
 * @param breachNotificationHours the notification window the vendor promised; null: unknown
 * @param retentionDays how long the vendor keeps our data; null: unknown
 * @param accessReview the last review of who at the vendor (and at ours) can reach the data
 * @param evidence links to the documents the entries come from
 */
public record Vendor(
    String name,
    String legalName,
    List<String> domains,
    List<String> regions,
    List<String> subProcessors,
    List<Certification> certifications,
    LocalDate dpaSigned,
    Integer breachNotificationHours,
    Mfa mfa,
    Integer retentionDays,
    AccessReview accessReview,
    List<String> evidence) {
  public Vendor {
    Objects.requireNonNull(name, "name");
    domains = List.copyOf(domains);
    regions = List.copyOf(regions);
    subProcessors = List.copyOf(subProcessors);
    certifications = List.copyOf(certifications);
    evidence = List.copyOf(evidence);
    mfa = mfa == null ? Mfa.UNKNOWN : mfa;
  }

  /** A vendor with nothing on file but its name: every trust factor unknown. */
  public static Vendor unknown(String name) {
    return new Vendor(name, null, List.of(), List.of(), List.of(), List.of(), null, null, Mfa.UNKNOWN, null, null, List.of());
  }

  /** A certification (ISO 27001, SOC 2 Type II, ...) and when it expires; null: no date on file. */
  public record Certification(String name, LocalDate expires) {
    public Certification {
      Objects.requireNonNull(name, "name");
    }
  }

  /** The last access review: when, and what it found. */
  public record AccessReview(LocalDate date, ReviewOutcome outcome) {
    public AccessReview {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** What an access review found. */
  public enum ReviewOutcome {
    PASSED("passed"),
    FINDINGS("findings"),
    FAILED("failed");

    private final String spelling;

    ReviewOutcome(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }

    /** The outcome spelled {@code s}, or null. */
    public static ReviewOutcome parse(String s) {
      for (ReviewOutcome o : values()) {
        if (o.spelling.equals(s)) {
          return o;
        }
      }
      return null;
    }
  }

  /** How the vendor protects its staff's and our accounts' logins. */
  public enum Mfa {
    PHISHING_RESISTANT("phishing-resistant"),
    TOTP("totp"),
    SMS("sms"),
    NONE("none"),
    UNKNOWN("unknown");

    private final String spelling;

    Mfa(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }

    /** The policy spelled {@code s}, or null. */
    public static Mfa parse(String s) {
      for (Mfa m : values()) {
        if (m.spelling.equals(s)) {
          return m;
        }
      }
      return null;
    }
  }
}
