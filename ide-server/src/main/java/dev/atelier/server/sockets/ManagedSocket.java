package dev.atelier.server.sockets;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/** What both kinds of {@link Socket} share: the session, closing once, the send-time check. */
abstract class ManagedSocket implements Socket {

  private static final Logger log = LoggerFactory.getLogger(ManagedSocket.class);

  /** The container's session: only this package touches it. */
  final WebSocketSession session;

  private final AtomicBoolean closed = new AtomicBoolean();

  ManagedSocket(WebSocketSession session) {
    this.session = session;
  }

  static ManagedSocket of(WebSocketSession session, SocketSpec.Outbound outbound) {
    return outbound.async()
        ? new QueuedSocket(session, outbound.bufferBytes(), outbound.coalescer())
        : new BufferedSocket(session, outbound.bufferBytes());
  }

  @Override
  public String id() {
    return session.getId();
  }

  @Override
  public boolean isOpen() {
    return !closed.get() && session.isOpen();
  }

  /** How long the send in progress has been running, or 0 when none is. */
  abstract long sendingForMillis();

  /** Drops whatever is still queued (the socket is closing). */
  abstract void discardQueued();

  /** Closes the container's session (through the decorator where there is one). */
  abstract void closeSession(CloseStatus status) throws IOException;

  @Override
  public void close(CloseStatus status) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    discardQueued();
    try {
      closeSession(new CloseStatus(status.getCode(), SocketCloses.reason(status.getReason())));
    } catch (IOException | RuntimeException e) {
      log.debug("Closing socket {} failed: {}", id(), e.toString());
    }
  }

  /** A send failed: the client is gone or too slow; only this socket is closed. */
  void failed(Throwable e) {
    log.debug("Dropping socket {}: {}", id(), String.valueOf(e));
    close(SocketCloses.SLOW_CONSUMER);
  }

  boolean closing() {
    return closed.get();
  }
}
