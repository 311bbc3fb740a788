package dev.atelier.server.ports;

import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * Forwards one HTTP request to a workspace's server and its response back, both bodies streamed
 * (request bodies are read while they are sent, responses are flushed as they arrive, so uploads of
 * any size and server-sent events work without buffering).
 */
@Component
class HttpForwarder {

  private static final int BUFFER = 16 * 1024;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String sessionCookie;

  HttpForwarder(ServerProperties server) {
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
    String query = request.getQueryString();
    URI uri =
        URI.create("http://" + target.authority() + rest + (query == null ? "" : "?" + query));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).method(request.getMethod(), body(request));
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      if (ProxyHeaders.forwardRequest(name)) {
        for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
          builder.header(name, values.nextElement());
        }
      }
    }
    String cookies = ProxyHeaders.cookiesWithout(request, sessionCookie);
    if (cookies != null) {
      builder.header("Cookie", cookies);
    }
    for (String[] header : ProxyHeaders.forwarded(request, prefix)) {
      builder.header(header[0], header[1]);
    }

    HttpResponse<InputStream> upstream;
    try {
      upstream = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (ConnectException | HttpTimeoutException e) {
      throw unreachable(target);
    } catch (IOException e) {
      if (e.getCause() instanceof UncheckedIOException) {
        throw e; // the browser's request body broke off: nothing to answer
      }
      throw unreachable(target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(target);
    }

    try (InputStream in = upstream.body()) {
      response.setStatus(upstream.statusCode());
      for (Map.Entry<String, List<String>> header : upstream.headers().map().entrySet()) {
        String name = header.getKey();
        if (name.startsWith(":")) {
          continue;
        }
        if (ProxyHeaders.forwardResponse(name)) {
          header.getValue().forEach(v -> response.addHeader(name, v));
        } else if (name.equalsIgnoreCase("location")) {
          header
              .getValue()
              .forEach(
                  v ->
                      response.addHeader(
                          "Location", ProxyHeaders.rewriteLocation(v, prefix, target.authority())));
        } else if (name.equalsIgnoreCase("set-cookie")) {
          for (String v : header.getValue()) {
            String cookie = ProxyHeaders.rewriteSetCookie(v, prefix, sessionCookie);
            if (cookie != null) {
              response.addHeader("Set-Cookie", cookie);
            }
          }
        }
      }
      upstream
          .headers()
          .firstValueAsLong("Content-Length")
          .ifPresent(
              length -> {
                if (!request.getMethod().equals("HEAD")) {
                  response.setContentLengthLong(length);
                }
              });
      copy(in, response.getOutputStream());
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

  private static HttpRequest.BodyPublisher body(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    if (length == 0 || (length < 0 && !chunked)) {
      return HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher stream =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return request.getInputStream();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
  }

  /** Copies while flushing whenever the workspace's server pauses (server-sent events, chunks). */
  private static void copy(InputStream in, ServletOutputStream out) throws IOException {
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

  private static AtelierException unreachable(WorkspacePorts.Target target) {
    return new AtelierException(
        ErrorCode.RUNTIME_UNAVAILABLE,
        "The workspace's server on port "
            + target.port()
            + " did not answer. Check that it is still running.");
  }
}
