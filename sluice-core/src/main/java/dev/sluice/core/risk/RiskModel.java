package dev.sluice.core.risk;

import dev.sluice.core.detect.Category;
import dev.sluice.core.policy.Outcome;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The vendor risk model of docs/risk.md: a score from what we send a vendor (exposure, from the
 * flow ledger) plus how far we can trust it (evidence in the vendor registry), every point
 * explained by a {@link Factor}. Unknown evidence scores as a risk. Pure and deterministic: the
 * same registry entry, exposure and day always give the same factors in the same order.
 */
public final class RiskModel {
  static final int HIGH = 80;
  static final int MEDIUM = 40;
  /** A review older than this is stale. */
  static final int REVIEW_MAX_AGE_DAYS = 365;
  /** GDPR Art. 33: the controller notifies within 72 hours, so a processor must tell us sooner. */
  static final int GDPR_HOURS = 72;
  static final int LONG_RETENTION_DAYS = 730;
  static final int SHORT_RETENTION_DAYS = 90;
  static final int EXPIRY_WARNING_DAYS = 30;

  private RiskModel() {}

  /** Riskiest first (then by vendor name): one entry per vendor. */
  public static final Comparator<VendorRisk> RISKIEST_FIRST =
      Comparator.comparingInt(VendorRisk::score).reversed().thenComparing(VendorRisk::vendor);

  /**
   * Scores one vendor.
   *
   * @param vendor its registry entry ({@link Vendor#unknown} when it has none)
   * @param registered whether that entry is from the registry
   * @param destinations the vendor's destinations
   * @param exposure what those destinations received
   * @param today the day expiry and review ages are measured against
   */
  public static VendorRisk score(
      Vendor vendor, boolean registered, List<String> destinations, Exposure exposure, LocalDate today) {
    List<Factor> exp = exposure(exposure);
    List<Factor> trust = trust(vendor, registered, today);
    int e = exp.stream().mapToInt(Factor::points).sum();
    int t = trust.stream().mapToInt(Factor::points).sum();
    List<Factor> all = new ArrayList<>(exp);
    all.addAll(trust);
    return new VendorRisk(vendor.name(), destinations, registered, Math.max(0, e + t), e, t, all);
  }

  // ---- exposure -------------------------------------------------------------------------

  /** Points for one category received raw: what an attacker does with it. */
  static int rawWeight(Category c) {
    return switch (c) {
      case JWT, SECRET, US_SSN, PAYMENT_CARD, IBAN -> 40;
      case EMAIL, PHONE, PERSON_NAME, STREET_ADDRESS, PRECISE_LOCATION, DATE_OF_BIRTH -> 30;
      case IP_ADDRESS, MAC_ADDRESS, ONLINE_ID, DEVICE_ID -> 15;
      case USER_AGENT -> 5;
    };
  }

  private static List<Factor> exposure(Exposure x) {
    List<Factor> out = new ArrayList<>();
    if (x.events() == 0 && x.byCategory().isEmpty()) {
      out.add(new Factor(0, "nothing delivered yet in the window (the ledger has no events for it)"));
      return out;
    }
    boolean rawIds = false;
    for (Map.Entry<String, Map<Outcome, Exposure.Counts>> e : x.byCategory().entrySet()) {
      Category c = Exposure.category(e.getKey());
      if (c == null) {
        continue; // "none" (no personal data found) and codes this version does not know
      }
      Exposure.Counts raw = e.getValue().get(Outcome.SENT);
      if (raw != null) {
        out.add(new Factor(rawWeight(c), "receives " + c.code() + " raw (" + where(raw) + ")"));
        rawIds |= c == Category.ONLINE_ID;
      }
      Exposure.Counts hashed = e.getValue().get(Outcome.HASHED);
      if (hashed != null) {
        boolean guessable = c == Category.EMAIL || c == Category.PHONE;
        out.add(new Factor(guessable ? 15 : 5, "receives " + c.code() + " as unsalted SHA-256 ("
            + where(hashed) + ")" + (guessable ? ": reversible by dictionary" : "")));
      }
      Exposure.Counts general = e.getValue().get(Outcome.GENERALIZED);
      if (general != null) {
        out.add(new Factor(2, "receives " + c.code() + " generalised (" + where(general) + ")"));
      }
    }
    boolean pseudonymised = x.byCategory().values().stream().anyMatch(m -> m.containsKey(Outcome.PSEUDONYMIZED));
    if (pseudonymised && !rawIds) {
      out.add(new Factor(-10, "identifiers reach it only as per-vendor pseudonyms"));
    }
    long s = x.subjects();
    int sp = s == 0 ? 0 : s < 1_000 ? 5 : s < 100_000 ? 10 : s < 1_000_000 ? 15 : 20;
    if (sp > 0) {
      out.add(new Factor(sp, String.format(java.util.Locale.ROOT, "reached about %,d subjects", s)));
    }
    return out;
  }

