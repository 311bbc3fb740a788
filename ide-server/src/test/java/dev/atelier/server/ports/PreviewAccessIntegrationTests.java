package dev.atelier.server.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who gets into a preview and how: only through the IDE's one-time ticket for a viewer with a role
 * in the workspace, exchanged for a host-only preview cookie that is checked against the current
 * role on every request; nothing of the IDE answers on a preview host, and the IDE refuses what a
 * preview page sends it.
 */
class PreviewAccessIntegrationTests extends PreviewTestSupport {

  @Autowired PreviewTickets tickets;

  @Test
  void openPreviewRedirectsWithATicketThatBecomesAHostOnlyPreviewCookie() throws Exception {
    URI ticketUrl = ticketUrl(cookie, openPath() + "/sub/page.html?q=1");
    assertThat(ticketUrl.getScheme()).isEqualTo("http");
    assertThat(ticketUrl.getRawAuthority()).isEqualTo(previewHost(appPort));
    assertThat(ticketUrl.getRawPath()).isEqualTo(PreviewHostFilter.TICKET_PATH);
    assertThat(ticketUrl.getRawQuery()).startsWith("ticket=");

    HttpResponse<String> redeemed = redeem(ticketUrl);
    assertThat(redeemed.statusCode()).isEqualTo(302);
    assertThat(redeemed.headers().firstValue("Location")).hasValue("/sub/page.html?q=1");
    assertThat(redeemed.headers().firstValue("Cache-Control")).hasValue("no-store");
    String setCookie =
        redeemed.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("atelier_preview="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie)
        .contains("; Path=/", "; HttpOnly", "; SameSite=Lax", "; Max-Age=3600")
        .doesNotContainIgnoringCase("Domain=");
    assertThat(redeemed.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("JSESSIONID"));

    String previewCookie = cookiePair(redeemed);
    HttpResponse<String> page = send(preview("/sub/page.html").header("Cookie", previewCookie));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("<p>inside sub</p>");

    // one time only
    HttpResponse<String> again = redeem(ticketUrl);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void forgedExpiredAndOtherPreviewsTicketsAreRefused() throws Exception {
    String userId = owner.account().id();
    PreviewHosts.Address address = new PreviewHosts.Address(id, appPort);
    String genuine = tickets.issue(userId, address, "/");
    String payload = genuine.substring(0, genuine.indexOf('.'));
    String signature = genuine.substring(genuine.indexOf('.') + 1);
    String flipped =
        payload + "." + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
    String forgedPayload =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("t\nnonce\n" + userId + "\n" + id + "\n" + appPort + "\n9999999999\n/")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + signature;
    String expired = tickets.issue(userId, address, "/", Instant.now().minusSeconds(1));
    String otherPort = tickets.issue(userId, new PreviewHosts.Address(id, appPort + 1), "/");
    String otherWorkspace =
        tickets.issue(userId, new PreviewHosts.Address("other-workspace", appPort), "/");
    String cookieAsTicket = tickets.cookie(userId, address);
    for (String ticket :
        List.of(
            flipped,
            forgedPayload,
            expired,
            otherPort,
            otherWorkspace,
            cookieAsTicket,
            "",
            "garbage",
            "%00.%00")) {
      HttpResponse<String> response =
          send(preview(PreviewHostFilter.TICKET_PATH + "?ticket=" + ticket));
      assertThat(response.statusCode()).as(ticket).isEqualTo(401);
      assertThat(json(response).path("code").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(response.headers().allValues("Set-Cookie")).as(ticket).isEmpty();
    }
    // a cookie for another port of the same workspace does not open this one
    String otherCookie =
        ProxyHeaders.PREVIEW_COOKIE
            + "="
            + tickets.cookie(userId, new PreviewHosts.Address(id, appPort + 1));
    HttpResponse<String> wrong = send(preview("/").header("Cookie", otherCookie));
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.body()).doesNotContain("preview_app.py");
    // the genuine one still works once
    assertThat(send(preview(PreviewHostFilter.TICKET_PATH + "?ticket=" + genuine)).statusCode())
        .isEqualTo(302);
  }

  @Test
  void withoutThePreviewCookieNothingIsServed() throws Exception {
    // a page load goes to the IDE for a ticket, path and query kept
    HttpResponse<String> navigation = send(preview("/sub/page.html?a=b"));
    assertThat(navigation.statusCode()).isEqualTo(302);
    assertThat(navigation.headers().firstValue("Location"))
        .hasValue("http://localhost:" + port + openPath() + "/sub/page.html?a=b");
    // everything else gets a 401
    HttpResponse<String> post =
        send(preview("/upload").POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.body()).doesNotContain("length");
    HttpResponse<String> fetch = send(preview("/").header("Sec-Fetch-Mode", "cors"));
    assertThat(fetch.statusCode()).isEqualTo(401);
    // neither the IDE session nor an API token opens a preview
    HttpResponse<String> session = send(preview("/").header("Cookie", cookie));
    assertThat(session.statusCode()).isEqualTo(302);
    assertThat(session.body()).doesNotContain("preview_app.py");
    HttpResponse<String> token =
        send(
            preview("/")
                .header("Authorization", "Bearer " + owner.token())
                .header("Sec-Fetch-Mode", "cors"));
    assertThat(token.statusCode()).isEqualTo(401);
    assertThat(token.body()).doesNotContain("preview_app.py");
    // the ticket endpoint only takes GET
    assertThat(
            send(preview(PreviewHostFilter.TICKET_PATH)
                    .POST(HttpRequest.BodyPublishers.ofString("ticket=x")))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void strangersGetNoTicketAndAnonymousUsersSignInFirst() throws Exception {
    TestUser stranger = newUser("stranger");
    String strangerCookie =
        login(stranger.account().username(), "password-of-" + stranger.account().username());
    HttpResponse<String> forbidden = getWithCookie(openPath() + "/", strangerCookie);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("Location")).isEmpty();
    assertThat(getWithCookie("/w/no-such-ws/port/" + appPort + "/", cookie).statusCode())
        .isEqualTo(403);

    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri(openPath() + "/")));
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> tokenOnly =
        send(
            HttpRequest.newBuilder(uri(openPath() + "/"))
                .header("Authorization", "Bearer " + owner.token()));
    assertThat(tokenOnly.statusCode()).isEqualTo(302);
    assertThat(tokenOnly.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    // the old path serves nothing itself: other methods are told where previews are now
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri(openPath() + "/upload"))
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(json(post).path("detail").asText()).contains(previewHost(appPort));
  }

