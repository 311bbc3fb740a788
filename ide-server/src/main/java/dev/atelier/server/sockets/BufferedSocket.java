package dev.atelier.server.sockets;

import java.io.IOException;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@link SocketSpec.Outbound#buffered}: Spring's concurrency-safe decorator (one send at a time,
 * later ones queued up to the buffer limit). Every send goes through it, so no frame is ever
 * written on the raw session beside it.
 */
final class BufferedSocket extends ManagedSocket {

  private final ConcurrentWebSocketSessionDecorator decorated;

  BufferedSocket(org.springframework.web.socket.WebSocketSession session, int bufferBytes) {
    super(session);
    // The send-time limit is enforced by the framework's watchdog (it also catches a client that
    // stalls the only sender); the decorator's own check runs on each later send.
    this.decorated =
        new ConcurrentWebSocketSessionDecorator(session, Integer.MAX_VALUE, bufferBytes);
  }

  @Override
  public boolean sendText(String text) {
    return send(new TextMessage(text));
  }

  @Override
  public boolean sendBinary(byte[] data) {
    return send(new BinaryMessage(data));
  }

  private boolean send(WebSocketMessage<?> message) {
    if (!isOpen()) {
      return false;
    }
    try {
      decorated.sendMessage(message);
      return true;
    } catch (IOException | RuntimeException e) {
      failed(e);
      return false;
    }
  }

  @Override
  long sendingForMillis() {
    return decorated.getTimeSinceSendStarted();
  }

  @Override
  void discardQueued() {
    // The decorator stops sending once closed; what it still buffers is dropped with it.
  }

  @Override
  void closeSession(CloseStatus status) throws IOException {
    decorated.close(status);
  }
}
