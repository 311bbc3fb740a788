package dev.atelier.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser side of the server as a hostile site sees it: the session cookie, forwarded headers
 * from a client that is not a trusted proxy, login CSRF, cross-site WebSocket handshakes, and the
 * data folder's file modes.
 */
class BrowserSessionIntegrationTests extends IntegrationTestSupport {

  @Test
  void sessionCookieIsHttpOnlyLaxAndNeverInUrls() {
    HttpResponse<String> page = sendRequest(HttpRequest.newBuilder(uri("/login")).GET());
    String cookie = sessionSetCookie(page);
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
    // plain HTTP from a client that is no trusted proxy: not Secure, whatever it claims
    assertThat(cookie).doesNotContainIgnoringCase("Secure;").doesNotEndWithIgnoringCase("Secure");
    HttpResponse<String> claimed =
        sendRequest(
            HttpRequest.newBuilder(uri("/login"))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "attacker.example")
                .GET());
    assertThat(sessionSetCookie(claimed)).doesNotContainIgnoringCase("secure");

    // The redirect that used to carry ;jsessionid=
    HttpResponse<String> vaadin = sendRequest(HttpRequest.newBuilder(uri("/VAADIN")).GET());
    assertThat(vaadin.headers().firstValue("Location").orElse("")).doesNotContain("jsessionid");
    HttpResponse<String> anonymousPage =
        sendRequest(
            HttpRequest.newBuilder(uri("/workspaces/x"))
                .header("X-Forwarded-Host", "attacker.example")
                .GET());
    assertThat(anonymousPage.headers().firstValue("Location").orElse(""))
        .doesNotContain("jsessionid")
        .doesNotContain("attacker.example");
    assertThat(anonymousPage.body()).doesNotContain("jsessionid");
  }

  @Test
  void signInFromAForeignOriginWithoutTheTokenIsRefused() {
    TestUser user = newUser("lcsrf");
    String name = user.account().username();
    // The attacker's page posts its own credentials to sign the victim in as the attacker.
    HttpResponse<String> forged =
        sendRequest(
            HttpRequest.newBuilder(uri("/login"))
                .header("Origin", "https://attacker.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=" + name + "&password=password-of-" + name)));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(json(forged).path("code").asText()).isEqualTo("CSRF_REJECTED");
    String session = sessionCookieValue(forged);
    if (session != null) {
      assertThat(getWithCookie("/api/me", session).statusCode()).isEqualTo(401);
    }
    // With the page's token the same sign-in works (IntegrationTestSupport.login fails otherwise).
    String cookie = login(name, "password-of-" + name);
    assertThat(json(getWithCookie("/api/me", cookie)).path("username").asText()).isEqualTo(name);
  }

  @Test
  void stateChangingApiCallsWithTheSessionNeedTheToken() {
    TestUser user = newUser("apicsrf");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    HttpResponse<String> forged =
        sendRequest(
            HttpRequest.newBuilder(uri("/api/tokens"))
                .header("Cookie", cookie)
                .header("Origin", "https://attacker.example")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"stolen\"}")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(json(forged).path("code").asText()).isEqualTo("CSRF_REJECTED");
    JsonNode tokens = json(get("/api/tokens", user.token()));
    assertThat(tokens).noneMatch(t -> t.path("name").asText().equals("stolen"));
  }

  @Test
  void crossSiteWebSocketHandshakesAreRefused() throws Exception {
    TestUser user = newUser("wsorigin");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    String id =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", user.token())).path("id").asText();
    awaitPhase(id, user.token(), "RUNNING");
    String terminal =
        json(post("/api/workspaces/" + id + "/terminals", null, user.token())).path("id").asText();
    List<String> sockets =
        List.of(
            "/api/events",
            "/collab/" + id + "/main.py",
            "/collab/" + id,
            "/terminal/" + id + "/" + terminal,
            "/tasks/" + id,
            "/lsp/" + id);
    for (String path : sockets) {
      assertThat(handshake(path, cookie, "https://attacker.example"))
          .as("cross-site handshake of %s", path)
          .startsWith("HTTP/1.1 403");
      assertThat(handshake(path, cookie, "http://localhost:" + port))
          .as("same-origin handshake of %s", path)
          .startsWith("HTTP/1.1 101");
    }
    assertThat(delete("/api/workspaces/" + id, user.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void dataFolderIsPrivateAndTheDatabaseFilesToo() throws IOException {
    assertThat(mode(home)).isEqualTo("rwx------");
    assertThat(mode(home.resolve("db"))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(home.resolve("db"))) {
      List<Path> database = files.filter(Files::isRegularFile).toList();
      assertThat(database).isNotEmpty();
      for (Path file : database) {
        assertThat(mode(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
      }
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** The status line of a WebSocket handshake sent as a browser would, with {@code origin}. */
  private String handshake(String path, String cookie, String origin) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\n"
                  + "Host: localhost:"
                  + port
                  + "\r\n"
                  + "Upgrade: websocket\r\n"
                  + "Connection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n"
                  + "Origin: "
                  + origin
                  + "\r\n"
                  + "Cookie: "
                  + cookie
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().strip();
    }
  }

  private static String sessionSetCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + response.headers().map()));
  }

  private static String sessionCookieValue(HttpResponse<String> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      Matcher m = Pattern.compile("^(JSESSIONID=[^;]+)").matcher(header);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }
}
