package dev.sluice.core.route;

/**
 * A stage that threw on one event (a bug in Sluice or in what a contract assumes, never bad
 * input, which the receiver already refused): the event is left out whole, for every destination,
 * so an acknowledged event is always delivered everywhere it is routed.
 *
 * @param index the event's position in the list handed to the router
 * @param stage {@code detect}, {@code policy} or {@code encode}
 * @param error what was thrown; its message may quote event values, so never log it
 */
public record StageFailure(int index, String stage, RuntimeException error) {}
