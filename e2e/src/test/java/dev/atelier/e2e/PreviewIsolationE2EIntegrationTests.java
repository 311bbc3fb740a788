package dev.atelier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile page served from a workspace port ({@code python3 -m http.server}) and opened through
 * the preview in Chromium by a read-only collaborator: it runs on the preview's own host ({@code
 * {port}-{workspace}.localhost}) and tries to read Atelier's cookies, call the REST API with the
 * viewer's credentials (read {@code /api/me}, mint a token) and open the collaboration, terminal,
 * language and event sockets of the IDE's origin, then writes what happened into its own page. All
 * of it must fail; the same calls from the IDE's own page (the control) succeed, so the test can
 * tell the difference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreviewIsolationE2EIntegrationTests {

  @RegisterExtension
  static final E2E e2e = E2E.browserTests().withAdminToken().assertionTimeout(30_000);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aHostilePreviewCannotActAsTheReadOnlyViewer() throws Exception {
    String workspaceId = e2e.api().createWorkspace("python", "hostile-preview");
    String reader = "reader-" + UUID.randomUUID().toString().substring(0, 6);
    e2e.api()
        .create(
            "/api/users",
            "{\"username\":\"" + reader + "\",\"password\":\"reader-password-1\",\"admin\":false}");
    String secret =
        e2e.api()
            .create("/api/workspaces/" + workspaceId + "/shares", "{\"role\":\"READ\"}")
            .path("secret")
            .asText();
    e2e.api().awaitRunning(workspaceId);
    Path folder = e2e.server().home().resolve("workspaces").resolve(workspaceId);
    try (InputStream page = getClass().getResourceAsStream("/preview/hostile.html")) {
      Files.write(folder.resolve("hostile.html"), page.readAllBytes());
    }
    int port = freePort();
    // The workspace has a network namespace of its own: the server is up once a probe inside it
    // connects, which the probe reports with a marker file.
    runInTerminal(
        workspaceId,
        "python3 -m http.server "
            + port
            + " & until python3 -c \"import socket; socket.create_connection(('127.0.0.1', "
            + port
            + "))\" 2>/dev/null; do sleep 0.2; done; touch .listening\r");
    awaitListening(folder.resolve(".listening"), workspaceId, port);

    // The reader accepts the read-only link and signs in.
    Page ide = e2e.newPage("reader");
    e2e.passLogin(ide, "/share/" + secret, reader, "reader-password-1");
    ide.waitForURL("**/workspaces/" + workspaceId + "**");

    // "Open preview" of the hostile page (the Ports panel's link, with the path inside it).
    Page preview = ide.context().newPage();
    String query =
        "?ide="
            + URLEncoder.encode(e2e.server().baseUrl(), StandardCharsets.UTF_8)
            + "&ws="
            + workspaceId;
    preview.navigate(e2e.url("/w/" + workspaceId + "/port/" + port + "/hostile.html" + query));
    String previewOrigin =
        "http://" + port + "-" + workspaceId + ".localhost:" + e2e.server().port();
    assertThat(preview.url()).isEqualTo(previewOrigin + "/hostile.html" + query);
    preview.waitForFunction(
        "() => document.title === 'hostile: done'",
        null,
        new Page.WaitForFunctionOptions().setTimeout(90_000));
    JsonNode report = JSON.readTree(preview.locator("#report").textContent());
    System.out.println("hostile preview report: " + report);

    assertThat(report.path("origin").asText()).isEqualTo(previewOrigin);
    assertThat(report.path("cookie").asText()).as("cookies the page can read").isEmpty();
    assertThat(report.path("me").asText()).startsWith("failed");
    assertThat(report.path("meNoCors").asText()).doesNotContain(reader).contains("type opaque");
    assertThat(report.path("mintJson").asText()).startsWith("failed");
    assertThat(report.path("mintSimple").asText()).doesNotContain("atl_");
    for (String socket : List.of("collab", "terminal", "lsp", "events")) {
      assertThat(report.path(socket).asText()).as(socket).doesNotContain("open", "message");
    }

    // Whatever the page sent, the reader has no new token.
    String tokens = ide.context().request().get(e2e.url("/api/tokens")).text();
    assertThat(tokens).doesNotContain("stolen");

    // The session cookie stays on the IDE's host; the preview cookie is the preview's, HttpOnly.
    List<Cookie> cookies = ide.context().cookies();
    Cookie session =
        cookies.stream().filter(c -> c.name.equals("JSESSIONID")).findFirst().orElseThrow();
    assertThat(session.domain).isEqualTo("localhost");
    Cookie previewCookie =
        cookies.stream().filter(c -> c.name.equals("atelier_preview")).findFirst().orElseThrow();
    assertThat(previewCookie.domain).isEqualTo(port + "-" + workspaceId + ".localhost");
    assertThat(previewCookie.httpOnly).isTrue();
    assertThat(previewCookie.sameSite).isEqualTo(SameSiteAttribute.LAX);

    // The control: the same calls from the IDE's own origin do get through for this reader.
    String control =
        (String)
            ide.evaluate(
                "async (ws) => {"
                    + " const me = await fetch('/api/me', {credentials: 'include'});"
                    + " const opened = await new Promise((resolve) => {"
                    + "   const s = new WebSocket(location.origin.replace(/^http/, 'ws')"
                    + "     + '/collab/' + ws);"
                    + "   s.onopen = () => { s.close(); resolve('open'); };"
                    + "   s.onclose = (e) => resolve('close ' + e.code);"
                    + "   setTimeout(() => resolve('timeout'), 8000); });"
                    + " return me.status + ' ' + (await me.text()).includes('"
                    + reader
                    + "')"
                    + "   + ' ' + opened; }",
                workspaceId);
    assertThat(control).isEqualTo("200 true open");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits for the marker that the probe inside the workspace writes once the port accepts. */
  private static void awaitListening(Path marker, String workspaceId, int port) {
    await("something listening on " + port + " in " + workspaceId)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Files.exists(marker));
  }

  /** Opens a terminal through the terminal API and types {@code input} into it. */
  private void runInTerminal(String workspaceId, String input) throws Exception {
    String terminalId =
        e2e.api()
            .create("/api/workspaces/" + workspaceId + "/terminals", "{\"name\":\"preview\"}")
            .path("id")
            .asText();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(
                    e2e.server().baseUrl().replace("http", "ws")
                        + "/terminal/"
                        + workspaceId
                        + "/"
                        + terminalId
                        + "?token="
                        + e2e.adminToken()),
                new WebSocket.Listener() {})
            .get(20, TimeUnit.SECONDS);
    socket
        .sendBinary(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)), true)
        .get(10, TimeUnit.SECONDS);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }
}
