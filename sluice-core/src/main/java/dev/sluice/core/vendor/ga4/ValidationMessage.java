package dev.sluice.core.vendor.ga4;

/**
 * One finding of the Measurement Protocol validation server, in Google's shape: {@code
 * fieldPath} names the field, {@code validationCode} is one of Google's codes ({@code
 * VALUE_REQUIRED}, {@code VALUE_INVALID}, {@code NAME_INVALID}, {@code NAME_RESERVED}, {@code
 * VALUE_OUT_OF_BOUNDS}, {@code EXCEEDED_MAX_ENTITIES}).
 */
public record ValidationMessage(String fieldPath, String description, String validationCode) {}
