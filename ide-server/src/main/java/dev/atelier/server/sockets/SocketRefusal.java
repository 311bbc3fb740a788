package dev.atelier.server.sockets;

import org.springframework.web.socket.CloseStatus;

/**
 * An endpoint refuses a socket or a frame: the framework closes that socket (only that one) with
 * {@link #status()}, whose reason tells the client what to do.
 */
public final class SocketRefusal extends Exception {

  private final transient CloseStatus status;

  public SocketRefusal(CloseStatus status) {
    super(status.getReason(), null, false, false);
    this.status = status;
  }

  public CloseStatus status() {
    return status;
  }
}
