package dev.sluice.core.policy;

import dev.sluice.core.generalize.Generalizer;

/**
 * What a contract does with a field. A closed set: the compiler and the contract switch over it
 * exhaustively, so a new action cannot be half-wired.
 */
public sealed interface Action {
  /** How sluice.yaml and {@code sluice check} spell it. */
  String name();

  /** Forward the value as is (personal data found inside is still handled by {@code onPii}). */
  record Keep() implements Action {
    @Override
    public String name() {
      return "keep";
    }
  }

  /** Remove the field (the default for anything a contract does not name). */
  record Drop() implements Action {
    @Override
    public String name() {
      return "drop";
    }
  }

  /** Replace the value by the destination's keyed pseudonym of it. */
  record Pseudonymize() implements Action {
    @Override
    public String name() {
      return "pseudonymize";
    }
  }

  /**
   * Unsalted SHA-256 of the normalised value, for ad platforms that demand it. Weak: hashes of
   * emails and phone numbers are reversible by dictionary.
   */
  record Sha256() implements Action {
    @Override
    public String name() {
      return "sha256";
    }
  }

  /** Keep the text, replacing each detected span of personal data by {@code [category]}. */
  record Redact() implements Action {
    @Override
    public String name() {
      return "redact";
    }
  }

  /** Replace the value by a coarser one (country, browser family, day, range, ...). */
  record Generalize(Generalizer generalizer) implements Action {
    @Override
    public String name() {
      return "generalize: " + generalizer.describe();
    }
  }

  Keep KEEP = new Keep();
  Drop DROP = new Drop();
  Pseudonymize PSEUDONYMIZE = new Pseudonymize();
  Sha256 SHA256 = new Sha256();
  Redact REDACT = new Redact();

  /** The scalar action named {@code name}, or null ({@code generalize} takes an argument). */
  static Action byName(String name) {
    return switch (name) {
      case "keep" -> KEEP;
      case "drop" -> DROP;
      case "pseudonymize", "pseudonymise" -> PSEUDONYMIZE;
      case "sha256" -> SHA256;
      case "redact" -> REDACT;
      default -> null;
    };
  }

  /** Names accepted by {@link #byName}, plus the generalize form, for error messages. */
  String KNOWN = "keep, drop, pseudonymize, sha256, redact, {generalize: KIND}";
}
