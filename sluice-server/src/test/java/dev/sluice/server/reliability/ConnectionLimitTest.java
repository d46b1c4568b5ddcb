package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.maxConnections}: with the listener full of idle connections, a new client waits in
 * the accept queue while the idle ones are cut at a tenth of {@code idleTimeout}, then is served;
 * nothing is refused. Without the limit the idle connections would live the whole {@code
 * idleTimeout} (30 s here), twice as long as this test waits for them.
 */
class ConnectionLimitTest {
  static final int LIMIT = 3;
  @TempDir Path dir;

  @Test
  void pastTheLimitIdleConnectionsMakeRoomAndTheNewClientIsServed() throws Exception {
    try (TestGateway gw = TestGateway.prepare(dir, TestGateway.DEFAULT_CONTRACT, "")) {
      gw.serverYaml = """
          idleTimeout: 30s
          maxConnections: %d
          """.formatted(LIMIT);
      gw.startServer();
      int port = gw.server().ingestPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < LIMIT; i++) {
          idle.add(connect(port));
        }
        Socket client = connect(port); // queued by the kernel: the listener is at its limit
        client.setSoTimeout(15_000);
        client.getOutputStream().write(("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: " + TestGateway.basic(TestGateway.WRITE_KEY) + "\r\nConnection: close\r\n"
            + "Content-Length: 40\r\n\r\n{\"userId\":\"u1\",\"event\":\"Limit Tested\"}  ")
            .getBytes(StandardCharsets.US_ASCII));
        String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(response).startsWith("HTTP/1.1 200");
        client.close();

        // The idle holders were closed by the server (end of stream), well within the 30 s idle timeout.
        for (Socket s : idle) {
          s.setSoTimeout(15_000);
          assertThat(readsEndOfStream(s.getInputStream())).as("idle connection closed by the server").isTrue();
        }
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      gw.awaitReceived(1);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return s;
  }

  private static boolean readsEndOfStream(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server: closed as well
    }
  }
}
