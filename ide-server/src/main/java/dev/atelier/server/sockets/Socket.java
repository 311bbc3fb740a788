package dev.atelier.server.sockets;

import org.springframework.web.socket.CloseStatus;

/**
 * The only handle an endpoint gets on its WebSocket: safe to use from any thread at once, never
 * blocks on a client that does not read (sends are buffered up to the endpoint's limit), and closes
 * itself with {@link SocketCloses#SLOW_CONSUMER} when the client falls behind the buffer or a send
 * takes longer than the endpoint's send-time limit.
 */
public interface Socket {

  /** Names the socket in logs. */
  String id();

  boolean isOpen();

  /**
   * Sends one text frame.
   *
   * @return false when it was not sent: the socket is closed, or was closed just now because the
   *     client fell behind (nothing else to do for the caller)
   */
  boolean sendText(String text);

  /** Sends one binary frame; see {@link #sendText}. */
  boolean sendBinary(byte[] data);

  /** Closes the socket with {@code status} (its reason cut to what a close frame carries). */
  void close(CloseStatus status);
}
