package dev.atelier.server.ports;

import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.LiveSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One browser socket relayed to one socket of the workspace's server. Frames from the browser are
 * sent upstream one at a time (the browser's reads wait for the send, which is the back-pressure);
 * frames from upstream are requested one at a time and only after the previous one reached the
 * browser. Whichever side closes, the other is closed with the same code.
 */
final class WebSocketRelay implements WebSocketHandler, SubProtocolCapable {

  private static final Logger log = LoggerFactory.getLogger(WebSocketRelay.class);

  /** Largest message relayed in either direction; bigger ones close the socket with 1009. */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final WebSocketRelays.Viewer viewer;
  private final LiveSockets live;
  private final OpenSockets open;
  private final CompletableFuture<WebSocketSession> browser = new CompletableFuture<>();
  private volatile WebSocket upstream;
  private AutoCloseable liveHandle;
  private AutoCloseable openHandle;

  WebSocketRelay(WebSocketRelays.Viewer viewer, LiveSockets live, OpenSockets open) {
    this.viewer = viewer;
    this.live = live;
    this.open = open;
  }

  void upstreamConnected(WebSocket socket) {
    this.upstream = socket;
  }

  void abortUpstream() {
    WebSocket socket = upstream;
    if (socket != null) {
      socket.abort();
    }
  }

  @Override
  public List<String> getSubProtocols() {
    WebSocket socket = upstream;
    return socket == null || socket.getSubprotocol().isEmpty()
        ? List.of()
        : List.of(socket.getSubprotocol());
  }

  // ---- browser side ----

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    session.setTextMessageSizeLimit(MAX_MESSAGE);
    session.setBinaryMessageSizeLimit(MAX_MESSAGE);
    liveHandle = live.register(viewer.workspaceId(), viewer.userId(), viewer.owner(), session);
    openHandle = open.opened("preview");
    browser.complete(session);
    upstream.request(1);
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message)
      throws Exception {
    WebSocket socket = upstream;
    CompletableFuture<WebSocket> sent;
    if (message instanceof TextMessage text) {
      sent = socket.sendText(text.getPayload(), message.isLast());
    } else if (message instanceof BinaryMessage binary) {
      sent = socket.sendBinary(binary.getPayload(), message.isLast());
    } else if (message instanceof PingMessage ping) {
      sent = socket.sendPing(ping.getPayload());
    } else {
      return; // pongs answer our own pings, which the client library handles
    }
    sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Preview socket of {} failed", viewer.workspaceId(), exception);
    abortUpstream();
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    close(liveHandle);
    close(openHandle);
    WebSocket socket = upstream;
    if (socket != null && !socket.isOutputClosed()) {
      int code = sendableCode(status.getCode());
      socket
          .sendClose(code, status.getReason() == null ? "" : status.getReason())
          .orTimeout(5, TimeUnit.SECONDS)
          .whenComplete((s, e) -> socket.abort());
    }
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  // ---- workspace side ----

  WebSocket.Listener upstreamListener() {
    return new Upstream();
  }

  private final class Upstream implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket webSocket) {
      // nothing is requested until the browser's side is open (afterConnectionEstablished)
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (text.length() > MAX_MESSAGE) {
        return tooBig(webSocket);
      }
      if (last) {
        String message = text.toString();
        text.setLength(0);
        send(new TextMessage(message));
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (binary.size() > MAX_MESSAGE) {
        return tooBig(webSocket);
      }
      if (last) {
        byte[] message = binary.toByteArray();
        binary.reset();
        send(new BinaryMessage(message));
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      browser.thenAccept(
          session -> closeBrowser(session, new CloseStatus(sendableCode(statusCode), reason)));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      log.debug("Upstream of a preview socket of {} failed", viewer.workspaceId(), error);
      browser.thenAccept(session -> closeBrowser(session, CloseStatus.SERVER_ERROR));
    }

    private CompletionStage<?> tooBig(WebSocket webSocket) {
      webSocket.abort();
      browser.thenAccept(session -> closeBrowser(session, CloseStatus.TOO_BIG_TO_PROCESS));
      return null;
    }
  }

  /** Sends to the browser; Spring's sessions allow one sender at a time. */
  private void send(WebSocketMessage<?> message) {
    WebSocketSession session = browser.join();
    synchronized (session) {
      try {
        if (session.isOpen()) {
          session.sendMessage(message);
        }
      } catch (IOException e) {
        abortUpstream();
      }
    }
  }

  private static void closeBrowser(WebSocketSession session, CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException e) {
      // already gone
    }
  }

  /** Close codes that may appear in a close frame (1005/1006/1015 are reserved for reporting). */
  static int sendableCode(int code) {
    return code == 1005 || code == 1006 || code == 1015 || code < 1000 || code > 4999 ? 1000 : code;
  }

  private static void close(AutoCloseable handle) {
    if (handle != null) {
      try {
        handle.close();
      } catch (Exception e) {
        // a registry handle does not fail
      }
    }
  }
}
