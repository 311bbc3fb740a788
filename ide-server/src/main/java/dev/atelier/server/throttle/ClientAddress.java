package dev.atelier.server.throttle;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The address of the client of a request: the socket peer, or, when the peer is a trusted proxy
 * ({@code atelier.web.trusted-proxies}), the client it names in {@code X-Forwarded-For} — the
 * security filters have already applied that to {@link HttpServletRequest#getRemoteAddr()}.
 */
public final class ClientAddress {

  /** Stands for the address when there is no request (background work, tests). */
  public static final String UNKNOWN = "unknown";

  private ClientAddress() {}

  public static String of(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    return address == null || address.isBlank() ? UNKNOWN : address;
  }

  /** The address of the request being handled on this thread, if any. */
  public static String current() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
      return of(servlet.getRequest());
    }
    return UNKNOWN;
  }
}
