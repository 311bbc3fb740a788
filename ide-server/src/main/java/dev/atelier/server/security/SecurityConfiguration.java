package dev.atelier.server.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import dev.atelier.server.account.ApiTokenService;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import dev.atelier.server.throttle.Throttle;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Three filter chains. The management server: open. {@code /api/**}: API tokens or the browser
 * session, never creating a session, 401/403 as problem+json; admin-only {@code /api/users/**};
 * CSRF checked only for session-cookie requests that change state (a bearer token cannot be sent by
 * a foreign site). Everything else: Vaadin's configuration with the login view at {@code /login};
 * anonymous requests are redirected there, except WebSocket handshakes, which get a 401; every
 * state-changing request needs the CSRF token, the sign-in too ({@link #browserCsrf}); failed
 * sign-ins are throttled ({@link LoginThrottleFilter}). In front of all chains {@link
 * TrustedProxyFilter} decides which forwarded headers count ({@link WebServerConfiguration}).
 */
@Configuration
@EnableWebSecurity
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfiguration {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /** Delegating encoder: BCrypt for new hashes, every stored hash names its algorithm. */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /**
   * The management server (probes, metrics) is not exposed to users and must answer orchestrators
   * without credentials; it is protected by not publishing its port.
   */
  /**
   * URLs the firewall refuses (encoded slashes, {@code ..}, …) get a 400 problem document rather
   * than an error dispatch that would end on the login page.
   */
  @Bean
  RequestRejectedHandler requestRejectedHandler(ObjectMapper mapper) {
    return (request, response, e) ->
        Problems.write(
            response,
            mapper,
            ErrorCode.VALIDATION_FAILED,
            "The request URL is not allowed: " + e.getMessage());
  }

  @Bean
  @Order(0)
  SecurityFilterChain managementFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher(new ManagementServerRequestMatcher())
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable());
    return http.build();
  }

  @Bean
  @Order(1)
  SecurityFilterChain apiFilterChain(
      HttpSecurity http,
      ApiTokenService tokens,
      ObjectMapper mapper,
      SecurityContextHolderStrategy securityContexts,
      Throttle throttle)
      throws Exception {
    ProblemEntryPoint problems = new ProblemEntryPoint(mapper);
    http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        PathPatternRequestMatcher.withDefaults().matcher("/api/users/**"),
                        PathPatternRequestMatcher.withDefaults().matcher("/api/users"))
                    .hasRole("ADMIN")
                    // Self-registration (refused with 403 unless an admin turned it on).
                    .requestMatchers(
                        PathPatternRequestMatcher.withDefaults()
                            .matcher(org.springframework.http.HttpMethod.POST, "/api/register"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
        .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::needsCsrf))
        .addFilterBefore(
            new BearerTokenFilter(tokens, mapper, securityContexts, throttle),
            BasicAuthenticationFilter.class)
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable());
    return http.build();
  }

  @Bean
  SecurityFilterChain vaadinFilterChain(
      HttpSecurity http,
      ApiTokenService tokens,
      ObjectMapper mapper,
      SecurityContextHolderStrategy securityContexts,
      Throttle throttle,
      LoginAttempts loginAttempts,
      RequestUtil vaadinRequests)
      throws Exception {
    ProblemEntryPoint problems = new ProblemEntryPoint(mapper);
    // WebSocket endpoints outside /api (collab, language servers, terminals) accept API tokens too.
    http.addFilterBefore(
        new BearerTokenFilter(tokens, mapper, securityContexts, throttle),
        BasicAuthenticationFilter.class);
    http.exceptionHandling(
        e ->
            e.defaultAuthenticationEntryPointFor(
                problems, SecurityConfiguration::isWebSocketHandshake));
    browserCsrf(http, vaadinRequests, mapper);
    // Failed sign-ins slow down (after the CSRF check: a forged sign-in never counts).
    http.addFilterBefore(
        new LoginThrottleFilter(loginAttempts, mapper), UsernamePasswordAuthenticationFilter.class);
    // The error page answers problem documents for failures of any request, signed in or not.
    http.authorizeHttpRequests(
        auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll());
    http.with(vaadin(), vaadin -> vaadin.loginView("/login").enableCsrfConfiguration(false));
    return http.build();
  }

  /**
   * CSRF for browser requests outside {@code /api}: every state-changing request needs the token of
   * its session ({@code _csrf} form field or {@code X-CSRF-TOKEN} header), including {@code POST
   * /login} (Vaadin's own configuration exempts the login form, which allows login CSRF; the
   * sign-in form sends the token from the page's {@code _csrf} meta tag). Vaadin's internal
   * requests (UIDL, push, uploads) are exempt because Vaadin checks its own per-UI CSRF token in
   * each of them. Refusals are 403 {@code CSRF_REJECTED} ({@link BrowserPages}).
   */
  private static void browserCsrf(
      HttpSecurity http, RequestUtil vaadinRequests, ObjectMapper mapper) throws Exception {
    http.csrf(
        csrf ->
            csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest)
                .withObjectPostProcessor(
                    new ObjectPostProcessor<CsrfFilter>() {
                      @Override
                      public <O extends CsrfFilter> O postProcess(O filter) {
                        filter.setAccessDeniedHandler(BrowserPages.csrfRejected(mapper));
                        return filter;
                      }
                    }));
  }

  static boolean isWebSocketHandshake(HttpServletRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  /**
   * CSRF matters only where a browser session could authenticate the request: unsafe methods with a
   * live session and no bearer token. Requests without a session get a plain 401 instead.
   */
  private static boolean needsCsrf(HttpServletRequest request) {
    return !SAFE_METHODS.contains(request.getMethod())
        && !BearerTokenFilter.hasBearer(request)
        && request.getSession(false) != null;
  }
}
