package dev.atelier.server.ports;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.workspace.WorkspaceAccess;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Security of the previews, in two separate pieces.
 *
 * <p>The preview hosts ({@link PreviewHostFilter}): a servlet filter ahead of Spring Security and
 * every other filter that reads a body, so that requests to a preview host never reach the IDE's
 * filter chains, views, REST API or sockets, and requests from a preview page to the IDE are
 * refused. It authenticates with its own preview cookie only.
 *
 * <p>"Open preview" on the IDE ({@code /w/**}, {@link PreviewProxyController}): the browser session
 * only (no API tokens: previews are for people in a browser), never anonymous. A GET without a
 * session goes to the login page, like every page of the server; other requests get a 401. It only
 * redirects, so Spring's CSRF token check is not needed.
 */
@Configuration(proxyBeanMethods = false)
class PreviewSecurityConfiguration {

  /**
   * Right after the character encoding and observation filters: before Spring Security (-100) and
   * before the form content filter (-9900), which would consume form bodies meant for the
   * workspace's server.
   */
  static final int PREVIEW_HOST_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

  @Bean
  FilterRegistrationBean<PreviewHostFilter> previewHostFilter(
      PreviewHosts hosts,
      PreviewTickets tickets,
      PreviewProxy proxy,
      WorkspaceAccess access,
      AccountService accounts,
      ObjectMapper mapper,
      PreviewProperties properties) {
    FilterRegistrationBean<PreviewHostFilter> registration =
        new FilterRegistrationBean<>(
            new PreviewHostFilter(hosts, tickets, proxy, access, accounts, mapper));
    registration.setOrder(PREVIEW_HOST_FILTER_ORDER);
    registration.setAsyncSupported(true);
    registration.addUrlPatterns("/*");
    return registration;
  }

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
        && !PreviewProxy.isWebSocket(request);
  }
}
