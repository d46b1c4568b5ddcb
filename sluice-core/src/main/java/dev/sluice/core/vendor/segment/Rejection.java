package dev.sluice.core.vendor.segment;

import java.util.Objects;

/**
 * One batch item the receiver refused while accepting the rest. {@code index} is the item's
 * position in the request's {@code batch} array (0-based); {@code code} is a stable
 * machine-readable reason ({@code missing_field}, {@code invalid_type}, ...); {@code message}
 * names fields, never their values.
 */
public record Rejection(int index, String code, String message) {
  public Rejection {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
