package dev.sluice.server.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.event.Json;
import dev.sluice.core.policy.Action;
import dev.sluice.core.policy.Rule;
import dev.sluice.server.audit.AuditLog;
import dev.sluice.server.config.DestinationConfig;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.keys.KeyStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erasure on request ({@code sluice forget USER_ID}): the identifiers each vendor holds for a
 * person, under every pseudonym epoch of each of its destinations, as deletion requests to send.
 * No wire format in this version has a deletion API, so the requests are a list; the audit log
 * records that they were produced (request id, vendors, epochs), never the user id or pseudonyms.
 */
public final class Erasure {
  private static final Set<String> ID_FIELDS = Set.of("userId", "anonymousId", "previousId");

  private Erasure() {}

  /** One vendor's deletion request. */
  public record Request(String vendor, String destination, List<String> pseudonyms, boolean rawIdSent) {}

  /**
   * The deletion requests for {@code userId}, every destination and epoch; appends an {@code
   * erasure.requested} record to the audit log.
   */
  public static List<Request> forget(SluiceConfig config, KeyStore keys, AuditLog audit, String userId)
      throws IOException {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("give the user id to forget");
    }
    List<Request> out = new ArrayList<>();
    String requestId = UUID.randomUUID().toString();
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("request", requestId);
    ArrayNode dests = record.putArray("destinations");
    for (DestinationConfig d : config.destinations()) {
      List<String> pseudonyms = new ArrayList<>();
      for (int epoch : keys.epochs(d.name())) {
        pseudonyms.add(keys.pseudonymizer(d.name(), epoch).pseudonym(userId));
      }
      boolean raw = keepsRawIds(d);
      String vendor = d.vendor() == null ? d.name() : d.vendor();
      out.add(new Request(vendor, d.name(), pseudonyms, raw));
      dests.addObject().put("destination", d.name()).put("vendor", vendor).put("epochs", pseudonyms.size())
          .put("rawId", raw);
    }
    audit.append("erasure.requested", record);
    return out;
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
