package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.workspace.WorkspaceRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Serves one request on a preview host, for a viewer whose access {@link PreviewHostFilter} has
 * just checked: the whole path goes to the workspace's port (HTTP with streamed bodies, or a
 * WebSocket relay).
 *
 * <p>CSRF: the previewed application's own forms cannot carry an Atelier token, so unsafe methods
 * and WebSocket handshakes must come from a preview of the same workspace when the browser says
 * where they come from ({@code Origin}, else {@code Referer}). Previews of other workspaces are the
 * same <em>site</em> (so the preview cookie, {@code SameSite=Lax}, would ride along) but never the
 * same workspace, and are refused.
 */
@Component
class PreviewProxy {

  private static final Logger log = LoggerFactory.getLogger(PreviewProxy.class);

  private final WorkspacePorts ports;
  private final PreviewHosts hosts;
  private final HttpForwarder http;
  private final WebSocketRelays sockets;
  private final ObjectMapper mapper;

  PreviewProxy(
      WorkspacePorts ports,
      PreviewHosts hosts,
      HttpForwarder http,
      WebSocketRelays sockets,
      ObjectMapper mapper) {
    this.ports = ports;
    this.hosts = hosts;
    this.http = http;
    this.sockets = sockets;
    this.mapper = mapper;
  }

  void serve(
      HttpServletRequest request,
      HttpServletResponse response,
      PreviewHosts.Address address,
      String userId,
      WorkspaceRole role)
      throws IOException {
    String workspaceId = address.workspaceId();
    try {
      requireSameWorkspace(request, address);
      WorkspacePorts.Target target = ports.target(workspaceId, address.port());
      String rest = request.getRequestURI();
      if (rest == null || !rest.startsWith("/")) {
        rest = "/";
      }
      if (isWebSocket(request)) {
        sockets.relay(
            request,
            response,
            target,
            "",
            rest,
            new WebSocketRelays.Viewer(workspaceId, userId, role == WorkspaceRole.OWNER));
      } else {
        http.forward(request, response, target, "", rest);
      }
    } catch (AtelierException e) {
      problem(response, e.code(), e.getMessage());
    } catch (IOException e) {
      log.debug("Preview of {} broke off on {}", workspaceId, request.getRequestURI(), e);
      throw e;
    } catch (RuntimeException e) {
      log.warn("Preview of {} failed on {}", workspaceId, request.getRequestURI(), e);
      problem(
          response,
          ErrorCode.RUNTIME_UNAVAILABLE,
          "The workspace's server on port " + address.port() + " did not answer properly.");
    }
  }

  static boolean isWebSocket(HttpServletRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  /**
   * Unsafe methods and WebSocket handshakes must come from a preview of the same workspace (see the
   * class comment). Requests that name no origin at all (curl, scripts) are not cross-site requests
   * a browser could be tricked into.
   */
  void requireSameWorkspace(HttpServletRequest request, PreviewHosts.Address address) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (safe && !isWebSocket(request)) {
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      origin = request.getHeader("Referer");
    }
    if (origin == null) {
      return;
    }
    Optional<PreviewHosts.Address> from;
    try {
      String host = origin.equals("null") ? null : URI.create(origin.strip()).getHost();
      from = hosts.parse(host);
    } catch (IllegalArgumentException e) {
      from = Optional.empty();
    }
    if (from.isEmpty() || !from.get().workspaceId().equals(address.workspaceId())) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN,
          "Cross-site request refused: this preview only accepts "
              + method
              + " requests from previews of the same workspace (Origin was "
              + origin
              + ").");
    }
  }

  private void problem(HttpServletResponse response, ErrorCode code, String detail)
      throws IOException {
    if (response.isCommitted()) {
      return; // the body is already streaming; the client sees the connection end
    }
    response.reset();
    Problems.write(response, mapper, code, detail);
  }
}
