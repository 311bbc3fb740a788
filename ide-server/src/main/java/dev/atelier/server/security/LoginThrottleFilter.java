package dev.atelier.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.throttle.ClientAddress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses {@code POST /login} with 429 while the account is throttled for this client address (see
 * {@link LoginAttempts}); the password is then not checked at all. Runs after the CSRF check, so a
 * forged cross-site sign-in never counts.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

  private final LoginAttempts attempts;
  private final ObjectMapper mapper;

  LoginThrottleFilter(LoginAttempts attempts, ObjectMapper mapper) {
    this.attempts = attempts;
    this.mapper = mapper;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod())
        && "/login".equals(request.getRequestURI().substring(request.getContextPath().length())));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String username = request.getParameter("username");
    String address = ClientAddress.of(request);
    Duration wait = attempts.retryAfter(username, address);
    if (wait.isZero()) {
      chain.doFilter(request, response);
      return;
    }
    attempts.throttled(username, address);
    String detail =
        "Too many failed sign-ins for this account from your address. Wait "
            + seconds(wait)
            + " s and try again (each further failure doubles the wait).";
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait)));
    // The browser's sign-in form posts natively: it gets a page, other clients a problem document.
    BrowserPages.refuse(
        request, response, mapper, ErrorCode.TOO_MANY_ATTEMPTS, "Too many attempts", detail);
  }

  static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  static void tooManyAttempts(
      HttpServletResponse response, ObjectMapper mapper, Duration wait, String detail)
      throws IOException {
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait)));
    Problems.write(response, mapper, ErrorCode.TOO_MANY_ATTEMPTS, detail);
  }
}
