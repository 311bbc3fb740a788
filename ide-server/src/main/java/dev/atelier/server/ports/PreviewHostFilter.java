package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The front door of the preview hosts, ahead of everything else in the server (Spring Security,
 * Vaadin, the REST API, the sockets): a request whose {@code Host} lies in the preview zone is
 * answered here and never reaches the IDE; a request to the IDE that comes from a preview page
 * ({@code Origin} in the preview zone) is refused.
 *
 * <p>On a preview host: {@value #TICKET_PATH}{@code ?ticket=…} exchanges the IDE's one-time ticket
 * for the preview cookie ({@value #COOKIE}: host-only, {@code HttpOnly}, {@code SameSite=Lax},
 * short-lived, only for this port of this workspace); every other request needs that cookie and a
 * viewer who, right now, still exists and holds a role in the workspace. Without it, page loads go
 * to the IDE for a ticket and everything else gets a 401.
 */
class PreviewHostFilter extends OncePerRequestFilter {

  /** The preview cookie's name; the proxy never passes it on nor lets the workspace set it. */
  static final String COOKIE = ProxyHeaders.PREVIEW_COOKIE;

  /** Where a preview host takes the IDE's ticket. */
  static final String TICKET_PATH = "/__atelier_preview";

  private final PreviewHosts hosts;
  private final PreviewTickets tickets;
  private final PreviewProxy proxy;
  private final WorkspaceAccess access;
  private final AccountService accounts;
  private final ObjectMapper mapper;

  PreviewHostFilter(
      PreviewHosts hosts,
      PreviewTickets tickets,
      PreviewProxy proxy,
      WorkspaceAccess access,
      AccountService accounts,
      ObjectMapper mapper) {
    this.hosts = hosts;
    this.tickets = tickets;
    this.proxy = proxy;
    this.access = access;
    this.accounts = accounts;
    this.mapper = mapper;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String host = request.getHeader(HttpHeaders.HOST);
    Optional<PreviewHosts.Address> address = hosts.parse(host);
    if (address.isEmpty()) {
      if (hosts.inZone(host)) {
        Problems.write(
            response,
            mapper,
            ErrorCode.NOT_FOUND,
            "There is no preview at this address. Open previews from the Ports panel of a"
                + " workspace.");
        return;
      }
      if (hosts.isPreviewOrigin(request.getHeader(HttpHeaders.ORIGIN))) {
        Problems.write(
            response,
            mapper,
            ErrorCode.FORBIDDEN,
            "Pages served from workspace previews cannot call Atelier.");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    PreviewHosts.Address preview = address.get();
    if (TICKET_PATH.equals(request.getRequestURI())) {
      redeem(request, response, preview);
      return;
    }
    Optional<Viewer> viewer = viewer(request, preview);
    if (viewer.isEmpty()) {
      unauthenticated(request, response, preview);
      return;
    }
    request.setAttribute(ProxyHeaders.FORWARDED_FOR, forwardedFor(request));
    proxy.serve(request, response, preview, viewer.get().userId(), viewer.get().role());
  }

  private record Viewer(String userId, WorkspaceRole role) {}

  /** The viewer of a valid preview cookie who still exists and has a role in the workspace. */
  private Optional<Viewer> viewer(HttpServletRequest request, PreviewHosts.Address preview) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        Optional<Viewer> viewer =
            tickets.grant(cookie.getValue(), preview).flatMap(g -> current(g.userId(), preview));
        if (viewer.isPresent()) {
          return viewer;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Viewer> current(String userId, PreviewHosts.Address preview) {
    if (accounts.findById(userId).isEmpty()) {
      return Optional.empty();
    }
    return access.role(userId, preview.workspaceId()).map(role -> new Viewer(userId, role));
  }

  private void redeem(
      HttpServletRequest request, HttpServletResponse response, PreviewHosts.Address preview)
      throws IOException {
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (!request.getMethod().equals("GET")) {
      Problems.write(
          response,
          mapper,
          ErrorCode.VALIDATION_FAILED,
          "A preview ticket is redeemed with GET " + TICKET_PATH + "?ticket=….");
      return;
    }
    Optional<PreviewTickets.Ticket> ticket =
        tickets
            .redeem(request.getParameter("ticket"), preview)
            .filter(t -> current(t.userId(), preview).isPresent());
    if (ticket.isEmpty()) {
      Problems.write(
          response,
          mapper,
          ErrorCode.UNAUTHENTICATED,
          "This preview link is not valid: it has expired, was used already or is for another"
              + " preview. Open the preview again from the Ports panel in Atelier.");
      return;
    }
    ResponseCookie cookie =
        ResponseCookie.from(COOKIE, tickets.cookie(ticket.get().userId(), preview))
            .path("/")
            .httpOnly(true)
            .secure(hosts.secure() || request.isSecure())
            .sameSite("Lax")
            .maxAge(tickets.sessionTtl())
            .build();
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader(HttpHeaders.LOCATION, localPath(ticket.get().path()));
  }

  /** A path on this host only: {@code //evil.example} must not become a redirect elsewhere. */
  static String localPath(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return "/";
    }
    int i = 0;
    while (i < path.length() && (path.charAt(i) == '/' || path.charAt(i) == '\\')) {
      i++;
    }
    return "/" + path.substring(i);
  }

  private void unauthenticated(
      HttpServletRequest request, HttpServletResponse response, PreviewHosts.Address preview)
      throws IOException {
    String mode = request.getHeader("Sec-Fetch-Mode");
    boolean navigation =
        (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))
            && !PreviewProxy.isWebSocket(request)
            && (mode == null || mode.equals("navigate"));
    if (navigation) {
      String query = request.getQueryString();
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      response.setHeader(
          HttpHeaders.LOCATION,
          hosts.ideUrl(request)
              + PreviewProxyController.idePath(preview)
              + localPath(request.getRequestURI())
              + (query == null ? "" : "?" + query));
      return;
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Preview realm=\"atelier\"");
    Problems.write(
        response,
        mapper,
        ErrorCode.UNAUTHENTICATED,
        "This preview needs its own sign-in: open it from the Ports panel in Atelier.");
  }

  /**
   * The {@code X-Forwarded-For} the workspace's server sees: the client's address as the server
   * determined it. {@code TrustedProxyFilter} has already applied a trusted proxy's {@code
   * X-Forwarded-For} (see {@code atelier.web.trusted-proxies}) and removed anyone else's, so a
   * client can never choose what the previewed application sees.
   */
  String forwardedFor(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
