package dev.atelier.collab.hub;

/**
 * The hub's view of one client connection (a WebSocket session in the server). The hub calls these
 * methods while it holds the room's lock, so implementations must not block: queue the frame and
 * return.
 */
public interface PeerConnection {

  /** Sends one binary y-websocket frame. A failure marks the peer dead; the hub removes it. */
  void send(byte[] frame);

  /**
   * Closes the connection.
   *
   * @param code a WebSocket close code (see {@link CloseCodes})
   * @param reason at most 123 UTF-8 bytes (the hub truncates longer reasons)
   */
  void close(int code, String reason);
}
