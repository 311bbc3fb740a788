package dev.atelier.server.sockets;

import org.springframework.web.socket.CloseStatus;

/**
 * One admitted socket's feature logic, returned by {@link SocketEndpoint#open}. The framework calls
 * it with whole messages (fragments already assembled, within the endpoint's size limit), one at a
 * time per socket. A {@link SocketRefusal} closes the socket with its status; any other exception
 * closes it with 1011. Frames of a type the endpoint does not override are refused with 1003.
 */
public interface SocketConnection {

  /** A text message. */
  default void onText(String text) throws SocketRefusal {
    throw new SocketRefusal(SocketCloses.unsupportedFrame("this socket takes no text frames"));
  }

  /** A binary message. */
  default void onBinary(byte[] data) throws SocketRefusal {
    throw new SocketRefusal(SocketCloses.unsupportedFrame("this socket takes no binary frames"));
  }

  /**
   * The socket closed (for whatever reason): release what it held. Called once, after the framework
   * already stopped tracking it.
   */
  void closed(CloseStatus status);
}
