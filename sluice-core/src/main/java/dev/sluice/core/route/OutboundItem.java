package dev.sluice.core.route;

/** One minimised, vendor-encoded event bound for one destination: what the outbox stores. */
public record OutboundItem(String destination, byte[] item) {}
