package dev.atelier.server.ports;

import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * Forwards one HTTP request to a workspace's server as an HTTP/1.1 exchange over a {@link
 * PortConnection} (one connection per request, {@code Connection: close}), both bodies streamed:
 * the request body is sent while the browser uploads it, the response is flushed whenever the
 * workspace's server pauses, so uploads of any size and server-sent events work without buffering.
 * The response head is parsed strictly ({@link ResponseHead}); what breaks the rules becomes a 502.
 */
@Component
class HttpForwarder {

  static final int BUFFER = 64 * 1024;

  /** Methods whose requests carry a body by definition: sent with {@code Content-Length: 0}. */
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private final PortDialer dialer;
  private final String sessionCookie;

  HttpForwarder(PortDialer dialer, ServerProperties server) {
    this.dialer = dialer;
    this.sessionCookie = sessionCookieName(server);
  }

  static String sessionCookieName(ServerProperties server) {
    String name = server.getServlet().getSession().getCookie().getName();
    return name == null ? "JSESSIONID" : name;
  }

  String sessionCookie() {
    return sessionCookie;
  }

  void forward(
      HttpServletRequest request,
      HttpServletResponse response,
      WorkspacePorts.Target target,
      String prefix,
      String rest)
      throws IOException {
    String path = UpstreamRequest.target(rest, request.getQueryString());
    String method = request.getMethod();
    List<ResponseHead.Header> headers =
        UpstreamRequest.headers(request, target, prefix, sessionCookie);
    long length = request.getContentLengthLong();
    boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
    if (length > 0) {
      headers.add(new ResponseHead.Header("Content-Length", Long.toString(length)));
    } else if (chunked) {
      headers.add(new ResponseHead.Header("Transfer-Encoding", "chunked"));
    } else if (BODY_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      headers.add(new ResponseHead.Header("Content-Length", "0"));
    }
    headers.add(new ResponseHead.Header("Connection", "close"));

    try (PortConnection connection = dialer.open(target)) {
      OutputStream up = new BufferedOutputStream(connection.output(), BUFFER);
      IOException sendFailure = null;
      try {
        try {
          UpstreamRequest.writeHead(up, method, path, headers);
        } catch (IOException e) {
          throw new UpstreamWriteFailed(e);
        }
        if (length > 0 || chunked) {
          unlimitedBody();
          sendBody(request.getInputStream(), up, chunked);
        } else {
          try {
            up.flush();
          } catch (IOException e) {
            throw new UpstreamWriteFailed(e);
          }
        }
      } catch (UpstreamWriteFailed e) {
        // it stopped reading (and may have answered already, e.g. 413): read what it said
        sendFailure = e.cause;
      }
      InputStream in = new BufferedInputStream(connection.input(), BUFFER);
      ResponseHead head;
      try {
        head = finalHead(in);
      } catch (ResponseHead.Malformed e) {
        throw badResponse(
            target,
            sendFailure == null
                ? e.getMessage()
                : "it closed the connection while the request was sent");
      } catch (IOException e) {
        throw badResponse(
            target, "the connection broke before the response head (" + e.getMessage() + ")");
      }
      if (head.status() == 101) {
        throw badResponse(target, "it switched protocols without being asked to");
      }
      respond(request, response, head, in, prefix, target);
    }
  }

  /**
   * Answers the browser with {@code head} and the body that follows it on {@code in}: the status,
   * the end-to-end headers ({@code Location} and {@code Set-Cookie} rewritten for the preview),
   * then the body decoded from its framing and flushed whenever the workspace's server pauses.
   */
  void respond(
      HttpServletRequest request,
      HttpServletResponse response,
      ResponseHead head,
      InputStream in,
      String prefix,
      WorkspacePorts.Target target)
      throws IOException {
    String method = request.getMethod();
    UpstreamBodies.Framing framing;
    long length;
    try {
      framing = UpstreamBodies.framing(method, head);
      length = UpstreamBodies.contentLength(head);
    } catch (ResponseHead.Malformed e) {
      throw badResponse(target, e.getMessage());
    }
    InputStream body = UpstreamBodies.body(method, head, in);
    response.setStatus(head.status());
    copyHeaders(head, response, prefix, target);
    if (framing == UpstreamBodies.Framing.LENGTH) {
      response.setContentLengthLong(length);
    }
    copy(body, response.getOutputStream());
  }