  private static String where(Exposure.Counts c) {
    int n = c.paths().size();
    return String.format(java.util.Locale.ROOT, "%,d value%s in %d field%s", c.values(), c.values() == 1 ? "" : "s",
        n, n == 1 ? "" : "s");
  }

  // ---- trust ----------------------------------------------------------------------------

  private static List<Factor> trust(Vendor v, boolean registered, LocalDate today) {
    List<Factor> out = new ArrayList<>();
    if (!registered) {
      out.add(new Factor(10, "not in the vendor registry: no evidence on file"));
    }
    if (v.dpaSigned() == null) {
      out.add(new Factor(15, "no signed DPA on file"));
    } else {
      out.add(new Factor(-5, "DPA signed " + v.dpaSigned()));
    }
    Integer h = v.breachNotificationHours();
    if (h == null) {
      out.add(new Factor(10, "breach-notification window unknown"));
    } else if (h > GDPR_HOURS) {
      out.add(new Factor(10, "breach notice promised within " + h + " h, later than GDPR's " + GDPR_HOURS + " h"));
    } else if (h <= 24) {
      out.add(new Factor(-5, "breach notice promised within " + h + " h"));
    }
    switch (v.mfa()) {
      case PHISHING_RESISTANT -> out.add(new Factor(-10, "phishing-resistant MFA"));
      case TOTP -> out.add(new Factor(5, "TOTP MFA (phishable)"));
      case SMS -> out.add(new Factor(15, "SMS-based MFA (phishable, SIM-swappable)"));
      case NONE -> out.add(new Factor(25, "no MFA"));
      case UNKNOWN -> out.add(new Factor(10, "MFA policy unknown"));
    }
    if (v.certifications().isEmpty()) {
      out.add(new Factor(10, "no certifications on file"));
    }
    int credit = 0;
    for (Vendor.Certification c : v.certifications()) {
      if (c.expires() == null) {
        out.add(new Factor(3, "certification " + c.name() + " has no expiry date on file"));
      } else if (c.expires().isBefore(today)) {
        out.add(new Factor(10, "certification " + c.name() + " expired " + c.expires()));
      } else if (ChronoUnit.DAYS.between(today, c.expires()) <= EXPIRY_WARNING_DAYS) {
        out.add(new Factor(0, "certification " + c.name() + " expires " + c.expires() + ": ask for the renewal"));
      } else if (credit > -10) {
        credit -= 5; // valid certifications earn credit, at most two of them
        out.add(new Factor(-5, "certification " + c.name() + " valid until " + c.expires()));
      }
    }
    Integer r = v.retentionDays();
    if (r == null) {
      out.add(new Factor(5, "retention unknown"));
    } else if (r > LONG_RETENTION_DAYS) {
      out.add(new Factor(5, "keeps data " + r + " days"));
    } else if (r <= SHORT_RETENTION_DAYS) {
      out.add(new Factor(-3, "keeps data only " + r + " days"));
    }
    Vendor.AccessReview a = v.accessReview();
    if (a == null) {
      out.add(new Factor(10, "no access review on file"));
    } else {
      switch (a.outcome()) {
        case FAILED -> out.add(new Factor(20, "access review of " + a.date() + " failed"));
        case FINDINGS -> out.add(new Factor(10, "access review of " + a.date() + " had findings"));
        case PASSED -> {
          if (ChronoUnit.DAYS.between(a.date(), today) > REVIEW_MAX_AGE_DAYS) {
            out.add(new Factor(5, "last access review " + a.date() + " is over a year old"));
          } else {
            out.add(new Factor(-5, "access review of " + a.date() + " passed"));
          }
        }
      }
    }
    if (v.regions().isEmpty()) {
      out.add(new Factor(5, "data regions unknown"));
    }
    if (registered && v.evidence().isEmpty()) {
      out.add(new Factor(5, "no evidence links: the entries above are unverified"));
    }
    return out;
  }
}
