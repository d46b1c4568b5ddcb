package dev.sluice.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One canonical event: a Segment Spec message. {@code json} is the whole message (type,
 * messageId, timestamp, userId, properties, traits, context, ...) after the receiver normalised
 * it; {@code type} and {@code messageId} are lifted out because every stage needs them.
 *
 * <p>The tree is owned by the pipeline for the event's trip and is never written anywhere: only
 * the per-destination result of a contract leaves memory.
 */
public record Event(EventType type, String messageId, ObjectNode json) {
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(json, "json");
  }
}
