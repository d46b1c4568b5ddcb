package dev.sluice.core.route;

import dev.sluice.core.deliver.Encoder;
import dev.sluice.core.policy.Contract;

/** A destination as the hot path sees it: its compiled contract and its vendor encoder. */
public record Destination(String name, Contract contract, Encoder encoder) {}
