package dev.atelier.server.sockets;

import dev.atelier.server.workspace.WorkspaceAccess;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The server's one WebSocket configurer: registers every {@link SocketEndpoint} bean under its
 * paths through an {@link EndpointHandler}. Spring's default origin check applies to all of them:
 * only same-origin pages may open a socket with the session cookie (no cross-site WebSocket
 * hijacking); other clients authenticate with a token.
 *
 * <p>A watchdog closes every socket whose send in progress has run past its endpoint's send-time
 * limit, even when nothing else is sent after it; at shutdown, before the web server's graceful
 * shutdown, every socket is closed with 1001 so that clients reconnect elsewhere or later.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class SocketConfiguration implements WebSocketConfigurer, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SocketConfiguration.class);

  /** How often the watchdog looks at the sends in progress. */
  static final long WATCHDOG_PERIOD_MILLIS = 100;

  private final List<EndpointHandler<?>> handlers;
  private volatile ScheduledExecutorService watchdog;

  SocketConfiguration(
      List<SocketEndpoint<?>> endpoints, WorkspaceAccess access, SocketRegistry registry) {
    this.handlers =
        endpoints.stream()
            .<EndpointHandler<?>>map(e -> new EndpointHandler<>(e, access, registry))
            .toList();
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    for (EndpointHandler<?> handler : handlers) {
      registry.addHandler(handler, handler.spec().paths().toArray(String[]::new));
    }
  }

  private void checkSendTimes() {
    for (EndpointHandler<?> handler : handlers) {
      long limit = handler.spec().sendTimeLimit().toMillis();
      for (EndpointHandler.Live l : handler.sockets()) {
        long sending = l.socket.sendingForMillis();
        if (sending > limit) {
          log.debug(
              "{} socket {}: a send has been running for {} ms, closing it",
              handler.spec().kind(),
              l.socket.id(),
              sending);
          l.socket.close(SocketCloses.SLOW_CONSUMER);
        }
      }
    }
  }

  @Override
  public void start() {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "socket-watchdog");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            checkSendTimes();
          } catch (RuntimeException e) {
            log.warn("The socket watchdog failed once", e);
          }
        },
        WATCHDOG_PERIOD_MILLIS,
        WATCHDOG_PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
    watchdog = timer;
  }

  /** Closes every socket (1001) while the web server still runs. */
  @Override
  public void stop() {
    ScheduledExecutorService timer = watchdog;
    watchdog = null;
    if (timer != null) {
      timer.shutdownNow();
    }
    for (EndpointHandler<?> handler : handlers) {
      for (EndpointHandler.Live l : handler.sockets()) {
        l.socket.close(SocketCloses.SHUTTING_DOWN);
      }
    }
  }

  @Override
  public boolean isRunning() {
    return watchdog != null;
  }

  /** Stops before the web server's graceful shutdown (lower phases stop later). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
