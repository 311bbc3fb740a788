package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The preview proxy's filter chain: the browser session only (no API tokens: a token in the URL
 * would be forwarded to the workspace's server), never anonymous. A GET without a session goes to
 * the login page, like every page of the server; WebSocket handshakes and other methods get a 401.
 * Spring's CSRF token check is off because the previewed application's own forms cannot carry it;
 * {@link PreviewProxyController} checks the origin instead.
 */
@Configuration(proxyBeanMethods = false)
class PreviewSecurityConfiguration {

  @Bean
  @Order(2)
  SecurityFilterChain previewFilterChain(HttpSecurity http, ObjectMapper mapper) throws Exception {
    AuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
    AuthenticationEntryPoint problem =
        (request, response, e) -> {
          response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Session realm=\"atelier\"");
          Problems.write(
              response,
              mapper,
              ErrorCode.UNAUTHENTICATED,
              "Log in to Atelier in this browser to open port previews.");
        };
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/w/**"))
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                    (request, response, ex) -> {
                      if (isBrowserNavigation(request)) {
                        login.commence(request, response, ex);
                      } else {
                        problem.commence(request, response, ex);
                      }
                    }))
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable());
    return http.build();
  }

  /** GETs are page loads (as on every Vaadin route); handshakes and the rest get a 401. */
  private static boolean isBrowserNavigation(HttpServletRequest request) {
    return (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))
        && !PreviewProxyController.isWebSocket(request);
  }
}
