package dev.atelier.server.collab;

import dev.atelier.collab.hub.PeerConnection;
import dev.atelier.server.sockets.Socket;
import org.springframework.web.socket.CloseStatus;

/**
 * A hub peer's WebSocket: the framework's queued {@link Socket} (frames written asynchronously on
 * the socket's I/O thread, so the hub, which sends while holding a room's lock, never waits for a
 * client; update frames queued for a peer that falls behind are merged, see {@link
 * CollabSocketHandler}).
 */
record SocketPeerConnection(Socket socket) implements PeerConnection {

  @Override
  public void send(byte[] frame) {
    socket.sendBinary(frame);
  }

  @Override
  public void close(int code, String reason) {
    socket.close(new CloseStatus(code, reason));
  }
}
