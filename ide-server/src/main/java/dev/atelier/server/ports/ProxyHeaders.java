package dev.atelier.server.ports;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the preview proxy and how. Hop-by-hop headers stay on their hop; the user's
 * Atelier credentials (session cookie, preview cookie, {@code Authorization}) never reach the
 * workspace's server; the workspace's server cannot set either cookie nor cookies for other hosts;
 * the client's own {@code X-Forwarded-*} headers are replaced by what the server saw.
 */
final class ProxyHeaders {

  /** The preview host's own cookie (see {@link PreviewHostFilter}). */
  static final String PREVIEW_COOKIE = "atelier_preview";

  /**
   * Request attribute with the {@code X-Forwarded-For} value to send (the real peer, after a
   * trusted proxy's chain); without it the peer's address alone is sent.
   */
  static final String FORWARDED_FOR = ProxyHeaders.class.getName() + ".forwardedFor";

  /** Never forwarded in either direction (RFC 9110 7.6.1 plus what the client sets itself). */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "http2-settings");

  /** Request headers replaced by the proxy or withheld from the workspace. */
  static final Set<String> REQUEST_DROPPED =
      Set.of(
          "authorization",
          "cookie",
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-forwarded-prefix",
          "x-forwarded-port");

  /** Handshake headers {@link WebSocketRelays} passes on itself, never by the generic copy. */
  static final Set<String> WEBSOCKET_OWN =
      Set.of(
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept");

  private ProxyHeaders() {}

  /** Whether a request header is copied as it is. */
  static boolean forwardRequest(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !HOP_BY_HOP.contains(lower)
        && !REQUEST_DROPPED.contains(lower)
        && !WEBSOCKET_OWN.contains(lower);
  }

  /** Whether a response header from the workspace is copied as it is. */
  static boolean forwardResponse(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !HOP_BY_HOP.contains(lower) && !lower.equals("set-cookie") && !lower.equals("location");
  }

  /**
   * The {@code Cookie} header without the Atelier session cookie and the preview cookie, or {@code
   * null} if empty.
   */
  static String cookiesWithout(HttpServletRequest request, String sessionCookie) {
    List<String> kept = new ArrayList<>();
    for (java.util.Enumeration<String> values = request.getHeaders("Cookie");
        values.hasMoreElements(); ) {
      for (String pair : values.nextElement().split(";")) {
        String trimmed = pair.trim();
        int eq = trimmed.indexOf('=');
        String name = eq < 0 ? trimmed : trimmed.substring(0, eq);
        if (!trimmed.isEmpty() && !name.equals(sessionCookie) && !name.equals(PREVIEW_COOKIE)) {
          kept.add(trimmed);
        }
      }
    }
    return kept.isEmpty() ? null : String.join("; ", kept);
  }

  /**
   * The {@code X-Forwarded-*} headers, as name/value pairs: the host and scheme the browser used,
   * the client address the server determined ({@link #FORWARDED_FOR}; what the client claims is
   * never taken as it is), and the prefix when the preview is not at the root of its host.
   */
  static List<String[]> forwarded(HttpServletRequest request, String prefix) {
    List<String[]> headers = new ArrayList<>();
    String host = request.getHeader("Host");
    if (host != null) {
      headers.add(new String[] {"X-Forwarded-Host", host});
    }
    headers.add(new String[] {"X-Forwarded-Proto", request.getScheme()});
    headers.add(new String[] {"X-Forwarded-Port", Integer.toString(request.getServerPort())});
    Object forwardedFor = request.getAttribute(FORWARDED_FOR);
    headers.add(
        new String[] {
          "X-Forwarded-For", forwardedFor instanceof String chain ? chain : request.getRemoteAddr()
        });
    if (!prefix.isEmpty()) {
      headers.add(new String[] {"X-Forwarded-Prefix", prefix});
    }
    return headers;
  }

  /**
   * A redirect of the workspace's server, made to stay under the preview prefix: {@code /x} and
   * {@code http://127.0.0.1:8000/x} become {@code /w/{id}/port/8000/x}; other origins are kept.
   */
  static String rewriteLocation(String location, String prefix, String upstreamAuthority) {
    if (location.startsWith("/") && !location.startsWith("//")) {
      return prefix + location;
    }
    try {
      URI uri = URI.create(location);
      if (uri.getRawAuthority() != null
          && uri.getRawAuthority().equalsIgnoreCase(upstreamAuthority)
          && ("http".equalsIgnoreCase(uri.getScheme()) || "ws".equalsIgnoreCase(uri.getScheme()))) {
        String rest =
            location.substring(
                location.indexOf(uri.getRawAuthority()) + upstreamAuthority.length());
        return prefix + (rest.startsWith("/") ? rest : "/" + rest);
      }
    } catch (IllegalArgumentException e) {
      // not a URI: pass it on as it is
    }
    return location;
  }

  /**
   * A {@code Set-Cookie} of the workspace's server, scoped to the preview: dropped when it would
   * replace the Atelier session cookie or the preview cookie, its {@code Domain} removed, its
   * {@code Path} put under the prefix (a cookie for {@code /} would otherwise reach every
   * workspace's preview and the IDE).
   *
   * @return the rewritten header, or {@code null} to drop it
   */
  static String rewriteSetCookie(String header, String prefix, String sessionCookie) {
    String[] parts = header.split(";");
    String pair = parts[0].trim();
    int eq = pair.indexOf('=');
    String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
    if (name.isEmpty()
        || name.equalsIgnoreCase(sessionCookie)
        || name.equalsIgnoreCase(PREVIEW_COOKIE)) {
      return null;
    }
    StringBuilder out = new StringBuilder(pair);
    boolean hasPath = false;
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      String lower = attribute.toLowerCase(Locale.ROOT);
      if (lower.startsWith("domain=")) {
        continue;
      }
      if (lower.startsWith("path=")) {
        String path = attribute.substring(5).trim();
        attribute = "Path=" + prefix + (path.startsWith("/") ? path : "/");
        hasPath = true;
      }
      out.append("; ").append(attribute);
    }
    if (!hasPath) {
      out.append("; Path=").append(prefix).append('/');
    }
    return out.toString();
  }
}