  /** The end-to-end response headers, {@code Location} and {@code Set-Cookie} made preview-safe. */
  void copyHeaders(
      ResponseHead head,
      HttpServletResponse response,
      String prefix,
      WorkspacePorts.Target target) {
    for (ResponseHead.Header header : head.headers()) {
      String name = header.name();
      String value = header.value();
      if (head.lists("Connection", name)) {
        continue; // named hop-by-hop by the workspace's server itself
      }
      if (ProxyHeaders.forwardResponse(name)) {
        response.addHeader(name, value);
      } else if (name.equalsIgnoreCase("location")) {
        response.addHeader("Location", rewriteLocation(value, prefix, target.port()));
      } else if (name.equalsIgnoreCase("set-cookie")) {
        String cookie = ProxyHeaders.rewriteSetCookie(value, prefix, sessionCookie);
        if (cookie != null) {
          response.addHeader("Set-Cookie", cookie);
        }
      }
    }
  }

  /** A redirect to the workspace's own loopback address comes back under the prefix. */
  static String rewriteLocation(String location, String prefix, int port) {
    for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
      String rewritten = ProxyHeaders.rewriteLocation(location, prefix, host + ":" + port);
      if (!rewritten.equals(location)) {
        return rewritten;
      }
    }
    return location;
  }

  /**
   * The final response head, after interim 1xx responses (100 Continue, 103 Early Hints), which the
   * browser does not get: the server answers its {@code Expect} itself.
   */
  static ResponseHead finalHead(InputStream in) throws IOException {
    for (int interim = 0; ; interim++) {
      ResponseHead head = ResponseHead.read(in);
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
      if (interim == 10) {
        throw new ResponseHead.Malformed("it sent more than 10 interim (1xx) responses");
      }
    }
  }

  /**
   * Lifts Undertow's request body limit for this request: the body is streamed to the workspace,
   * never held here, so the previewed application decides what it accepts.
   */
  private static void unlimitedBody() {
    io.undertow.servlet.handlers.ServletRequestContext context =
        io.undertow.servlet.handlers.ServletRequestContext.current();
    if (context != null) {
      context.getExchange().setMaxEntitySize(Long.MAX_VALUE);
    }
  }

  /**
   * Streams the browser's body upstream (re-chunked when its length is unknown). A failing read is
   * the browser's (rethrown as is); a failing write is the workspace's ({@link
   * UpstreamWriteFailed}).
   */
  private static void sendBody(ServletInputStream from, OutputStream up, boolean chunk)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = from.read(buffer)) >= 0) {
      if (n == 0) {
        continue;
      }
      try {
        if (chunk) {
          up.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          up.write(buffer, 0, n);
          up.write(CRLF);
        } else {
          up.write(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new UpstreamWriteFailed(e);
      }
    }
    try {
      if (chunk) {
        up.write(LAST_CHUNK);
      }
      up.flush();
    } catch (IOException e) {
      throw new UpstreamWriteFailed(e);
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  /** Writing to the workspace's server failed (it closed or reset the connection). */
  private static final class UpstreamWriteFailed extends IOException {
    final IOException cause;

    UpstreamWriteFailed(IOException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  /** Copies while flushing whenever the workspace's server pauses (server-sent events, chunks). */
  static void copy(InputStream in, ServletOutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (in.available() == 0) {
        out.flush();
      }
    }
    out.flush();
  }

  static AtelierException badResponse(WorkspacePorts.Target target, String reason) {
    return new AtelierException(
        ErrorCode.BAD_UPSTREAM_RESPONSE,
        "The workspace's server on port "
            + target.port()
            + " did not answer with valid HTTP: "
            + reason
            + ". Check the server's log in the workspace.");
  }
}
