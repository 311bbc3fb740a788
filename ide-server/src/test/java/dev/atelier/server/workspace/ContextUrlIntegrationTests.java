package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

/** {@code /new?repository=…}: create and start a workspace for a repository, Gitpod style. */
class ContextUrlIntegrationTests extends IntegrationTestSupport {

  @Test
  void anonymousUserIsSentToLoginFirst() {
    HttpResponse<String> response = get("/new?repository=https://example.com/o/r.git", null);
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
  }

  @Test
  void contextUrlClonesTheRepositoryAndUsesItsOwnStackFile() throws Exception {
    Path repo = gitRepository("with-stack", true);
    TestUser user = newUser("ctx");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());

    HttpResponse<String> response =
        confirmContextUrl(
            "repository=" + URLEncoder.encode("file://" + repo, StandardCharsets.UTF_8), cookie);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).matches("/workspaces/[a-z]+-[a-z]+-[a-z0-9]{4}");
    String id = location.substring("/workspaces/".length());

    JsonNode running = awaitPhase(id, user.token(), "RUNNING");
    assertThat(running.path("name").asText()).isEqualTo("with-stack");
    assertThat(running.path("repository").asText()).isEqualTo("file://" + repo);
    assertThat(running.path("stackId").asText()).isEqualTo("repository");
    assertThat(home.resolve("workspaces").resolve(id).resolve("hello.py"))
        .hasContent("print('hello')\n");
    assertThat(delete("/api/workspaces/" + id, user.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void repositoryWithoutStackFileGetsTheDefaultStack() throws Exception {
    Path repo = gitRepository("plain", false);
    TestUser user = newUser("ctx");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    String location =
        confirmContextUrl("repository=file://" + repo, cookie)
            .headers()
            .firstValue("Location")
            .orElseThrow();
    String id = location.substring("/workspaces/".length());
    assertThat(awaitPhase(id, user.token(), "RUNNING").path("stackId").asText())
        .isEqualTo("python");
    assertThat(delete("/api/workspaces/" + id, user.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void malformedStackFileInTheRepositoryFailsTheWorkspaceNamingFileAndField() throws Exception {
    Path repo = gitRepository("broken-stack", false);
    Files.createDirectories(repo.resolve(".atelier"));
    Files.writeString(repo.resolve(".atelier/stack.json"), "{\"name\": 42}");
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("broken stack")
          .setAuthor("Test", "test@example.com")
          .setCommitter("Test", "test@example.com")
          .setSign(false)
          .call();
    }
    String token = newUserToken("broken");
    String id =
        json(post(
                "/api/workspaces",
                "{\"stack\":\"python\",\"repository\":\"file://" + repo + "\"}",
                token))
            .path("id")
            .asText();
    JsonNode failed = awaitPhase(id, token, "FAILED");
    JsonNode condition = failed.path("conditions").get(0);
    assertThat(condition.path("type").asText()).isEqualTo("stackInvalid");
    assertThat(condition.path("message").asText()).contains(".atelier/stack.json", "name");
    assertThat(delete("/api/workspaces/" + id, token).statusCode()).isEqualTo(204);
  }

  @Test
  void crossSiteNavigationOnlyShowsTheConfirmationAndAForgedPostIsRefused() throws Exception {
    Path repo = gitRepository("attacker", false);
    TestUser user = newUser("victim");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    String query = "repository=" + URLEncoder.encode("file://" + repo, StandardCharsets.UTF_8);

    // A link on another site: the browser sends the (SameSite=Lax) cookie on a top-level GET.
    HttpResponse<String> page =
        sendRequest(
            java.net.http.HttpRequest.newBuilder(uri("/new?" + query + "&stack=node"))
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Referer", "https://attacker.example/")
                .GET());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body())
        .contains("Create a workspace from", "file://" + repo, "id=\"confirm-create\"")
        .contains("<option value=\"node\" selected>");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // A form on another site posting to /new: no token of this session.
    HttpResponse<String> forged =
        postFormWithCookie("/new", java.util.Map.of("repository", "file://" + repo), cookie);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(json(forged).path("code").asText()).isEqualTo("CSRF_REJECTED");
    HttpResponse<String> wrongToken =
        postFormWithCookie(
            "/new",
            java.util.Map.of("repository", "file://" + repo, "_csrf", "not-the-token"),
            cookie);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(json(get("/api/workspaces", user.token()))).isEmpty();

    // The page's own button creates it.
    HttpResponse<String> confirmed = confirmContextUrl(query + "&stack=node", cookie);
    assertThat(confirmed.statusCode()).isEqualTo(303);
    String id =
        confirmed.headers().firstValue("Location").orElseThrow().substring("/workspaces/".length());
    assertThat(json(get("/api/workspaces/" + id, user.token())).path("stackId").asText())
        .isEqualTo("node");
    assertThat(delete("/api/workspaces/" + id, user.token()).statusCode()).isEqualTo(204);
  }

  @Test
  void confirmationPageEscapesWhatTheLinkSays() {
    TestUser user = newUser("ctx");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    // The scp form of SSH URLs lets markup through the repository check; the page must escape it.
    String hostile = "git@example.com:o/\"><script>alert(1)</script>";
    HttpResponse<String> page =
        getWithCookie(
            "/new?repository="
                + URLEncoder.encode(hostile, StandardCharsets.UTF_8)
                + "&name=my-app",
            cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;");
    assertThat(hiddenField(page.body(), "repository")).isEqualTo(hostile);
    assertThat(hiddenField(page.body(), "name")).isEqualTo("my-app");
    // A name the server would refuse is refused before any page is shown.
    HttpResponse<String> badName =
        getWithCookie("/new?repository=https://example.com/o/r.git&name=%3Cb%3E", cookie);
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(json(badName).path("code").asText()).isEqualTo("INVALID_NAME");
  }

  @Test
  void badContextUrlIsAProblem() {
    TestUser user = newUser("ctx");
    String cookie = login(user.account().username(), "password-of-" + user.account().username());
    HttpResponse<String> response = getWithCookie("/new?repository=not%20a%20url", cookie);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("code").asText()).isEqualTo("INVALID_REPOSITORY");
    assertThat(getWithCookie("/new", cookie).statusCode()).isEqualTo(400);
  }

  private Path gitRepository(String name, boolean withStack) throws Exception {
    Path dir = Files.createDirectories(home.resolve("repos").resolve(name));
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("hello.py"), "print('hello')\n");
      if (withStack) {
        Files.createDirectories(dir.resolve(".atelier"));
        Files.writeString(
            dir.resolve(".atelier/stack.json"),
            "{\"name\": \"Hello\", \"containerEnv\": {\"GREETING\": \"hi\"}}");
      }
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial")
          .setAuthor("Test", "test@example.com")
          .setCommitter("Test", "test@example.com")
          .setSign(false)
          .call();
    }
    return dir;
  }
}
