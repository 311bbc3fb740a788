package dev.atelier.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.ApiTokenService;
import dev.atelier.server.account.AtelierPrincipal;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.throttle.ClientAddress;
import dev.atelier.server.throttle.Throttle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} requests (and WebSocket handshakes with a
 * {@code ?token=} parameter). The authentication lives only for the request (nothing is stored in a
 * session). A header with an unknown or revoked token is refused right here with 401, rather than
 * falling back to anonymous access.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiTokenService tokens;
  private final ObjectMapper mapper;
  private final SecurityContextHolderStrategy strategy;
  private final Throttle throttle;

  BearerTokenFilter(
      ApiTokenService tokens,
      ObjectMapper mapper,
      SecurityContextHolderStrategy strategy,
      Throttle throttle) {
    this.tokens = tokens;
    this.mapper = mapper;
    this.strategy = strategy;
    this.throttle = throttle;
  }

  static boolean hasBearer(HttpServletRequest request) {
    return secret(request) != null;
  }

  /**
   * The token of the request: the {@code Authorization: Bearer} header, or, on a WebSocket
   * handshake only, the {@code token} query parameter (browsers' WebSocket API cannot set headers,
   * and stock clients such as y-websocket pass {@code params: {token}}). Pages never accept it in
   * the URL, where it would end up in history and referrers.
   */
  static String secret(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).strip();
    }
    if (SecurityConfiguration.isWebSocketHandshake(request)) {
      String param = request.getParameter("token");
      return param == null || param.isBlank() ? null : param.strip();
    }
    return null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String secret = secret(request);
    if (secret == null) {
      chain.doFilter(request, response);
      return;
    }
    // Invalid tokens count per client address; while it is throttled no token is checked at all.
    String key = "token:" + ClientAddress.of(request);
    Duration wait = throttle.retryAfter(key);
    if (!wait.isZero()) {
      LoginThrottleFilter.tooManyAttempts(
          response,
          mapper,
          wait,
          "Too many invalid API tokens from your address. Wait "
              + LoginThrottleFilter.seconds(wait)
              + " s and check the token you send.");
      return;
    }
    Optional<UserAccount> account = tokens.authenticate(secret);
    if (account.isEmpty()) {
      throttle.failed(key, throttle.properties().secretFreeFailures());
      response.setHeader(
          HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atelier\", error=\"invalid_token\"");
      Problems.write(
          response,
          mapper,
          ErrorCode.UNAUTHENTICATED,
          "The API token is not valid or has been revoked. Create a new one in your profile.");
      return;
    }
    UserAccount user = account.get();
    AtelierPrincipal principal =
        new AtelierPrincipal(user.id(), user.username(), user.admin(), null);
    SecurityContext context = strategy.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, principal.getAuthorities()));
    strategy.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      strategy.clearContext();
    }
  }
}
