package dev.sluice.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.BadInputException;
import dev.sluice.core.bom.Bom;
import dev.sluice.core.bom.BomBuilder;
import dev.sluice.core.bom.BomJson;
import dev.sluice.core.bom.DeclaredDestination;
import dev.sluice.core.bom.Since;
import dev.sluice.core.event.Json;
import dev.sluice.core.ledger.FlowLedger;
import dev.sluice.core.ledger.LedgerEntry;
import dev.sluice.core.policy.Contract;
import dev.sluice.core.policy.Rule;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.ledger.LedgerFlusher;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.store.DeadLetterStore;
import dev.sluice.server.store.Outbox;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's read endpoints (docs/operations.md#admin-api), on the admin listener, each
 * behind {@link AdminAuth} with scope {@code read}:
 *
 * <ul>
 *   <li>{@code GET /admin/bom?since=}: the data BOM ({@code sluice-bom/1}, docs/bom.md);
 *   <li>{@code GET /admin/destinations}: each destination's type, endpoint host, contract, outbox
 *       depth and dead letters;
 *   <li>{@code GET /admin/ledger?destination=&since=}: the flow ledger's rows.
 * </ul>
 *
 * <p>Reads flush the ledger first, then read its store, so they see every count so far. When the
 * store cannot be opened, they answer from memory (the restored totals plus new counts, and the
 * subject sketches of today and yesterday).
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private final AdminAuth auth;
  private final SluiceConfig config;
  private final List<DeclaredDestination> declared;
  private final Outbox outbox;
  private final DeadLetterStore deadLetters;
  private final FlowLedger ledger;
  private final LedgerFlusher flusher;
  private final Clock clock;

  public AdminApi(
      AdminAuth auth,
      SluiceConfig config,
      Map<String, Contract> contracts,
      Outbox outbox,
      DeadLetterStore deadLetters,
      FlowLedger ledger,
      LedgerFlusher flusher,
      Clock clock) {
    this.auth = auth;
    this.config = config;
    this.declared = LedgerBom.declared(config, contracts);
    this.outbox = outbox;
    this.deadLetters = deadLetters;
    this.ledger = ledger;
    this.flusher = flusher;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.get("/admin/bom", auth.guard(Scope.READ, this::bom));
    routes.get("/admin/destinations", auth.guard(Scope.READ, this::destinations));
    routes.get("/admin/ledger", auth.guard(Scope.READ, this::ledger));
  }

  /** The BOM of the window {@code since} (optional) to now. */
  public Bom bom(Instant since) {
    Instant now = clock.instant();
    LedgerStore store = flusher.store();
    if (store != null && flusher.flushNow()) {
      try {
        return LedgerBom.read(store, declared, since, now);
      } catch (IOException e) {
        LOG.warn("admin: reading the ledger store failed, answering from memory: {}", e.getMessage());
      }
    }
    return BomBuilder.build(ledger.snapshot(), declared, since, now, now);
  }

  private void bom(Context ctx) {
    Instant since = Since.parse(ctx.queryParam("since"), clock.instant());
    json(ctx, BomJson.write(bom(since)));
  }

  private void destinations(Context ctx) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (DeclaredDestination d : declared) {
      ObjectNode n = out.addObject();
      n.put("name", d.name());
      n.put("type", d.type());
      n.put("endpointHost", d.endpoint() == null ? null : URI.create(d.endpoint()).getHost());
      ObjectNode contract = n.putObject("contract");
      contract.put("onPii", d.contract().onPii().spelling());
      ArrayNode rules = contract.putArray("rules");
      for (Rule r : d.contract().rules()) {
        rules.addObject().put("pattern", r.pattern().text()).put("action", r.action().name());
      }
      ArrayNode warnings = contract.putArray("warnings");
      d.contract().warnings().forEach(warnings::add);
      n.put("outboxDepth", outbox.depth(d.name()));
      n.put("deadLetters", deadLetters.count(d.name()));
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.set("destinations", out);
    json(ctx, root);
  }

  private void ledger(Context ctx) {
    Instant now = clock.instant();
    String destination = ctx.queryParam("destination");
    if (destination != null && destination.isBlank()) {
      destination = null;
    }
    if (destination != null && config.destination(destination).isEmpty()) {
      List<String> known = new ArrayList<>();
      declared.forEach(d -> known.add(d.name()));
      throw BadInputException.badRequest(
          "unknown_destination",
          "unknown destination '" + shorten(destination) + "' (known: " + String.join(", ", known) + ")");
    }
    Instant since = Since.parse(ctx.queryParam("since"), now);
    List<LedgerEntry> rows = entries(destination, since);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("destination", destination);
    root.put("since", since == null ? null : since.toString());
    root.put("until", now.toString());
    ArrayNode a = root.putArray("rows");
    for (LedgerEntry e : rows) {
      a.addObject()
          .put("source", e.source())
          .put("destination", e.destination())
          .put("path", e.path())
          .put("category", e.category())
          .put("outcome", e.outcome().name())
          .put("events", e.events())
          .put("values", e.values())
          .put("firstSeen", e.firstSeen().toString())
          .put("lastSeen", e.lastSeen().toString());
    }
    json(ctx, root);
  }

  /**
   * The ledger's rows of one destination (null: all) from {@code since} (null: all time) to now,
   * read from the store after a flush, or from memory when the store cannot answer.
   */
  public List<LedgerEntry> entries(String destination, Instant since) {
    LedgerStore store = flusher.store();
    if (store != null && flusher.flushNow()) {
      try {
        return store.entries(destination, since);
      } catch (IOException e) {
        LOG.warn("admin: reading the ledger store failed, answering from memory: {}", e.getMessage());
      }
    }
    return ledger.snapshot().entries().stream()
        .filter(e -> destination == null || e.destination().equals(destination))
        .filter(e -> since == null || !e.lastSeen().isBefore(since))
        .toList();
  }

  private static String shorten(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  private static void json(Context ctx, JsonNode body) {
    ctx.contentType("application/json").header("Cache-Control", "no-store").result(Json.bytes(body));
  }
}
