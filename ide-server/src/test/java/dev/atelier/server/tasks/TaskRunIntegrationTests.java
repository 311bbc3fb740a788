package dev.atelier.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import dev.atelier.server.problems.WorkspaceProblems;
import dev.atelier.server.testsupport.IntegrationTestSupport;
import dev.atelier.server.testsupport.RecordingWebSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The python stack's {@code run} task ({@code python3 main.py}) in the real sandbox: live output,
 * exit code and duration, stop, replay, and a traceback turned into a problem. The tests share one
 * workspace and rewrite {@code main.py}, so they must not run concurrently (they do not).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRunIntegrationTests extends IntegrationTestSupport {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Autowired WorkspaceRuntime runtime;
  @Autowired WorkspaceProblems problems;

  private TestUser owner;
  private String workspace;

  @BeforeAll
  void startWorkspace() {
    owner = newUser("tasks");
    workspace =
        json(post("/api/workspaces", "{\"stack\":\"python\"}", owner.token())).path("id").asText();
    awaitPhase(workspace, owner.token(), "RUNNING");
  }

  @AfterAll
  void deleteWorkspace() {
    delete("/api/workspaces/" + workspace, owner.token());
  }

  private void write(String path, String content) {
    runtime.files(workspace).write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private RecordingWebSocket subscribe(String token) throws Exception {
    return RecordingWebSocket.connect(
        http, URI.create("ws://localhost:" + port + "/tasks/" + workspace), token);
  }

  private String run(String task) {
    HttpResponse<String> started =
        post("/api/workspaces/" + workspace + "/tasks/" + task + "/runs", null, owner.token());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    return json(started).path("runId").asText();
  }

  private static List<JsonNode> frames(RecordingWebSocket socket, String runId) {
    return socket.texts().stream()
        .map(TaskRunIntegrationTests::parse)
        .filter(f -> f.path("runId").asText().equals(runId))
        .toList();
  }

  private static String output(RecordingWebSocket socket, String runId) {
    StringBuilder out = new StringBuilder();
    frames(socket, runId).stream()
        .filter(f -> f.path("type").asText().equals("output"))
        .forEach(f -> out.append(f.path("data").asText()));
    return out.toString();
  }

  private static JsonNode exited(RecordingWebSocket socket, String runId) {
    return frames(socket, runId).stream()
        .filter(f -> f.path("type").asText().equals("exited"))
        .findFirst()
        .orElse(null);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  @Test
  void tasksOfTheStackAreListed() {
    JsonNode tasks = json(get("/api/workspaces/" + workspace + "/tasks", owner.token()));
    assertThat(tasks.findValuesAsText("name")).containsExactly("run", "test");
    assertThat(tasks.get(0).path("group").asText()).isEqualTo("run");
    assertThat(tasks.get(0).path("command").asText()).isEqualTo("python3 main.py");
  }

  @Test
  void runStreamsOutputWithExitCodeAndReplaysToALateSubscriber() throws Exception {
    write(
        "main.py",
        "import sys, time\n"
            + "print('hello from the build log')\n"
            + "time.sleep(0.3)\n"
            + "print('\\x1b[32mgreen\\x1b[0m', 6 * 7)\n"
            + "sys.exit(3)\n");
    try (RecordingWebSocket live = subscribe(owner.token())) {
      String runId = run("run");
      live.await(() -> exited(live, runId) != null, TIMEOUT, "the exited frame");
      List<JsonNode> frames = frames(live, runId);
      assertThat(frames.get(0).path("type").asText()).isEqualTo("started");
      assertThat(frames.get(0).path("task").asText()).isEqualTo("run");
      assertThat(frames.get(0).path("at").asText()).isNotEmpty();
      assertThat(output(live, runId))
          .contains("hello from the build log")
          .contains("\u001B[32mgreen\u001B[0m 42");
      JsonNode exited = exited(live, runId);
      assertThat(exited.path("exitCode").asInt()).isEqualTo(3);
      assertThat(exited.path("durationMs").asLong()).isGreaterThanOrEqualTo(300);

      TestUser stranger = newUser("late");
      try (RecordingWebSocket refused = subscribe(stranger.token())) {
        assertThat(refused.awaitClose(TIMEOUT)).isEqualTo(4404);
      }
      try (RecordingWebSocket late = subscribe(owner.token())) {
        late.await(() -> exited(late, runId) != null, TIMEOUT, "the replayed run");
        assertThat(output(late, runId)).contains("hello from the build log", "green");
        assertThat(exited(late, runId).path("exitCode").asInt()).isEqualTo(3);
      }
    }
    JsonNode runs = json(get("/api/workspaces/" + workspace + "/runs", owner.token()));
    assertThat(runs).anySatisfy(r -> assertThat(r.path("exitCode").asInt()).isEqualTo(3));
  }

  @Test
  void stopKillsARunningTask() throws Exception {
    write("main.py", "import time\nprint('ticking', flush=True)\nwhile True:\n    time.sleep(1)\n");
    try (RecordingWebSocket live = subscribe(owner.token())) {
      String runId = run("run");
      live.await(() -> output(live, runId).contains("ticking"), TIMEOUT, "the first tick");
      HttpResponse<String> again =
          post("/api/workspaces/" + workspace + "/tasks/run/runs", null, owner.token());
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(json(again).path("detail").asText()).contains("already running");

      HttpResponse<String> stopped =
          post("/api/workspaces/" + workspace + "/runs/" + runId + "/stop", null, owner.token());
      assertThat(stopped.statusCode()).isEqualTo(202);
      live.await(() -> exited(live, runId) != null, TIMEOUT, "the stopped run's exit");
      JsonNode exited = exited(live, runId);
      assertThat(exited.path("stopped").asBoolean()).isTrue();
      assertThat(exited.path("exitCode").asInt()).isNotZero();
    }
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> assertThat(pythonMains()).as("python3 main.py processes left").isEmpty());
  }

  private static List<String> pythonMains() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.endsWith("python3 main.py")).orElse(false))
        .map(
            p ->
                p.pid()
                    + " "
                    + p.info().commandLine().orElse("")
                    + " parent "
                    + p.parent().map(ProcessHandle::pid).orElse(-1L))
        .toList();
  }

  @Test
  void pythonTracebackBecomesAProblemAndAFixClearsIt() throws Exception {
    write("lib/helpers.py", "def greet():\n    return undefined_name\n");
    write("main.py", "import sys\nsys.path.insert(0, 'lib')\nimport helpers\nhelpers.greet()\n");
    try (RecordingWebSocket live = subscribe(owner.token())) {
      String runId = run("run");
      live.await(() -> exited(live, runId) != null, TIMEOUT, "the failing run");
      assertThat(exited(live, runId).path("exitCode").asInt()).isEqualTo(1);
    }
    assertThat(problems.list(workspace))
        .containsExactly(
            new Problem(
                "lib/helpers.py",
                2,
                0,
                Severity.ERROR,
                "NameError: name 'undefined_name' is not defined",
                "python"));

    write("lib/helpers.py", "def greet():\n    return 'fixed'\n");
    try (RecordingWebSocket live = subscribe(owner.token())) {
      String runId = run("run");
      live.await(() -> exited(live, runId) != null, TIMEOUT, "the fixed run");
      assertThat(exited(live, runId).path("exitCode").asInt()).isZero();
    }
    assertThat(problems.list(workspace)).isEmpty();
  }

  @Test
  void unknownTaskAndRunGetClearErrors() {
    HttpResponse<String> unknown =
        post("/api/workspaces/" + workspace + "/tasks/deploy/runs", null, owner.token());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("detail").asText()).contains("deploy", "run, test");
    assertThat(
            post("/api/workspaces/" + workspace + "/runs/nope/stop", null, owner.token())
                .statusCode())
        .isEqualTo(404);
  }
}
