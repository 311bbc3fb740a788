package dev.atelier.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every request. From a trusted proxy ({@code atelier.web.trusted-proxies}) it
 * applies the forwarded headers with Spring's {@link ForwardedHeaderFilter}: the request then has
 * the client's scheme, host and address. From anyone else it removes them, so nothing further on
 * (redirects, same-origin checks, throttling, the preview proxy) can be lied to. Either way it
 * records whether the request is HTTPS for the session cookie's {@code Secure} flag.
 */
final class TrustedProxyFilter extends OncePerRequestFilter {

  /** Request attribute: {@code Boolean}, the request reached the server over HTTPS. */
  static final String SECURE = TrustedProxyFilter.class.getName() + ".SECURE";

  private static final Set<String> FORWARDED =
      Set.of(
          "forwarded",
          "x-forwarded-proto",
          "x-forwarded-host",
          "x-forwarded-port",
          "x-forwarded-prefix",
          "x-forwarded-ssl",
          "x-forwarded-for");

  private final WebProperties properties;
  private final ForwardedHeaderFilter forwarded = new ForwardedHeaderFilter();

  TrustedProxyFilter(WebProperties properties) {
    this.properties = properties;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (properties.trusts(request.getRemoteAddr())) {
      forwarded.doFilter(
          request,
          response,
          (applied, out) -> {
            applied.setAttribute(SECURE, applied.isSecure());
            chain.doFilter(applied, out);
          });
      return;
    }
    request.setAttribute(SECURE, request.isSecure());
    chain.doFilter(new WithoutForwardedHeaders(request), response);
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  private static boolean isForwarded(String name) {
    return name != null && FORWARDED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The request as the client sent it, minus the headers only a trusted proxy may set. */
  private static final class WithoutForwardedHeaders extends HttpServletRequestWrapper {

    WithoutForwardedHeaders(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getHeader(String name) {
      return isForwarded(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return isForwarded(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(
          Collections.list(super.getHeaderNames()).stream()
              .filter(name -> !isForwarded(name))
              .toList());
    }
  }
}
