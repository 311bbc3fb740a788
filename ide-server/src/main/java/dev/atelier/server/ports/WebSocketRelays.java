package dev.atelier.server.ports;

import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.sockets.SocketRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * WebSocket upgrades through the preview, relayed as bytes: the browser's handshake (its {@code
 * Sec-WebSocket-Key}, subprotocols and extensions unchanged) goes to the workspace's server over a
 * {@link PortConnection}; when that answers {@code 101}, the browser gets the same handshake answer
 * (so its accept value, subprotocol and extensions are the ones the workspace's server chose), the
 * servlet connection is upgraded and {@link WebSocketRelay} copies bytes both ways. Frames are
 * never decoded, so compression and any subprotocol pass through. When the workspace's server
 * answers anything else, the browser gets that response as it is.
 */
@Component
class WebSocketRelays implements DisposableBean {

  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final SocketRegistry sockets;
  private final HttpForwarder http;
  private final PortDialer dialer;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemons("preview-socket-"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemons("preview-socket-timer-"));

  WebSocketRelays(SocketRegistry sockets, HttpForwarder http, PortDialer dialer) {
    this.sockets = sockets;
    this.http = http;
    this.dialer = dialer;
  }

  /** Who is looking through the socket, for revocation. */
  record Viewer(String workspaceId, String userId, boolean owner) {}

  void relay(
      HttpServletRequest request,
      HttpServletResponse response,
      WorkspacePorts.Target target,
      String prefix,
      String rest,
      Viewer viewer)
      throws IOException {
    String key = request.getHeader("Sec-WebSocket-Key");
    if (!request.getMethod().equals("GET")
        || !"13".equals(request.getHeader("Sec-WebSocket-Version"))
        || !validKey(key)) {
      throw new AtelierException(
          ErrorCode.VALIDATION_FAILED,
          "Not a WebSocket handshake: it needs GET, Sec-WebSocket-Version: 13 and a"
              + " Sec-WebSocket-Key of 16 bytes in Base64.");
    }
    String path = UpstreamRequest.target(rest, request.getQueryString());
    List<ResponseHead.Header> headers =
        UpstreamRequest.headers(request, target, prefix, http.sessionCookie());
    headers.add(new ResponseHead.Header("Upgrade", "websocket"));
    headers.add(new ResponseHead.Header("Connection", "Upgrade"));
    headers.add(new ResponseHead.Header("Sec-WebSocket-Key", key));
    headers.add(new ResponseHead.Header("Sec-WebSocket-Version", "13"));
    for (String name : List.of("Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions")) {
      for (String value : Collections.list(request.getHeaders(name))) {
        headers.add(new ResponseHead.Header(name, value));
      }
    }

    PortConnection connection = dialer.open(target);
    boolean handedOver = false;
    try {
      try {
        OutputStream up = connection.output();
        UpstreamRequest.writeHead(up, "GET", path, headers);
        up.flush();
      } catch (IOException e) {
        throw HttpForwarder.badResponse(
            target, "the connection broke while the handshake was sent (" + e.getMessage() + ")");
      }
      InputStream in = new BufferedInputStream(connection.input(), HttpForwarder.BUFFER);
      ResponseHead head;
      try {
        head = HttpForwarder.finalHead(in);
      } catch (ResponseHead.Malformed e) {
        throw HttpForwarder.badResponse(target, e.getMessage());
      } catch (IOException e) {
        throw HttpForwarder.badResponse(
            target, "the connection broke before the handshake answer (" + e.getMessage() + ")");
      }
      if (head.status() != 101) {
        http.respond(request, response, head, in, prefix, target);
        return;
      }
      if (!head.lists("Upgrade", "websocket")
          || !accept(key).equals(head.first("Sec-WebSocket-Accept"))) {
        throw HttpForwarder.badResponse(
            target, "it answered the WebSocket handshake without a valid Sec-WebSocket-Accept");
      }
      response.setHeader("Upgrade", "websocket");
      http.copyHeaders(head, response, prefix, target);
      WebSocketRelay relay;
      try {
        relay = request.upgrade(WebSocketRelay.class);
      } catch (jakarta.servlet.ServletException e) {
        throw new IOException("The servlet container refused the upgrade", e);
      }
      relay.attach(new WebSocketRelay.Setup(connection, in, viewer, sockets, threads, timer));
      handedOver = true;
    } finally {
      if (!handedOver) {
        connection.close();
      }
    }
  }

  /** A {@code Sec-WebSocket-Key}: 16 bytes in Base64 (RFC 6455 4.1). */
  static boolean validKey(String key) {
    if (key == null || key.length() != 24) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code Sec-WebSocket-Accept} value that answers {@code key} (RFC 6455 4.2.2). */
  static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
    timer.shutdownNow();
  }
}
