package dev.atelier.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workspace REST API and lifecycle, through the real local runtime. */
class WorkspaceApiIntegrationTests extends IntegrationTestSupport {

  @Test
  void lifecycleFromCreateToRunningToStoppedAndBackThenDelete() throws Exception {
    String token = newUserToken("life");
    HttpResponse<String> created = post("/api/workspaces", "{\"stack\":\"python\"}", token);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode ws = json(created);
    String id = ws.path("id").asText();
    assertThat(id).matches("[a-z]+-[a-z]+-[a-z0-9]{4}");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/workspaces/" + id);
    assertThat(ws.path("phase").asText()).isEqualTo("PENDING");
    assertThat(ws.path("name").asText()).isEqualTo("python");
    assertThat(ws.path("stackId").asText()).isEqualTo("python");

    awaitPhase(id, token, "RUNNING");
    Path content = home.resolve("workspaces").resolve(id);
    assertThat(content).isDirectory();
    Files.writeString(content.resolve("notes.txt"), "kept across stop/start");
    assertThat(json(get("/api/workspaces", token)).findValuesAsText("id")).containsExactly(id);

    HttpResponse<String> again = post("/api/workspaces/" + id + "/start", null, token);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).path("code").asText()).isEqualTo("WRONG_STATE");
    assertThat(json(again).path("detail").asText()).contains("RUNNING");

    HttpResponse<String> stopping = post("/api/workspaces/" + id + "/stop", null, token);
    assertThat(stopping.statusCode()).isEqualTo(202);
    assertThat(json(stopping).path("phase").asText()).isIn("STOPPING", "STOPPED");
    awaitPhase(id, token, "STOPPED");
    assertThat(post("/api/workspaces/" + id + "/stop", null, token).statusCode()).isEqualTo(409);

    assertThat(post("/api/workspaces/" + id + "/start", null, token).statusCode()).isEqualTo(202);
    awaitPhase(id, token, "RUNNING");
    assertThat(content.resolve("notes.txt")).hasContent("kept across stop/start");

    List<String> phases = new ArrayList<>();
    json(get("/api/workspaces/" + id + "/events", token))
        .forEach(e -> phases.add(e.path("phase").asText()));
    assertThat(phases)
        .startsWith("PENDING")
        .containsSubsequence("PENDING", "RUNNING", "STOPPING", "STOPPED", "PENDING", "RUNNING");

    assertThat(delete("/api/workspaces/" + id, token).statusCode()).isEqualTo(204);
    assertThat(get("/api/workspaces/" + id, token).statusCode()).isEqualTo(404);
    assertThat(content).doesNotExist();
  }

  @Test
  void otherUsersCannotSeeOrTouchAWorkspace() {
    String owner = newUserToken("owner");
    String other = newUserToken("other");
    String id =
        json(post("/api/workspaces", "{\"stack\":\"python\",\"name\":\"private\"}", owner))
            .path("id")
            .asText();
    for (HttpResponse<String> r :
        List.of(
            get("/api/workspaces/" + id, other),
            post("/api/workspaces/" + id + "/stop", null, other),
            post("/api/workspaces/" + id + "/start", null, other),
            get("/api/workspaces/" + id + "/events", other),
            delete("/api/workspaces/" + id, other))) {
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(json(r).path("code").asText()).isEqualTo("WORKSPACE_NOT_FOUND");
    }
    assertThat(json(get("/api/workspaces", other))).isEmpty();
    awaitPhase(id, owner, "RUNNING");
    assertThat(delete("/api/workspaces/" + id, owner).statusCode()).isEqualTo(204);
  }

  @Test
  void unknownStackIsAProblemListingTheKnownOnes() {
    HttpResponse<String> response = post("/api/workspaces", "{\"stack\":\"cobol\"}", ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.path("code").asText()).isEqualTo("UNKNOWN_STACK");
    assertThat(problem.path("type").asText()).isEqualTo("urn:atelier:problem:unknown-stack");
    assertThat(problem.path("detail").asText()).contains("cobol", "python", "java-maven");
    List<String> known = new ArrayList<>();
    problem.path("knownStacks").forEach(n -> known.add(n.asText()));
    assertThat(known).contains("python", "node", "java-maven", "c-cpp");
    assertThat(problem.path("instance").asText()).isEqualTo("/api/workspaces");
  }

  @Test
  void invalidNameAndRepositoryAreProblems() {
    HttpResponse<String> name =
        post("/api/workspaces", "{\"stack\":\"python\",\"name\":\"../../etc\"}", ADMIN_TOKEN);
    assertThat(name.statusCode()).isEqualTo(400);
    assertThat(json(name).path("code").asText()).isEqualTo("INVALID_NAME");
    HttpResponse<String> repo =
        post(
            "/api/workspaces",
            "{\"stack\":\"python\",\"repository\":\"https://user:pw@example.com/o/r.git\"}",
            ADMIN_TOKEN);
    assertThat(repo.statusCode()).isEqualTo(400);
    assertThat(json(repo).path("code").asText()).isEqualTo("INVALID_REPOSITORY");
    assertThat(get("/api/workspaces/no-such-workspace", ADMIN_TOKEN).statusCode()).isEqualTo(404);
    HttpResponse<String> traversal = get("/api/workspaces/..%2Fetc", ADMIN_TOKEN);
    assertThat(traversal.statusCode()).isEqualTo(400);
    assertThat(json(traversal).path("code").asText()).isEqualTo("VALIDATION_FAILED");
    HttpResponse<String> unknown = get("/api/no-such-endpoint", ADMIN_TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void missingRepositoryFailsWithCloneFailedCondition() {
    String token = newUserToken("clone");
    String id =
        json(post(
                "/api/workspaces",
                "{\"stack\":\"python\",\"repository\":\"file://"
                    + home.resolve("no-such-repo.git")
                    + "\"}",
                token))
            .path("id")
            .asText();
    JsonNode failed = awaitPhase(id, token, "FAILED");
    JsonNode condition = failed.path("conditions").get(0);
    assertThat(condition.path("type").asText()).isEqualTo("cloneFailed");
    assertThat(condition.path("message").asText()).startsWith("repository not found");
    assertThat(delete("/api/workspaces/" + id, token).statusCode()).isEqualTo(204);
  }

  @Test
  void stacksAreListed() {
    JsonNode stacks = json(get("/api/stacks", ADMIN_TOKEN));
    assertThat(stacks.findValuesAsText("id")).contains("python", "node", "java-maven", "c-cpp");
    assertThat(json(get("/api/stacks/python", ADMIN_TOKEN)).path("name").asText())
        .isEqualTo("Python");
    HttpResponse<String> missing = get("/api/stacks/cobol", ADMIN_TOKEN);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("code").asText()).isEqualTo("STACK_NOT_FOUND");
  }
}
