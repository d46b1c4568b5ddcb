package dev.sluice.core.policy;

/**
 * What a contract does with a field. A closed set: detection-driven actions (generalize, redact,
 * sha256) join it as new records and the compiler/applier switch over them exhaustively.
 */
public sealed interface Action {
  /** The name written in sluice.yaml. */
  String name();

  /** Forward the value as is. */
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

  Keep KEEP = new Keep();
  Drop DROP = new Drop();
  Pseudonymize PSEUDONYMIZE = new Pseudonymize();

  /** The action named {@code name}, or null when there is none. */
  static Action byName(String name) {
    return switch (name) {
      case "keep" -> KEEP;
      case "drop" -> DROP;
      case "pseudonymize", "pseudonymise" -> PSEUDONYMIZE;
      default -> null;
    };
  }

  /** Names accepted by {@link #byName}, for error messages. */
  String KNOWN = "keep, drop, pseudonymize";
}
