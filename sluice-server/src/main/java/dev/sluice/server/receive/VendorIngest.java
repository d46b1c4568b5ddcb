package dev.sluice.server.receive;

import dev.sluice.core.BadInputException;
import dev.sluice.core.vendor.segment.Decoded;
import dev.sluice.server.ops.Metrics;
import dev.sluice.server.store.OutboxFullException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every vendor receiver shares once it has its vendor's key and decoded events: find
 * the source, check the browser origin, hand the events over, count, and turn failures into the
 * vendor's error shape (bad input a 4xx, a full or failing outbox a 503 with Retry-After, which
 * every SDK retries).
 */
public final class VendorIngest {
  private static final Logger LOG = LoggerFactory.getLogger(VendorIngest.class);

  /** Writes an error the way the vendor's SDKs expect it. */
  public interface ErrorShape {
    void respond(Context ctx, int status, String code, String message);
  }

  /** A receiver's request handling, which may throw {@link BadInputException}. */
  public interface Work {
    void run() throws IOException, OutboxFullException;
  }

  private final Sources sources;
  private final Ingest ingest;
  private final Metrics metrics;

  public VendorIngest(ReceiverContext ctx) {
    this.sources = ctx.sources();
    this.ingest = ctx.ingest();
    this.metrics = ctx.metrics();
  }

  /**
   * The source owning {@code key}; 401 when there is none, 403 when the request's browser origin
   * is not one the source allows. {@code keyName} says in the message what the vendor calls it.
   */
  public Sources.Source source(String key, String origin, String keyName) {
    if (key == null || key.isEmpty()) {
      throw new BadInputException(401, "unauthorized", "missing " + keyName);
    }
    Sources.Source source = sources.byWriteKey(key);
    if (source == null) {
      throw new BadInputException(401, "unauthorized", "unknown " + keyName + ": add it to a source's writeKeys");
    }
    if (origin != null && !source.allowsOrigin(origin)) {
      throw new BadInputException(403, "origin_not_allowed", "origin " + origin + " is not allowed for source " + source.name());
    }
    return source;
  }

  /** Hands the accepted events over; none accepted is a 400 naming the first problem. */
  public void accept(Sources.Source source, Decoded decoded) throws OutboxFullException {
    if (decoded.accepted().isEmpty()) {
      metrics.rejected("invalid_event", decoded.rejected().size());
      var first = decoded.rejected().get(0);
      throw new BadInputException(400, first.code(), "no event in the request is valid; event " + first.index() + ": " + first.message());
    }
    ingest.accept(source.name(), decoded.accepted());
    metrics.accepted(source.name(), decoded.accepted().size());
    if (!decoded.rejected().isEmpty()) {
      metrics.rejected("invalid_event", decoded.rejected().size());
    }
  }

  /** Runs {@code work}, answering its failures in {@code shape}. */
  public void guarded(Context ctx, ErrorShape shape, Work work) throws IOException {
    try {
      work.run();
    } catch (BadInputException e) {
      metrics.rejected(e.code(), 1);
      shape.respond(ctx, e.status(), e.code(), e.getMessage());
    } catch (UncheckedIOException e) {
      LOG.error("outbox unavailable; answering 503", e);
      metrics.rejected("storage_unavailable", 1);
      ctx.header("Retry-After", "5");
      shape.respond(ctx, 503, "storage_unavailable", "events could not be stored; retry later");
    } catch (OutboxFullException e) {
      metrics.rejected("overloaded", 1);
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      shape.respond(ctx, 503, "overloaded", "outbox is full; retry after " + e.retryAfterSeconds() + " s");
    }
  }
}
