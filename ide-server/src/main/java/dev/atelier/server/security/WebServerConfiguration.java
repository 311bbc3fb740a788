package dev.atelier.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.error.Problems;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.session.SessionConfig;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Headers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.undertow.UndertowServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * How requests reach the application: {@link TrustedProxyFilter} before everything else (also
 * before Spring Security), and a session cookie that is {@code Secure} whenever the request that
 * created it came over HTTPS — directly, or through a trusted proxy that said so; a clean 413 for
 * bodies over the size limit ({@link BodyLimit}). {@code HttpOnly}, {@code SameSite=Lax} and
 * cookie-only session tracking are set in {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

  @Bean
  FilterRegistrationBean<TrustedProxyFilter> trustedProxyFilter(WebProperties properties) {
    FilterRegistrationBean<TrustedProxyFilter> registration =
        new FilterRegistrationBean<>(new TrustedProxyFilter(properties));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(
        jakarta.servlet.DispatcherType.REQUEST,
        jakarta.servlet.DispatcherType.ASYNC,
        jakarta.servlet.DispatcherType.ERROR,
        jakarta.servlet.DispatcherType.FORWARD,
        jakarta.servlet.DispatcherType.INCLUDE);
    return registration;
  }

  @Bean
  WebServerFactoryCustomizer<UndertowServletWebServerFactory> undertowDeployment(
      ObjectMapper mapper, @Value("${server.undertow.max-http-post-size:100MB}") DataSize maxBody) {
    return factory ->
        factory.addDeploymentInfoCustomizers(
            info -> {
              info.setSessionConfigWrapper((config, deployment) -> new SecureOnHttps(config));
              info.addInitialHandlerChainWrapper(next -> new BodyLimit(next, maxBody, mapper));
            });
  }

  /**
   * A request that announces a body over {@code server.undertow.max-http-post-size} gets {@code 413
   * PAYLOAD_TOO_LARGE} as a problem document. Undertow refuses it before any servlet code runs,
   * with an empty 500; this handler sits just in front of that check. Bodies without a length are
   * cut off while being read, which the error handling turns into the same 413.
   */
  private record BodyLimit(HttpHandler next, DataSize max, ObjectMapper mapper)
      implements HttpHandler {

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      long length = exchange.getRequestContentLength();
      if (max.toBytes() <= 0 || length <= max.toBytes()) {
        next.handleRequest(exchange);
        return;
      }
      ProblemDetail problem =
          Problems.of(
              ErrorCode.PAYLOAD_TOO_LARGE,
              "The request body has "
                  + length
                  + " bytes; this server accepts at most "
                  + max.toBytes()
                  + ". Send less per request.",
              java.util.Map.of());
      problem.setInstance(java.net.URI.create(exchange.getRequestPath()));
      exchange.setPersistent(false); // the rest of the body is not read
      exchange.setStatusCode(problem.getStatus());
      exchange
          .getResponseHeaders()
          .put(Headers.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      exchange.getResponseSender().send(mapper.writeValueAsString(problem));
    }
  }

  /** Undertow's session cookie handling, plus {@code Secure} when the request is HTTPS. */
  private record SecureOnHttps(SessionConfig delegate) implements SessionConfig {

    @Override
    public void setSessionId(HttpServerExchange exchange, String sessionId) {
      delegate.setSessionId(exchange, sessionId);
      if (isSecure(exchange)) {
        for (Cookie cookie : exchange.responseCookies()) {
          if (sessionId.equals(cookie.getValue())) {
            cookie.setSecure(true);
          }
        }
      }
    }

    private static boolean isSecure(HttpServerExchange exchange) {
      ServletRequestContext context = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
      Object secure =
          context == null
              ? null
              : context.getServletRequest().getAttribute(TrustedProxyFilter.SECURE);
      return secure instanceof Boolean b ? b : exchange.isSecure();
    }

    @Override
    public void clearSession(HttpServerExchange exchange, String sessionId) {
      delegate.clearSession(exchange, sessionId);
    }

    @Override
    public String findSessionId(HttpServerExchange exchange) {
      return delegate.findSessionId(exchange);
    }

    @Override
    public SessionCookieSource sessionCookieSource(HttpServerExchange exchange) {
      return delegate.sessionCookieSource(exchange);
    }

    @Override
    public String rewriteUrl(String originalUrl, String sessionId) {
      return delegate.rewriteUrl(originalUrl, sessionId);
    }
  }
}
