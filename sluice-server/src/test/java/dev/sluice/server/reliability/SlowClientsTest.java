package dev.sluice.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * Slow and idle clients cannot exhaust the ingest listener: while hundreds of connections sit idle,
 * trickle their headers (slowloris) or trickle a body, a normal client is still served; idle
 * connections are closed after {@code server.idleTimeout}, and bodies slower than {@code
 * server.minRequestDataRate} are cut off.
 */
class SlowClientsTest {
  static final int IDLE = Integer.getInteger("sluice.slow.idle", 200);
  static final int SLOWLORIS = Integer.getInteger("sluice.slow.headers", 100);
  static final int SLOW_BODIES = Integer.getInteger("sluice.slow.bodies", 100);

  @TempDir Path dir;

  @Test
  void idleAndSlowConnectionsDoNotStarveANormalClient() throws Exception {
    try (TestGateway gw = TestGateway.prepare(dir, TestGateway.DEFAULT_CONTRACT, "")) {
      gw.serverYaml = """
          idleTimeout: 2s
          maxConnections: 500
          minRequestDataRate: 1KB
          """;
      gw.startServer();
      int port = gw.server().ingestPort();
      normalRequests(gw, 10); // warm-up
      long baseline = normalRequests(gw, 10);

      List<Socket> idle = new ArrayList<>();
      List<Socket> headers = new ArrayList<>();
      List<Socket> bodies = new ArrayList<>();
      try {
        for (int i = 0; i < IDLE; i++) {
          idle.add(connect(port));
        }
        for (int i = 0; i < SLOWLORIS; i++) {
          Socket s = connect(port);
          s.getOutputStream().write("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
          headers.add(s);
        }
        for (int i = 0; i < SLOW_BODIES; i++) {
          Socket s = connect(port);
          s.getOutputStream().write(("POST /v1/track HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Authorization: " + TestGateway.basic(TestGateway.WRITE_KEY) + "\r\nContent-Length: 20000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
          bodies.add(s);
        }
        // Trickle a byte to each slow connection every 300 ms for ~6 s, serving a normal client meanwhile.
        long underAttack = 0;
        for (int round = 0; round < 20; round++) {
          trickle(headers, "X".getBytes(StandardCharsets.US_ASCII));
          trickle(bodies, " ".getBytes(StandardCharsets.US_ASCII));
          if (round % 4 == 0) {
            underAttack = Math.max(underAttack, normalRequests(gw, 2));
          }
          Thread.sleep(300);
        }
        int idleClosed = closedByServer(idle);
        int bodiesCut = closedByServer(bodies);
        int headersCut = closedByServer(headers);

        Figures.of("slow-clients")
            .put("server config", "idleTimeout 2s, maxConnections 500, minRequestDataRate 1KB")
            .put("idle connections / closed by the server after ~6 s", IDLE + " / " + idleClosed)
            .put("slowloris (1 header byte per 300 ms) / cut", SLOWLORIS + " / " + headersCut)
            .put("slow bodies (1 byte per 300 ms) / cut", SLOW_BODIES + " / " + bodiesCut)
            .put("normal request, slowest, no attack (ms)", baseline)
            .put("normal request, slowest, under attack (ms)", underAttack)
            .put("ratio", String.format("%.1fx", underAttack / (double) Math.max(1, baseline)))
            .publish();

        assertThat(idleClosed).as("idle connections closed after idleTimeout").isEqualTo(IDLE);
        assertThat(bodiesCut).as("bodies slower than minRequestDataRate cut off").isEqualTo(SLOW_BODIES);
        assertThat(underAttack).as("a normal client is served while the attack runs").isLessThan(5000);
      } finally {
        for (List<Socket> l : List.of(idle, headers, bodies)) {
          for (Socket s : l) {
            s.close();
          }
        }
      }
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return s;
  }

  private static void trickle(List<Socket> sockets, byte[] b) {
    for (Socket s : sockets) {
      try {
        OutputStream out = s.getOutputStream();
        out.write(b);
        out.flush();
      } catch (IOException closed) {
        // the server cut it: counted at the end
      }
    }
  }

  /** Connections the server closed (EOF or reset, possibly after an error response). */
  private static int closedByServer(List<Socket> sockets) throws IOException {
    int closed = 0;
    byte[] buf = new byte[4096];
    for (Socket s : sockets) {
      s.setSoTimeout(50);
      try {
        InputStream in = s.getInputStream();
        while (true) {
          int n = in.read(buf);
          if (n < 0) {
            closed++;
            break;
          }
        }
      } catch (SocketTimeoutException stillOpen) {
        // open
      } catch (IOException reset) {
        closed++;
      }
    }
    return closed;
  }

  /** Sends {@code n} normal requests; returns the slowest answer's time in ms. */
  private static long normalRequests(TestGateway gw, int n) throws Exception {
    long slowest = 0;
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      assertThat(gw.post("/v1/track", "{\"userId\":\"u" + i + "\",\"event\":\"Normal\"}").statusCode()).isEqualTo(200);
      slowest = Math.max(slowest, (System.nanoTime() - t) / 1_000_000);
    }
    return slowest;
  }
}
