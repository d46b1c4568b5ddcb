package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Rule;
import dev.sluice.core.deliver.DeletionApi;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erasure on request ({@code sluice forget USER_ID}): the identifiers each vendor holds for a
 * person, under every pseudonym epoch of each of its destinations (and the raw id where the
 * contract sends ids as they are). For a destination with a deletion API configured ({@code
 * options.deletion}) the request is queued in the {@link ErasureQueue} and sent by the gateway;
 * the others are listed, with what to send where, for the operator to send by hand. The audit log
 * records the request (id, destinations, epochs, counts), never the user id or pseudonyms.
 */
public final class Erasure {
  private static final Set<String> ID_FIELDS = Set.of("userId", "anonymousId", "previousId");

  private Erasure() {}

  /**
   * One vendor's deletion request.
   *
   * @param queued whether it is in the erasure queue (else it is to be sent by hand)
   * @param how where it goes: the deletion API, or what to do by hand
   */
  public record Request(
      String vendor, String destination, List<String> pseudonyms, boolean rawIdSent, boolean queued, String how) {}

  /** Every destination's request, under one request id (the audit log's key). */
  public record Result(String request, List<Request> requests) {}

  /**
   * The deletion requests for {@code userId}, every destination and epoch: queued where the
   * destination has a deletion API, listed otherwise; appends an {@code erasure.requested} record.
   *
   * @param only the destinations to erase at; empty for all
   * @param by who asks, for the audit log ({@link Incidents#byToken}, {@link Incidents#byCli})
   * @throws IllegalArgumentException for a blank user id or a destination {@code only} names that
   *     the config does not have (nothing is queued then)
   */
  public static Result forget(SluiceConfig config, KeyStore keys, ErasureQueue queue, String userId, Set<String> only,
      String by) throws IOException {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("give the user id to forget");
    }
    Set<String> known = new LinkedHashSet<>();
    config.destinations().forEach(d -> known.add(d.name()));
    for (String name : only) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown destination '" + name + "' (destinations: " + String.join(", ", known) + ")");
      }
    }
    List<Request> out = new ArrayList<>();
    String requestId = UUID.randomUUID().toString();
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("request", requestId);
    record.put("by", by);
    ArrayNode dests = record.putArray("destinations");
    Map<String, List<String>> toQueue = new LinkedHashMap<>();
    for (DestinationConfig d : config.destinations()) {
      if (!only.isEmpty() && !only.contains(d.name())) {
        continue;
      }
      List<String> pseudonyms = new ArrayList<>();
      for (int epoch : keys.epochs(d.name())) {
        pseudonyms.add(keys.pseudonymizer(d.name(), epoch).pseudonym(userId));
      }
      boolean raw = keepsRawIds(d);
      List<String> ids = new ArrayList<>(pseudonyms);
      if (raw) {
        ids.add(userId);
      }
      DeletionApi api = queue.api(d.name());
      boolean queued = api != null && !ids.isEmpty();
      String how;
      if (queued) {
        toQueue.put(d.name(), ids);
        how = api.describe();
      } else if (!d.type().deletionKeys().isEmpty()) {
        how = "no deletion credentials configured (options.deletion): send by hand. " + d.type().manualErasure();
      } else {
        how = d.type().manualErasure();
      }
      out.add(new Request(d.vendorName(), d.name(), pseudonyms, raw, queued, how));
      dests.addObject().put("destination", d.name()).put("vendor", d.vendorName()).put("epochs", pseudonyms.size())
          .put("rawId", raw).put("ids", ids.size()).put("queued", queued);
    }
    // Recorded before it is queued, so a running gateway's erasure.sent never comes first.
    queue.audit().append("erasure.requested", record);
    toQueue.forEach((destination, ids) -> queue.enqueue(requestId, destination, ids));
    return new Result(requestId, out);
  }

  /** Whether the contract forwards an identity field as is (then the raw id must be erased too). */
  static boolean keepsRawIds(DestinationConfig d) {
    for (Rule r : d.rules()) {
      if (r.action() instanceof Action.Keep && r.pattern().segments().size() == 1
          && (ID_FIELDS.contains(r.pattern().segments().get(0)) || r.pattern().segments().get(0).equals("*"))) {
        return true;
      }
    }
    return false;
  }
}
