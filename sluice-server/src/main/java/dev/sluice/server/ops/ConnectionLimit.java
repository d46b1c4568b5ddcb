package dev.sluice.server.ops;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;

/**
 * {@code server.maxConnections}: past the limit the listener stops accepting (new clients wait in
 * the kernel's accept queue) and every open connection, including those accepted while the limit
 * was tripping, gets the short idle timeout, so idle holders make room first.
 *
 * <p>Jetty's {@link NetworkConnectionLimit} alone shortens only the end points registered when
 * the limit trips; connections accepted in the same burst keep the long timeout, and a listener
 * filled by idle clients never frees up (ConnectionLimitTest). Hence the tracking here.
 */
public final class ConnectionLimit extends NetworkConnectionLimit implements Connection.Listener {
  private final Set<EndPoint> open = ConcurrentHashMap.newKeySet();
  private final long normalIdleTimeout;
  private volatile boolean limiting;

  /**
   * @param normalIdleTimeout the listener's idle timeout, restored when the limit clears
   * @param limitingIdleTimeout the idle timeout of every connection while the limit holds
   */
  public ConnectionLimit(int maxConnections, Server server, long normalIdleTimeout, long limitingIdleTimeout) {
    super(maxConnections, server);
    this.normalIdleTimeout = normalIdleTimeout;
    setEndPointIdleTimeout(limitingIdleTimeout);
  }

  @Override
  protected void limit() {
    limiting = true;
    super.limit();
    open.forEach(e -> e.setIdleTimeout(getEndPointIdleTimeout()));
  }

  @Override
  protected void unlimit() {
    limiting = false;
    super.unlimit();
    open.forEach(e -> e.setIdleTimeout(normalIdleTimeout));
  }

  @Override
  public void onOpened(Connection connection) {
    EndPoint e = connection.getEndPoint();
    open.add(e);
    if (limiting) {
      e.setIdleTimeout(getEndPointIdleTimeout());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection.getEndPoint());
  }
}
