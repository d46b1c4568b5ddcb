package dev.sluice.core.policy;

import dev.sluice.core.config.Location;

/** One line of a contract: a path pattern, its action, and where it was written. */
public record Rule(PathPattern pattern, Action action, Location location) {}
