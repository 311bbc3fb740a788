package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A real local workspace running a stdlib-only Python app ({@code ports/preview_app.py}) and the
 * requests a browser makes around its preview: "Open preview" on the IDE, the ticket exchange and
 * requests to the preview host. Preview host names ({@code {port}-{workspace}.localhost}) are sent
 * to the loopback address with an explicit {@code Host} header, as a browser resolving {@code
 * *.localhost} does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PreviewTestSupport extends IntegrationTestSupport {

  @Autowired WorkspaceRuntime runtime;

  TestUser owner;
  String cookie;
  String id;
  int appPort;
  ExecProcess app;

  @BeforeAll
  void startApp() throws Exception {
    owner = newUser("preview");
    id = json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(id, owner.token(), "RUNNING");
    Path content = home.resolve("workspaces").resolve(id);
    try (InputStream script =
        PreviewTestSupport.class.getResourceAsStream("/ports/preview_app.py")) {
      Files.write(content.resolve("preview_app.py"), script.readAllBytes());
    }
    Files.createDirectories(content.resolve("sub"));
    Files.writeString(content.resolve("sub/page.html"), "<p>inside sub</p>");
    appPort = freePort();
    app =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("python3", "preview_app.py", Integer.toString(appPort)),
                Map.of(),
                null,
                null));
    await("app listening on " + appPort)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              assertThat(app.isAlive()).as("app still running").isTrue();
              return runtime.listeningPorts(id).stream().anyMatch(p -> p.port() == appPort);
            });
    cookie = login(owner.account().username(), "password-of-" + owner.account().username());
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.kill();
    }
  }

  /** The preview host of a port of the workspace, with the server's port. */
  String previewHost(int port) {
    return previewHost(id, port);
  }

  String previewHost(String workspaceId, int port) {
    return port + "-" + workspaceId + ".localhost:" + this.port;
  }

  /** The IDE path that opens the preview of {@code appPort}. */
  String openPath() {
    return "/w/" + id + "/port/" + appPort;
  }

  /** A request to {@code path} on the preview host of {@code appPort}. */
  HttpRequest.Builder preview(String path) {
    return onHost(previewHost(appPort), path);
  }

  HttpRequest.Builder onHost(String host, String path) {
    return HttpRequest.newBuilder(uri(path)).header("Host", host).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * "Open preview" as a browser signed in with {@code session}: the IDE's redirect with a ticket.
   */
  URI ticketUrl(String session, String idePath) throws Exception {
    HttpResponse<String> open =
        send(HttpRequest.newBuilder(uri(idePath)).header("Cookie", session));
    assertThat(open.statusCode()).as(open.body()).isEqualTo(302);
    return URI.create(open.headers().firstValue("Location").orElseThrow());
  }

  /** Redeems a ticket URL on the preview host it names (sent to the loopback address). */
  HttpResponse<String> redeem(URI ticketUrl) throws Exception {
    return send(
        onHost(
            ticketUrl.getRawAuthority(), ticketUrl.getRawPath() + "?" + ticketUrl.getRawQuery()));
  }

  /** The whole flow: the preview cookie ({@code atelier_preview=…}) for {@code session}. */
  String previewCookie(String session, int port) throws Exception {
    HttpResponse<String> redeemed = redeem(ticketUrl(session, "/w/" + id + "/port/" + port + "/"));
    assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(302);
    return cookiePair(redeemed);
  }

  static String cookiePair(HttpResponse<String> response) {
    String header =
        response.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(ProxyHeaders.PREVIEW_COOKIE + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no preview cookie: " + response.headers()));
    return header.substring(0, header.indexOf(';'));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
