package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The port preview: {@code /w/{workspaceId}/port/{port}/**} forwarded to the workspace's server,
 * for users with at least READ in the workspace (everyone else gets 403; anonymous requests never
 * get here, see {@link PreviewSecurityConfiguration}). Every request is checked again, so a revoked
 * user loses the preview at once.
 *
 * <p>CSRF: Spring's token check cannot apply (the previewed app's own forms do not carry Atelier's
 * token), so unsafe methods and WebSocket handshakes must come from this origin when the browser
 * says where they come from ({@code Origin}, else {@code Referer}). Browsers always send {@code
 * Origin} on cross-origin POSTs and WebSocket handshakes, and the session cookie is {@code
 * SameSite=Lax} on top, so a foreign page can neither post through the proxy with the user's
 * session nor open its sockets.
 */
@Controller
class PreviewProxyController {

  private static final Logger log = LoggerFactory.getLogger(PreviewProxyController.class);

  private final WorkspaceAccess access;
  private final WorkspacePorts ports;
  private final AccountService accounts;
  private final HttpForwarder http;
  private final WebSocketRelays sockets;
  private final ObjectMapper mapper;

  PreviewProxyController(
      WorkspaceAccess access,
      WorkspacePorts ports,
      AccountService accounts,
      HttpForwarder http,
      WebSocketRelays sockets,
      ObjectMapper mapper) {
    this.access = access;
    this.ports = ports;
    this.accounts = accounts;
    this.http = http;
    this.sockets = sockets;
    this.mapper = mapper;
  }

  @RequestMapping({"/w/{workspaceId}/port/{port}", "/w/{workspaceId}/port/{port}/**"})
  void proxy(
      @PathVariable String workspaceId,
      @PathVariable String port,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    try {
      int number = parsePort(port);
      String prefix = "/w/" + workspaceId + "/port/" + number;
      String rest = rest(request.getRequestURI());
      String userId = accounts.currentUser().id();
      Optional<WorkspaceRole> role = access.role(userId, workspaceId);
      if (role.isEmpty()) {
        throw new AtelierException(
            ErrorCode.FORBIDDEN,
            "You have no access to workspace '"
                + workspaceId
                + "'. Ask its owner for a share link.");
      }
      requireSameOrigin(request);
      WorkspacePorts.Target target = ports.target(workspaceId, number);
      if (rest.isEmpty()) {
        // relative links of the previewed page resolve against the folder, so it needs the slash
        String query = request.getQueryString();
        response.sendRedirect(prefix + "/" + (query == null ? "" : "?" + query));
        return;
      }
      if (isWebSocket(request)) {
        sockets.relay(
            request,
            response,
            target,
            prefix,
            rest,
            new WebSocketRelays.Viewer(workspaceId, userId, role.get() == WorkspaceRole.OWNER));
      } else {
        http.forward(request, response, target, prefix, rest);
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
          "The workspace's server did not answer properly: " + e.getMessage());
    }
  }

  static boolean isWebSocket(HttpServletRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private static int parsePort(String port) {
    try {
      int number = Integer.parseInt(port);
      if (number >= 1 && number <= 65535) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new AtelierException(
        ErrorCode.VALIDATION_FAILED,
        "'" + port + "' is not a port number (1-65535).",
        Map.of("port", port));
  }

  /** The raw (still encoded) path after {@code /w/{id}/port/{port}}. */
  static String rest(String requestUri) {
    int slashes = 0;
    for (int i = 0; i < requestUri.length(); i++) {
      if (requestUri.charAt(i) == '/' && ++slashes == 5) {
        return requestUri.substring(i);
      }
    }
    return "";
  }

  /**
   * Unsafe methods and WebSocket handshakes must not come from another origin (see the class
   * comment). Requests that name no origin at all (curl, scripts with the cookie) are not
   * cross-site requests a browser could be tricked into.
   */
  static void requireSameOrigin(HttpServletRequest request) {
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
    String host = request.getHeader("Host");
    String authority;
    try {
      authority = origin.equals("null") ? null : URI.create(origin).getRawAuthority();
    } catch (IllegalArgumentException e) {
      authority = null;
    }
    if (authority == null || host == null || !authority.equalsIgnoreCase(host)) {
      throw new AtelierException(
          ErrorCode.FORBIDDEN,
          "Cross-site request refused: this preview only accepts "
              + method
              + " requests from pages of this server (Origin was "
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
