package dev.atelier.server.ports;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.LiveSockets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * WebSocket upgrades through the preview: connects to the workspace's server first (with the
 * subprotocols the browser asked for), then accepts the browser's handshake with the subprotocol
 * the workspace's server chose, and relays frames both ways ({@link WebSocketRelay}). When the
 * workspace's server refuses, the browser gets that as an HTTP error instead of a socket that
 * closes at once.
 */
@Component
class WebSocketRelays {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final DefaultHandshakeHandler handshakes = new DefaultHandshakeHandler();
  private final LiveSockets live;
  private final OpenSockets open;
  private final HttpForwarder http;

  WebSocketRelays(LiveSockets live, OpenSockets open, HttpForwarder http) {
    this.live = live;
    this.open = open;
    this.http = http;
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
    String query = request.getQueryString();
    URI uri = URI.create("ws://" + target.authority() + rest + (query == null ? "" : "?" + query));
    WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
    List<String> protocols = requestedProtocols(request);
    if (!protocols.isEmpty()) {
      builder.subprotocols(
          protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
    }
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (ProxyHeaders.forwardRequest(name)) {
        for (String value : Collections.list(request.getHeaders(name))) {
          try {
            builder.header(name, value);
          } catch (IllegalArgumentException restricted) {
            // a header the WebSocket client owns; it sets its own
          }
        }
      }
    }
    String cookies = ProxyHeaders.cookiesWithout(request, http.sessionCookie());
    if (cookies != null) {
      builder.header("Cookie", cookies);
    }
    for (String[] header : ProxyHeaders.forwarded(request, prefix)) {
      builder.header(header[0], header[1]);
    }

    WebSocketRelay relay = new WebSocketRelay(viewer, live, open);
    WebSocket upstream;
    try {
      upstream =
          builder
              .buildAsync(uri, relay.upstreamListener())
              .get(CONNECT_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException | TimeoutException e) {
      throw new AtelierException(
          ErrorCode.RUNTIME_UNAVAILABLE,
          "The workspace's server on port "
              + target.port()
              + " refused the WebSocket connection: "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AtelierException(ErrorCode.RUNTIME_UNAVAILABLE, "Interrupted while connecting.");
    }
    relay.upstreamConnected(upstream);
    try {
      new WebSocketHttpRequestHandler(relay, handshakes).handleRequest(request, response);
    } catch (RuntimeException | jakarta.servlet.ServletException e) {
      relay.abortUpstream();
      throw new IOException("WebSocket handshake with the browser failed", e);
    }
    if (response.getStatus() >= 300) {
      relay.abortUpstream(); // the browser's handshake was refused (malformed headers)
    }
  }

  private static List<String> requestedProtocols(HttpServletRequest request) {
    List<String> protocols = new ArrayList<>();
    for (String header : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
      for (String p : header.split(",")) {
        if (!p.isBlank()) {
          protocols.add(p.trim());
        }
      }
    }
    return protocols;
  }
}
