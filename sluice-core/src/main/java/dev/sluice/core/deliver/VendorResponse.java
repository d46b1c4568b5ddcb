package dev.sluice.core.deliver;

import java.util.Optional;

/**
 * A vendor's answer as the sender saw it: status, the Retry-After header if any, and the body
 * (bounded by the sender; may be empty).
 */
public record VendorResponse(int status, Optional<String> retryAfter, byte[] body) {}
