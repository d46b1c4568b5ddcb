package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.event.Json;
import dev.sluice.server.store.FileOutbox;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /readyz follows the outbox: once a write failed (appends refused until restart) it is 503. */
class ReadinessTest {
  @TempDir Path dir;

  @Test
  void aFailedOutboxWriteMakesBothListenersNotReadyButStillHealthy() throws Exception {
    try (TestGateway gw = TestGateway.start(dir)) {
      int admin = gw.server().adminPort();
      assertThat(get(gw, gw.ingestUrl("/readyz")).statusCode()).isEqualTo(200);

      failNextOutboxWrite(gw.server());
      HttpResponse<String> refused = gw.post("/v1/track", "{\"userId\":\"u1\",\"event\":\"E\"}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(Json.MAPPER.readTree(refused.body()).get("code").asText()).isEqualTo("storage_unavailable");

      for (String url : new String[] {gw.ingestUrl("/readyz"), "http://127.0.0.1:" + admin + "/readyz"}) {
        HttpResponse<String> r = get(gw, url);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("reason").asText()).isEqualTo("storage_unavailable");
      }
      assertThat(get(gw, gw.ingestUrl("/healthz")).statusCode()).isEqualTo(200);

      gw.stopServer(); // a restart recovers
      gw.startServer();
      assertThat(get(gw, gw.ingestUrl("/readyz")).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(TestGateway gw, String url) throws Exception {
    return gw.send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /** Reaches the running server's outbox through its test hook (the writer thread then throws). */
  private static void failNextOutboxWrite(SluiceServer server) throws Exception {
    Field f = SluiceServer.class.getDeclaredField("outbox");
    f.setAccessible(true);
    FileOutbox outbox = (FileOutbox) f.get(server);
    Method hook = FileOutbox.class.getDeclaredMethod("beforeGroupWrite", IntConsumer.class);
    hook.setAccessible(true);
    hook.invoke(outbox, (IntConsumer) n -> {
      throw new IllegalStateException("injected: disk gone");
    });
  }
}
