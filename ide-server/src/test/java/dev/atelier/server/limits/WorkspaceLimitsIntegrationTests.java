package dev.atelier.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The workspace limits through the running server: an administrator's change applies to the next
 * start, a repository stack asking for the machine gets the ceilings (in the real cgroups where
 * they are writable) and the workspace's resources say what was clamped; bad input is refused.
 */
class WorkspaceLimitsIntegrationTests extends IntegrationTestSupport {

  private static final String SMALL =
      """
      {"defaultCpu": "0.5", "maxCpu": "1", "defaultMemory": "256Mi", "maxMemory": "512Mi",
       "defaultPids": 64, "maxPids": 200, "maxTerminals": 2}""";

  @Autowired private WorkspaceRuntime runtime;
  private String original;

  @BeforeEach
  void remember() {
    original = get("/api/workspace-limits", ADMIN_TOKEN).body();
  }

  @AfterEach
  void restore() {
    // The application context (and its database) is shared with other test classes.
    assertThat(put("/api/workspace-limits", original, ADMIN_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void aRepositoryStackAskingForTheMachineGetsTheCeilingsAndAChangeAppliesAtTheNextStart()
      throws Exception {
    HttpResponse<String> changed = put("/api/workspace-limits", SMALL, ADMIN_TOKEN);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(json(changed).path("maxMemory").asText()).isEqualTo("512Mi");
    assertThat(json(changed).path("defaultCpu").asText()).isEqualTo("0.5");

    TestUser user = newUser("limits");
    Path repo =
        gitRepository(
            "hungry",
            "{\"customizations\": {\"atelier\": {\"resources\":"
                + " {\"cpu\": 64, \"memory\": \"100Ti\", \"pids\": 4194304}}}}");
    String id =
        json(post(
                "/api/workspaces",
                "{\"stack\":\"python\",\"repository\":\"file://" + repo + "\"}",
                user.token()))
            .path("id")
            .asText();
    awaitPhase(id, user.token(), "RUNNING");

    JsonNode resources = json(get("/api/workspaces/" + id + "/resources", user.token()));
    assertThat(resources.path("cpu").asText()).isEqualTo("1");
    assertThat(resources.path("memory").asText()).isEqualTo("512Mi");
    assertThat(resources.path("pids").asLong()).isEqualTo(200);
    assertThat(resources.path("clamped").asBoolean()).isTrue();
    assertThat(resources.path("adjustments").findValuesAsText("message"))
        .containsExactly(
            "CPU limited to 1 CPU by this server (the stack asked for 64 CPUs)",
            "Memory limited to 512 MiB by this server (the stack asked for 100 TiB)",
            "Processes limited to 200 by this server (the stack asked for 4194304)");
    assertThat(resources.path("adjustments").get(1).path("requested").asText()).isEqualTo("100Ti");
    assertCgroup(id, "memory", "memory.limit_in_bytes", 512L << 20);
    assertCgroup(id, "pids", "pids.max", 200);

    // The terminal limit is one of them.
    for (int i = 0; i < 2; i++) {
      assertThat(post("/api/workspaces/" + id + "/terminals", null, user.token()).statusCode())
          .isEqualTo(201);
    }
    HttpResponse<String> third = post("/api/workspaces/" + id + "/terminals", null, user.token());
    assertThat(third.statusCode()).isEqualTo(409);
    assertThat(json(third).path("code").asText()).isEqualTo("QUOTA_EXCEEDED");

    // Lowered while it runs: the running workspace keeps its limits until it starts again.
    String lower =
        SMALL.replace("\"512Mi\"", "\"384Mi\"").replace("\"maxPids\": 200", "\"maxPids\": 100");
    assertThat(put("/api/workspace-limits", lower, ADMIN_TOKEN).statusCode()).isEqualTo(200);
    assertCgroup(id, "memory", "memory.limit_in_bytes", 512L << 20);
    assertThat(post("/api/workspaces/" + id + "/stop", null, user.token()).statusCode())
        .isEqualTo(202);
    awaitPhase(id, user.token(), "STOPPED");
    assertThat(post("/api/workspaces/" + id + "/start", null, user.token()).statusCode())
        .isEqualTo(202);
    awaitPhase(id, user.token(), "RUNNING");

    JsonNode after = json(get("/api/workspaces/" + id + "/resources", user.token()));
    assertThat(after.path("memory").asText()).isEqualTo("384Mi");
    assertThat(after.path("pids").asLong()).isEqualTo(100);
    assertCgroup(id, "memory", "memory.limit_in_bytes", 384L << 20);
    assertCgroup(id, "pids", "pids.max", 100);

    // Someone without a role in the workspace learns nothing about it.
    HttpResponse<String> stranger =
        get("/api/workspaces/" + id + "/resources", newUser("stranger").token());
    assertThat(stranger.statusCode()).isEqualTo(404);
    delete("/api/workspaces/" + id, user.token());
  }

  @Test
  void aStackWithoutResourcesGetsTheDefaults() throws Exception {
    assertThat(put("/api/workspace-limits", SMALL, ADMIN_TOKEN).statusCode()).isEqualTo(200);
    TestUser user = newUser("defaults");
    Path repo = gitRepository("plain", "{\"name\": \"Plain\"}");
    String id =
        json(post(
                "/api/workspaces",
                "{\"stack\":\"python\",\"repository\":\"file://" + repo + "\"}",
                user.token()))
            .path("id")
            .asText();
    awaitPhase(id, user.token(), "RUNNING");

    JsonNode resources = json(get("/api/workspaces/" + id + "/resources", user.token()));
    assertThat(resources.path("memory").asText()).isEqualTo("256Mi");
    assertThat(resources.path("pids").asLong()).isEqualTo(64);
    assertThat(resources.path("clamped").asBoolean()).isFalse();
    assertThat(resources.path("adjustments").get(1).path("message").asText())
        .isEqualTo("Memory set to 256 MiB, this server's default (the stack sets no limit)");
    assertThat(resources.path("adjustments").get(1).path("requested").isNull()).isTrue();
    assertCgroup(id, "memory", "memory.limit_in_bytes", 256L << 20);
    assertCgroup(id, "pids", "pids.max", 64);
    delete("/api/workspaces/" + id, user.token());
  }

  @Test
  void everyoneReadsTheLimitsOnlyAdministratorsChangeThemAndBadValuesAreRefused() {
    TestUser user = newUser("reader");
    HttpResponse<String> read = get("/api/workspace-limits", user.token());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).has("maxMemory")).isTrue();
    assertThat(get("/api/workspace-limits", null).statusCode()).isEqualTo(401);

    HttpResponse<String> notAdmin = put("/api/workspace-limits", SMALL, user.token());
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(json(notAdmin).path("code").asText()).isEqualTo("FORBIDDEN");

    assertRefused(
        SMALL.replace("\"maxCpu\": \"1\"", "\"maxCpu\": \"lots\""),
        "workspace limits: maxCpu: found the string \"lots\"");
    assertRefused(
        SMALL.replace("\"maxMemory\": \"512Mi\"", "\"maxMemory\": \"8Gb\""),
        "maxMemory: unknown memory unit \"Gb\"");
    assertRefused(
        SMALL.replace("\"defaultMemory\": \"256Mi\"", "\"defaultMemory\": \"1Gi\""),
        "Memory: the default (1 GiB) is above the maximum (512 MiB); lower the default or raise"
            + " the maximum");
    assertRefused(
        SMALL.replace("\"maxPids\": 200", "\"maxPids\": -5"),
        "maxPids: found -5, give a whole number from 1");
    assertRefused(
        SMALL.replace("\"maxTerminals\": 2", "\"maxTerminals\": 0"),
        "maxTerminals: found 0, give a whole number from 1 to 1000");
    assertRefused(
        SMALL.replace("\"maxCpu\": \"1\",", ""), "maxCpu: required, give an amount such as");
    assertRefused(SMALL.replace("\"maxCpu\": \"1\"", "\"maxCpu\": \"0\""), "must be positive");
    assertThat(put("/api/workspace-limits", "{not json", ADMIN_TOKEN).statusCode()).isEqualTo(400);
    assertThat(put("/api/workspace-limits", "", ADMIN_TOKEN).statusCode()).isEqualTo(400);
    // Nothing of the refused changes stuck.
    assertThat(get("/api/workspace-limits", ADMIN_TOKEN).body()).isEqualTo(original);
  }

  private void assertRefused(String body, String message) {
    HttpResponse<String> response = put("/api/workspace-limits", body, ADMIN_TOKEN);
    assertThat(response.statusCode()).as(body).isEqualTo(400);
    assertThat(json(response).path("code").asText()).isEqualTo("VALIDATION_FAILED");
    assertThat(json(response).path("detail").asText()).contains(message);
  }

  /** Checks the workspace's cgroup where the local runtime enforces limits with cgroup v1. */
  private void assertCgroup(String id, String controller, String file, long expected)
      throws Exception {
    if (!(runtime instanceof LocalWorkspaceRuntime local)
        || !local.limitMechanism().equals("cgroup-v1")) {
      System.out.println("SKIPPED cgroup check: limits are not enforced with cgroup v1 here");
      return;
    }
    Path path = Path.of("/sys/fs/cgroup", controller, "atelier", id, file);
    assertThat(Long.parseLong(Files.readString(path).trim()))
        .as(path.toString())
        .isEqualTo(expected);
  }

  private HttpResponse<String> put(String path, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("PUT " + path + " failed", e);
    }
  }

  private Path gitRepository(String name, String stackFile) throws Exception {
    Path dir =
        Files.createDirectories(home.resolve("repos").resolve(name + "-" + System.nanoTime()));
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("main.py"), "print('hello')\n");
      Files.createDirectories(dir.resolve(".atelier"));
      Files.writeString(dir.resolve(".atelier/stack.json"), stackFile);
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
