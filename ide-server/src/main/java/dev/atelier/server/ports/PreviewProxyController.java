package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.workspace.WorkspaceAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * "Open preview" on the IDE's origin: {@code GET /w/{workspaceId}/port/{port}/**} checks that the
 * signed-in user has at least READ in the workspace (everyone else gets 403; anonymous requests
 * never get here, see {@link PreviewSecurityConfiguration}) and redirects to the preview's own host
 * with a one-time ticket ({@link PreviewTickets}), which the preview host exchanges for its own
 * cookie ({@link PreviewHostFilter}). Nothing of the workspace is served on the IDE's origin.
 */
@Controller
class PreviewProxyController {

  private final WorkspaceAccess access;
  private final AccountService accounts;
  private final PreviewHosts hosts;
  private final PreviewTickets tickets;
  private final ObjectMapper mapper;

  PreviewProxyController(
      WorkspaceAccess access,
      AccountService accounts,
      PreviewHosts hosts,
      PreviewTickets tickets,
      ObjectMapper mapper) {
    this.access = access;
    this.accounts = accounts;
    this.hosts = hosts;
    this.tickets = tickets;
    this.mapper = mapper;
  }

  /** The IDE path that opens a preview (followed by the path inside it). */
  static String idePath(PreviewHosts.Address address) {
    return "/w/" + address.workspaceId() + "/port/" + address.port();
  }

  @RequestMapping({"/w/{workspaceId}/port/{port}", "/w/{workspaceId}/port/{port}/**"})
  void open(
      @PathVariable String workspaceId,
      @PathVariable String port,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    try {
      PreviewHosts.Address address = new PreviewHosts.Address(workspaceId, parsePort(port));
      String method = request.getMethod();
      if (!(method.equals("GET") || method.equals("HEAD")) || PreviewProxy.isWebSocket(request)) {
        throw new AtelierException(
            ErrorCode.VALIDATION_FAILED,
            "Previews are served from their own address now; "
                + method
                + (PreviewProxy.isWebSocket(request) ? " (WebSocket)" : "")
                + " requests go to "
                + hosts.origin(address, request.getHeader(HttpHeaders.HOST))
                + " after opening the preview here with GET.");
      }
      String userId = accounts.currentUser().id();
      if (access.role(userId, workspaceId).isEmpty()) {
        throw new AtelierException(
            ErrorCode.FORBIDDEN,
            "You have no access to workspace '"
                + workspaceId
                + "'. Ask its owner for a share link.");
      }
      String rest = rest(request.getRequestURI());
      String query = request.getQueryString();
      String path = PreviewHostFilter.localPath(rest) + (query == null ? "" : "?" + query);
      String ticket = tickets.issue(userId, address, path);
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader(
          HttpHeaders.LOCATION,
          hosts.origin(address, request.getHeader(HttpHeaders.HOST))
              + PreviewHostFilter.TICKET_PATH
              + "?ticket="
              + ticket);
    } catch (AtelierException e) {
      response.reset();
      Problems.write(response, mapper, e.code(), e.getMessage());
    }
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
}