  @Test
  void aRevokedCollaboratorLosesThePreviewAtOnce() throws Exception {
    TestUser reader = newUser("reader");
    String secret =
        json(post("/api/workspaces/" + id + "/shares", "{\"role\":\"READ\"}", owner.token()))
            .path("secret")
            .asText();
    assertThat(post("/api/shares/" + secret + "/accept", null, reader.token()).statusCode())
        .isEqualTo(200);
    String readerSession =
        login(reader.account().username(), "password-of-" + reader.account().username());
    String readerPreview = previewCookie(readerSession, appPort);
    assertThat(send(preview("/").header("Cookie", readerPreview)).body())
        .contains("preview_app.py");

    assertThat(
            delete(
                    "/api/workspaces/" + id + "/collaborators/" + reader.account().id(),
                    owner.token())
                .statusCode())
        .isEqualTo(204);
    HttpResponse<String> after = send(preview("/").header("Cookie", readerPreview));
    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.body()).doesNotContain("preview_app.py");
    HttpResponse<String> afterPost =
        send(
            preview("/upload")
                .header("Cookie", readerPreview)
                .POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(afterPost.statusCode()).isEqualTo(401);
    // and the IDE gives no new ticket
    assertThat(getWithCookie(openPath() + "/", readerSession).statusCode()).isEqualTo(403);
  }

  @Test
  void ideRoutesNeverAnswerOnPreviewHosts() throws Exception {
    String previewCookie = previewCookie(cookie, appPort);
    // with the preview cookie every path is the workspace's: its server answers, not Atelier
    for (String path : List.of("/api/me", "/login", "/", "/VAADIN/", "/w/" + id + "/port/1/")) {
      HttpResponse<String> response =
          send(
              preview(path)
                  .header("Cookie", previewCookie + "; " + cookie)
                  .header("Authorization", "Bearer " + owner.token()));
      assertThat(response.body()).as(path).doesNotContain(owner.account().username());
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .as(path)
          .doesNotContain("problem+json");
      if (!path.equals("/")) {
        assertThat(response.statusCode()).as(path).isEqualTo(404);
        assertThat(response.body()).as(path).contains("File not found");
      }
    }
    // host names of the preview zone that name no preview: 404, whatever the credentials
    for (String host :
        List.of(
            "localhost.localhost:" + port,
            "99999-" + id + ".localhost:" + port,
            "x." + previewHost(appPort),
            appPort + "-" + id.toUpperCase() + "-.localhost:" + port)) {
      HttpResponse<String> response =
          send(
              onHost(host, "/api/me")
                  .header("Cookie", cookie)
                  .header("Authorization", "Bearer " + owner.token()));
      assertThat(response.statusCode()).as(host).isEqualTo(404);
      assertThat(json(response).path("code").asText()).as(host).isEqualTo("NOT_FOUND");
    }
    // the IDE itself still answers on its own host
    assertThat(get("/api/me", owner.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void theIdeRefusesRequestsFromPreviewPagesAndAllowsNoCredentialedCors() throws Exception {
    String previewOrigin = "http://" + previewHost(appPort);
    HttpResponse<String> me =
        send(
            HttpRequest.newBuilder(uri("/api/me"))
                .header("Cookie", cookie)
                .header("Origin", previewOrigin));
    assertThat(me.statusCode()).isEqualTo(403);
    assertThat(me.body()).doesNotContain(owner.account().username());
    HttpResponse<String> mint =
        send(
            HttpRequest.newBuilder(uri("/api/tokens"))
                .header("Cookie", cookie)
                .header("Origin", previewOrigin)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"stolen\"}")));
    assertThat(mint.statusCode()).isEqualTo(403);
    for (String origin : List.of(previewOrigin, "http://evil.example")) {
      HttpResponse<String> preflight =
          send(
              HttpRequest.newBuilder(uri("/api/tokens"))
                  .header("Origin", origin)
                  .header("Access-Control-Request-Method", "POST")
                  .header("Access-Control-Request-Headers", "content-type")
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .as(origin)
          .isEmpty();
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
          .as(origin)
          .isEmpty();
      HttpResponse<String> read =
          send(
              HttpRequest.newBuilder(uri("/api/me"))
                  .header("Cookie", cookie)
                  .header("Origin", origin));
      assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
      assertThat(read.headers().firstValue("Access-Control-Allow-Credentials"))
          .as(origin)
          .isEmpty();
    }
    assertThat(json(get("/api/tokens", owner.token())).toString()).doesNotContain("stolen");
  }
}
