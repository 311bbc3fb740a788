package dev.atelier.server.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.sockets.SocketRegistry;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Share links and collaborators through the REST API, the roles they produce in {@link
 * WorkspaceAccess}, and revocation reaching live sockets (the workspace presence room {@code
 * /collab/{id}}, a real workspace socket registered with {@code SocketRegistry}).
 */
class SharingApiIntegrationTests extends IntegrationTestSupport {

  @Autowired WorkspaceAccess access;
  @Autowired SocketRegistry sockets;

  @Test
  void readOnlyLinkMakesTheGuestAReaderWhoCannotRunTheLifecycle() {
    TestUser owner = newUser("owner");
    TestUser guest = newUser("guest");
    String id = workspace(owner.token());

    HttpResponse<String> created = post(shares(id), "{\"role\":\"read\"}", owner.token());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode link = json(created);
    String secret = link.path("secret").asText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43); // 256 bits, URL-safe Base64
    assertThat(link.path("path").asText()).isEqualTo("/share/" + secret);
    assertThat(link.path("link").path("role").asText()).isEqualTo("READ");
    assertThat(link.path("link").path("state").asText()).isEqualTo("ACTIVE");
    assertThat(created.headers().firstValue("Location"))
        .hasValue(shares(id) + "/" + link.path("link").path("id").asText());
    HttpResponse<String> listed = get(shares(id), owner.token());
    assertThat(json(listed)).hasSize(1);
    assertThat(listed.body()).doesNotContain(secret);

    assertThat(get("/api/workspaces/" + id, guest.token()).statusCode()).isEqualTo(404);
    HttpResponse<String> accepted = post("/api/shares/" + secret + "/accept", null, guest.token());
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(json(accepted).path("workspaceId").asText()).isEqualTo(id);
    assertThat(json(accepted).path("role").asText()).isEqualTo("READ");
    assertThat(access.role(guest.account().id(), id)).contains(WorkspaceRole.READ);
    assertThat(access.role(owner.account().id(), id)).contains(WorkspaceRole.OWNER);

    assertThat(get("/api/workspaces/" + id, guest.token()).statusCode()).isEqualTo(200);
    assertThat(get("/api/workspaces/" + id + "/events", guest.token()).statusCode()).isEqualTo(200);
    assertThat(json(get("/api/workspaces", guest.token()))).as("own list only").isEmpty();
    JsonNode shared = json(get("/api/shared-with-me", guest.token()));
    assertThat(shared).hasSize(1);
    assertThat(shared.get(0).path("workspace").path("id").asText()).isEqualTo(id);
    assertThat(shared.get(0).path("role").asText()).isEqualTo("READ");

    for (HttpResponse<String> r :
        List.of(
            post("/api/workspaces/" + id + "/stop", null, guest.token()),
            post("/api/workspaces/" + id + "/start", null, guest.token()),
            delete("/api/workspaces/" + id, guest.token()),
            get(shares(id), guest.token()),
            post(shares(id), "{\"role\":\"WRITE\"}", guest.token()),
            get("/api/workspaces/" + id + "/collaborators", guest.token()))) {
      assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(403);
      assertThat(json(r).path("code").asText()).isEqualTo("FORBIDDEN");
      assertThat(json(r).path("detail").asText()).contains("only the owner");
    }
    assertThat(get("/api/workspaces/" + id, owner.token()).statusCode()).isEqualTo(200);

    JsonNode collaborators = json(get("/api/workspaces/" + id + "/collaborators", owner.token()));
    assertThat(collaborators).hasSize(1);
    assertThat(collaborators.get(0).path("userId").asText()).isEqualTo(guest.account().id());
    assertThat(collaborators.get(0).path("role").asText()).isEqualTo("READ");

