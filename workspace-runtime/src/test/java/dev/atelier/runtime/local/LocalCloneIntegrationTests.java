package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.agent.FileTrees;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCloneIntegrationTests {

  @TempDir Path temp;
  private LocalWorkspaceRuntime runtime;
  private TestRuntimes.Events events;
  private Path root;

  @BeforeEach
  void setUp() {
    TestRuntimes.assumeBubblewrap();
    root = temp.resolve("workspaces");
    runtime =
        new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root).withAllowLocalRepositories(true));
    events = new TestRuntimes.Events(runtime);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void clonesALocalBareRepositoryOnceAndKeepsItAcrossRestarts() throws Exception {
    Path bare = bareRepository(Map.of("README.md", "# demo\n", "src/main.py", "print('hi')\n"));
    String id = TestRuntimes.newId();

    StartResult result =
        runtime.start(spec(id, stack(), bare.toUri().toString())).get(60, TimeUnit.SECONDS);

    assertThat(result.stackSource()).isEqualTo("builtin");
    assertThat(result.stack().id()).isEqualTo("test");
    assertThat(events.phases(id))
        .containsExactly(Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING);
    assertThat(
            run(runtime, id, "cat src/main.py; git log --format=%s 2>/dev/null || ls -d .git")
                .out())
        .startsWith("print('hi')\n");
    assertThat(root.resolve(id).resolve(".git")).isDirectory();
    assertThat(root.resolve("." + id + ".clone")).doesNotExist();

    runtime.files(id).write("src/main.py", "print('changed')\n".getBytes());
    runtime.stop(id).get(30, TimeUnit.SECONDS);
    FileTrees.deleteTree(bare); // a second clone would now fail
    events.clear();
    runtime.start(spec(id, stack(), bare.toUri().toString())).get(60, TimeUnit.SECONDS);

    assertThat(events.phases(id)).containsExactly(Phase.CREATING, Phase.RUNNING);
    assertThat(run(runtime, id, "cat src/main.py").out()).isEqualTo("print('changed')\n");
  }

  @Test
  void aRepositoryStackFileReplacesTheChosenStack() throws Exception {
    Path bare =
        bareRepository(
            Map.of(
                ".atelier/stack.json",
                "{ \"name\": \"Repo stack\", \"containerEnv\": {\"FROM_REPO\": \"yes\"},\n"
                    + "  \"postCreateCommand\": \"echo created > created.txt\" }\n"));
    String id = TestRuntimes.newId();

    StartResult result =
        runtime.start(spec(id, stack(), bare.toUri().toString())).get(60, TimeUnit.SECONDS);

    assertThat(result.stackSource()).isEqualTo(".atelier/stack.json");
    assertThat(result.stack().name()).isEqualTo("Repo stack");
    assertThat(run(runtime, id, "cat created.txt; echo $FROM_REPO ${STACK_VAR:-unset}").out())
        .isEqualTo("created\nyes unset\n");
  }

  @Test
  void aMalformedRepositoryStackFailsTheWorkspaceNamingFileAndField() throws Exception {
    Path bare =
        bareRepository(
            Map.of(
                ".devcontainer/devcontainer.json",
                "{ \"customizations\": { \"atelier\": { \"tasks\": [ { \"name\": \"build\", \"group\": \"build\" } ] } } }"));
    String id = TestRuntimes.newId();

    assertThatThrownBy(
            () ->
                runtime.start(spec(id, stack(), bare.toUri().toString())).get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.STACK_INVALID);
              assertThat(e.getMessage())
                  .contains(
                      ".devcontainer/devcontainer.json", "customizations.atelier.tasks[0].command");
            });
    RuntimeEvent failed = events.last(id);
    assertThat(failed.phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("stackInvalid");
              assertThat(c.message())
                  .contains(".devcontainer/devcontainer.json", "tasks[0].command");
            });
    assertThat(runtime.activeWorkspaces()).doesNotContain(id);
  }

  @Test
  void aMissingRepositoryFailsWithRepositoryNotFound() throws Exception {
    String id = TestRuntimes.newId();
    String url = temp.resolve("no-such-repo.git").toUri().toString();

    WorkspaceRuntimeException error = startFailure(id, url);

    assertThat(error.code()).isEqualTo(ErrorCode.CLONE_FAILED);
    assertThat(error.getMessage()).startsWith("repository not found");
    assertThat(events.last(id).conditions().get(0).toString())
        .startsWith("cloneFailed: repository not found");
    assertThat(root.resolve("." + id + ".clone")).doesNotExist();
  }

  @Test
  void aPrivateRepositoryFailsWithAuthenticationRequired() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/owner/private.git";
      WorkspaceRuntimeException error = startFailure(TestRuntimes.newId(), url);

      assertThat(error.code()).isEqualTo(ErrorCode.CLONE_FAILED);
      assertThat(error.getMessage()).startsWith("authentication required");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anUnknownHostFailsWithHostUnreachable() throws Exception {
    WorkspaceRuntimeException error =
        startFailure(TestRuntimes.newId(), "https://atelier-test.invalid/owner/repo.git");

    assertThat(error.code()).isEqualTo(ErrorCode.CLONE_FAILED);
    assertThat(error.getMessage()).startsWith("host unreachable");
  }

  @Test
  void localRepositoriesAreRefusedUnlessAllowed() throws Exception {
    runtime.close();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    events = new TestRuntimes.Events(runtime);
    Path bare = bareRepository(Map.of("a.txt", "a"));

    WorkspaceRuntimeException error = startFailure(TestRuntimes.newId(), bare.toUri().toString());

    assertThat(error.code()).isEqualTo(ErrorCode.CLONE_FAILED);
    assertThat(error.getMessage()).contains("local repositories", "not allowed");
  }

  private WorkspaceRuntimeException startFailure(String id, String url) throws Exception {
    try {
      runtime.start(spec(id, stack(), url)).get(90, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(events.last(id).phase()).isEqualTo(Phase.FAILED);
      return (WorkspaceRuntimeException) e.getCause();
    }
    throw new AssertionError("start of " + url + " succeeded");
  }

  private Path bareRepository(Map<String, String> files) throws Exception {
    return TestRuntimes.bareRepository(temp, files);
  }
}
