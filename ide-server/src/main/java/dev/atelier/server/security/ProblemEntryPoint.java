package dev.atelier.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/** 401 and 403 as problem+json for API clients and WebSocket handshakes (no login redirect). */
class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final ObjectMapper mapper;

  ProblemEntryPoint(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"atelier\"");
    Problems.write(
        response,
        mapper,
        ErrorCode.UNAUTHENTICATED,
        "Authentication required: send 'Authorization: Bearer <API token>' (create tokens in your"
            + " profile) or log in.");
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    if (e instanceof CsrfException) {
      Problems.write(
          response,
          mapper,
          ErrorCode.CSRF_REJECTED,
          "A request with the session cookie that changes something needs the session's CSRF"
              + " token (header X-CSRF-TOKEN); scripts and tools should send an API token instead.");
      return;
    }
    Problems.write(
        response,
        mapper,
        ErrorCode.FORBIDDEN,
        "You are not allowed to do this"
            + (request.getRequestURI().startsWith("/api/users")
                ? ": managing users needs an admin account."
                : "."));
  }
}