    HttpResponse<String> unknown =
        post("/api/shares/not-a-real-secret/accept", null, guest.token());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("code").asText()).isEqualTo("SHARE_LINK_NOT_FOUND");
    assertThat(delete("/api/workspaces/" + id, owner.token()).statusCode()).isEqualTo(204);
    assertThat(access.role(guest.account().id(), id)).isEmpty();
  }

  @Test
  void writeLinkUpgradesAndRevokingItEndsTheAccessItGave() {
    TestUser owner = newUser("owner");
    TestUser guest = newUser("guest");
    String id = workspace(owner.token());
    JsonNode write = json(post(shares(id), "{\"role\":\"WRITE\"}", owner.token()));
    JsonNode read = json(post(shares(id), "{\"role\":\"READ\"}", owner.token()));

    accept(read, guest.token());
    assertThat(access.role(guest.account().id(), id)).contains(WorkspaceRole.READ);
    assertThat(json(accept(write, guest.token())).path("role").asText()).isEqualTo("WRITE");
    assertThat(json(accept(read, guest.token())).path("role").asText())
        .as("a weaker link keeps the stronger role")
        .isEqualTo("WRITE");
    assertThat(json(accept(write, owner.token())).path("role").asText()).isEqualTo("OWNER");

    HttpResponse<String> revoked =
        delete(shares(id) + "/" + write.path("link").path("id").asText(), owner.token());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).path("state").asText()).isEqualTo("REVOKED");
    assertThat(access.role(guest.account().id(), id)).isEmpty();
    assertThat(get("/api/workspaces/" + id, guest.token()).statusCode()).isEqualTo(404);
    HttpResponse<String> again = accept(write, guest.token());
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(json(again).path("code").asText()).isEqualTo("SHARE_LINK_GONE");
    assertThat(json(again).path("detail").asText()).contains("revoked");
    assertThat(delete(shares(id) + "/no-such-link", owner.token()).statusCode()).isEqualTo(404);
    assertThat(delete("/api/workspaces/" + id, owner.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void expiredLinkGrantsNothingAndEndsTheAccessItGave() {
    TestUser owner = newUser("owner");
    TestUser guest = newUser("guest");
    String id = workspace(owner.token());
    JsonNode link =
        json(post(shares(id), "{\"role\":\"READ\",\"expiresIn\":\"PT1.5S\"}", owner.token()));
    assertThat(link.path("link").path("expiresAt").isTextual()).isTrue();
    assertThat(accept(link, guest.token()).statusCode()).isEqualTo(200);
    assertThat(access.role(guest.account().id(), id)).contains(WorkspaceRole.READ);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> access.role(guest.account().id(), id).isEmpty());
    HttpResponse<String> late = accept(link, newUser("late").token());
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(json(late).path("detail").asText()).contains("expired");
    assertThat(json(get(shares(id), owner.token())).get(0).path("state").asText())
        .isEqualTo("EXPIRED");

    for (String bad :
        List.of(
            "{\"role\":\"ADMIN\"}",
            "{\"role\":\"READ\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}",
            "{\"role\":\"READ\",\"expiresIn\":\"P9999D\"}",
            "{\"role\":\"READ\",\"expiresIn\":\"PT1H\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}")) {
      HttpResponse<String> r = post(shares(id), bad, owner.token());
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).path("code").asText()).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(delete("/api/workspaces/" + id, owner.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void revokingALinkOrRemovingAPersonClosesTheirLiveSocketsWithinOneSecond() throws Exception {
    TestUser owner = newUser("owner");
    TestUser guest = newUser("guest");
    TestUser other = newUser("other");
    String id = workspace(owner.token());
    JsonNode link = json(post(shares(id), "{\"role\":\"WRITE\"}", owner.token()));
    accept(link, guest.token());
    JsonNode second = json(post(shares(id), "{\"role\":\"READ\"}", owner.token()));
    accept(second, other.token());

    Closes ownerCloses = new Closes();
    Closes guestCloses = new Closes();
    Closes otherCloses = new Closes();
    WebSocket ownerSocket = connect(id, owner.token(), ownerCloses);
    connect(id, guest.token(), guestCloses);
    connect(id, other.token(), otherCloses);
    awaitCount(id, 3);

    long revoked = System.nanoTime();
    assertThat(
            delete(shares(id) + "/" + link.path("link").path("id").asText(), owner.token())
                .statusCode())
        .isEqualTo(200);
    int code = guestCloses.code.get(5, TimeUnit.SECONDS);
    long millis = (System.nanoTime() - revoked) / 1_000_000;
    System.out.println("revoke -> guest socket closed in " + millis + " ms");
    assertThat(code).isEqualTo(4403);
    assertThat(millis).isLessThan(1_000);

    long removed = System.nanoTime();
    assertThat(
            delete(
                    "/api/workspaces/" + id + "/collaborators/" + other.account().id(),
                    owner.token())
                .statusCode())
        .isEqualTo(204);
    assertThat(otherCloses.code.get(5, TimeUnit.SECONDS)).isEqualTo(4403);
    millis = (System.nanoTime() - removed) / 1_000_000;
    System.out.println("remove -> collaborator socket closed in " + millis + " ms");
    assertThat(millis).isLessThan(1_000);
    HttpResponse<String> rejoin = accept(second, other.token());
    assertThat(rejoin.statusCode())
        .as("an older link cannot readmit a removed person")
        .isEqualTo(403);
    assertThat(json(rejoin).path("detail").asText()).contains("removed you");
    assertThat(
            delete(
                    "/api/workspaces/" + id + "/collaborators/" + other.account().id(),
                    owner.token())
                .statusCode())
        .isEqualTo(404);

    assertThat(ownerCloses.code).as("the owner's socket stays open").isNotDone();
    assertThat(sockets.inWorkspace(id)).isEqualTo(1);
    ownerSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    // Someone without a role is not admitted at all.
    Closes stranger = new Closes();
    connect(id, newUser("stranger").token(), stranger);
    assertThat(stranger.code.get(5, TimeUnit.SECONDS)).isEqualTo(4404);
    assertThat(delete("/api/workspaces/" + id, owner.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void selfRegistrationIsOffUntilAnAdministratorTurnsItOn() {
    String body = "{\"username\":\"self-%s\",\"password\":\"long-enough-pw\"}";
    HttpResponse<String> refused = post("/api/register", body.formatted("one"), null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).path("code").asText()).isEqualTo("REGISTRATION_DISABLED");
    assertThat(json(refused).path("detail").asText()).contains("Ask an administrator");
    assertThat(accounts.findByUsername("self-one")).isEmpty();

    String user = newUserToken("plain");
    assertThat(put("/api/users/self-registration", "{\"enabled\":true}", user).statusCode())
        .isEqualTo(403);
    assertThat(json(get("/api/users/self-registration", ADMIN_TOKEN)).path("enabled").asBoolean())
        .isFalse();
    try {
      HttpResponse<String> on =
          put("/api/users/self-registration", "{\"enabled\":true}", ADMIN_TOKEN);
      assertThat(on.statusCode()).isEqualTo(200);
      assertThat(json(on).path("enabled").asBoolean()).isTrue();

      HttpResponse<String> registered = post("/api/register", body.formatted("two"), null);
      assertThat(registered.statusCode()).isEqualTo(201);
      assertThat(json(registered).path("admin").asBoolean()).isFalse();
      assertThat(login("self-two", "long-enough-pw")).startsWith("JSESSIONID=");
      HttpResponse<String> taken = post("/api/register", body.formatted("two"), null);
      assertThat(taken.statusCode()).isEqualTo(409);
    } finally {
      put("/api/users/self-registration", "{\"enabled\":false}", ADMIN_TOKEN);
    }
    assertThat(post("/api/register", body.formatted("three"), null).statusCode()).isEqualTo(403);
  }

  private String workspace(String token) {
    HttpResponse<String> created = post("/api/workspaces", "{\"stack\":\"python\"}", token);
    assertThat(created.statusCode()).isEqualTo(201);
    return json(created).path("id").asText();
  }

  private static String shares(String id) {
    return "/api/workspaces/" + id + "/shares";
  }

  private HttpResponse<String> accept(JsonNode created, String token) {
    return post("/api/shares/" + created.path("secret").asText() + "/accept", null, token);
  }

  private HttpResponse<String> put(String path, String json, String token) {
    try {
      return http.send(
          java.net.http.HttpRequest.newBuilder(uri(path))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitCount(String id, int count) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(sockets.inWorkspace(id)).isEqualTo(count));
  }

  /** Records the close code a socket receives. */
  static final class Closes implements WebSocket.Listener {
    final CompletableFuture<Integer> code = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      code.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      code.completeExceptionally(error);
    }
  }

  private WebSocket connect(String workspaceId, String token, Closes listener) throws Exception {
    return http.newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://localhost:" + port + "/collab/" + workspaceId + "?token=" + token),
            listener)
        .get(10, TimeUnit.SECONDS);
  }
}
