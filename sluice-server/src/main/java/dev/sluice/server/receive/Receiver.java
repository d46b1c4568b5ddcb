package dev.sluice.server.receive;

import io.javalin.config.RoutesConfig;

/**
 * One vendor wire format spoken on the ingest port: it decodes requests into canonical events,
 * finds the source from the vendor's own key, hands the events to {@link Ingest} and answers as
 * that vendor would. Registered in {@link Receivers}.
 */
public interface Receiver {
  /** Mounts this format's routes (and any CORS handling) on the ingest listener. */
  void register(RoutesConfig routes);
}
