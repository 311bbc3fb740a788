package dev.atelier.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Matches requests served by the management server (the separate port of probes and metrics).
 * Spring Boot registers the application's security filter on that server too; this is how the
 * filter chain for it is selected, independently of the port number (which is random in tests).
 */
final class ManagementServerRequestMatcher implements RequestMatcher {

  @Override
  public boolean matches(HttpServletRequest request) {
    WebApplicationContext context =
        WebApplicationContextUtils.getWebApplicationContext(request.getServletContext());
    return context != null && WebServerApplicationContext.hasServerNamespace(context, "management");
  }
}
