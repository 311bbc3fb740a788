package dev.atelier.server.ports;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The HTTP/1.1 request head the preview sends to a workspace's server: the browser's method, the
 * path below the preview prefix, {@code Host: localhost:port}, the browser's end-to-end headers as
 * {@link ProxyHeaders} filters them (no Atelier credentials), the {@code X-Forwarded-*} headers,
 * plus what the caller adds (framing, {@code Connection}).
 */
final class UpstreamRequest {

  private UpstreamRequest() {}

  /**
   * The request target: the raw path and query as the browser sent them.
   *
   * @throws AtelierException {@code VALIDATION_FAILED} when they contain spaces or control
   *     characters (the server's own parser normally refuses those before)
   */
  static String target(String rest, String query) {
    String target = query == null ? rest : rest + "?" + query;
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new AtelierException(
            ErrorCode.VALIDATION_FAILED,
            "The preview path contains a space or control character; percent-encode it.");
      }
    }
    return target;
  }

  /** The headers every forwarded request carries, {@code Host} first. */
  static List<ResponseHead.Header> headers(
      HttpServletRequest request,
      WorkspacePorts.Target target,
      String prefix,
      String sessionCookie) {
    List<ResponseHead.Header> headers = new ArrayList<>();
    headers.add(new ResponseHead.Header("Host", target.authority()));
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (ProxyHeaders.forwardRequest(name) && !isConnectionOption(request, name)) {
        for (String value : Collections.list(request.getHeaders(name))) {
          headers.add(new ResponseHead.Header(name, value));
        }
      }
    }
    String cookies = ProxyHeaders.cookiesWithout(request, sessionCookie);
    if (cookies != null) {
      headers.add(new ResponseHead.Header("Cookie", cookies));
    }
    for (String[] header : ProxyHeaders.forwarded(request, prefix)) {
      headers.add(new ResponseHead.Header(header[0], header[1]));
    }
    return headers;
  }

  /** Headers the browser named in {@code Connection} belong to its hop only (RFC 9110 7.6.1). */
  private static boolean isConnectionOption(HttpServletRequest request, String name) {
    for (String value : Collections.list(request.getHeaders("Connection"))) {
      for (String option : value.split(",")) {
        if (option.trim().equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Writes the request line and headers and the empty line that ends the head. */
  static void writeHead(
      OutputStream out, String method, String target, List<ResponseHead.Header> headers)
      throws IOException {
    StringBuilder head = new StringBuilder(1024);
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (ResponseHead.Header header : headers) {
      head.append(header.name()).append(": ").append(clean(header.value())).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * A value without line breaks (the servlet container never hands those over; belt and braces).
   */
  private static String clean(String value) {
    return value.indexOf('\r') < 0 && value.indexOf('\n') < 0
        ? value
        : value.replace('\r', ' ').replace('\n', ' ');
  }
}
