package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLifecycleCommandIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;
  private TestRuntimes.Events events;

  @BeforeEach
  void setUp() {
    TestRuntimes.assumeBubblewrap();
    runtime =
        new LocalWorkspaceRuntime(
            TestRuntimes.sandboxed(root).withStartTimeout(Duration.ofSeconds(20)));
    events = new TestRuntimes.Events(runtime);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void postCreateRunsOnceAndPostStartOnEveryStart() throws Exception {
    String id = TestRuntimes.newId();
    Stack stack =
        TestRuntimes.stack(
            Resources.UNLIMITED,
            Command.shell("echo created >> lifecycle.log"),
            Command.argv(java.util.List.of("/bin/sh", "-c", "echo started >> lifecycle.log")));

    runtime.start(spec(id, stack, null)).get(30, TimeUnit.SECONDS);
    runtime.stop(id).get(30, TimeUnit.SECONDS);
    runtime.start(spec(id, stack, null)).get(30, TimeUnit.SECONDS);

    assertThat(run(runtime, id, "cat lifecycle.log").out())
        .isEqualTo("created\nstarted\nstarted\n");
  }

  @Test
  void aFailingPostCreateCommandFailsTheStartWithItsOutputAndRunsAgainNextTime() throws Exception {
    String id = TestRuntimes.newId();
    Stack failing =
        TestRuntimes.stack(
            Resources.UNLIMITED,
            Command.shell("for i in $(seq 1 40); do echo line $i; done; echo oops >&2; exit 3"),
            null);

    assertThatThrownBy(() -> runtime.start(spec(id, failing, null)).get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
              assertThat(e.getMessage())
                  .startsWith("postCreateCommand (for i in")
                  .contains("exited with code 3", "line 40\noops")
                  .doesNotContain("line 20\n");
            });
    assertThat(events.last(id).conditions().get(0).type()).isEqualTo("commandFailed");
    assertThat(runtime.activeWorkspaces()).doesNotContain(id);

    events.clear();
    Stack fixed =
        TestRuntimes.stack(Resources.UNLIMITED, Command.shell("echo fixed > fixed.txt"), null);
    runtime.start(spec(id, fixed, null)).get(30, TimeUnit.SECONDS);
    assertThat(events.phases(id))
        .containsExactly(Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING);
    assertThat(run(runtime, id, "cat fixed.txt").out()).isEqualTo("fixed\n");
  }

  @Test
  void stopInterruptsALongPostCreateCommand() throws Exception {
    String id = TestRuntimes.newId();
    Stack slow =
        TestRuntimes.stack(
            Resources.UNLIMITED, Command.shell("echo > post-create-running; sleep 1000"), null);
    CompletableFuture<StartResult> start = runtime.start(spec(id, slow, null));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                events.phases(id).contains(Phase.INITIALIZING)
                    && Files.exists(root.resolve(id).resolve("post-create-running")));
    long before = System.nanoTime();

    runtime.stop(id).get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> start.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(events.phases(id))
        .doesNotContain(Phase.FAILED)
        .endsWith(Phase.STOPPING, Phase.STOPPED);
    assertThat(runtime.activeWorkspaces()).doesNotContain(id);
  }

  @Test
  void aStartThatOutlivesTheTimeoutFailsWithTimeout() throws Exception {
    runtime.close();
    runtime =
        new LocalWorkspaceRuntime(
            TestRuntimes.sandboxed(root).withStartTimeout(Duration.ofSeconds(1)));
    events = new TestRuntimes.Events(runtime);
    String id = TestRuntimes.newId();
    Stack slow = TestRuntimes.stack(Resources.UNLIMITED, null, Command.shell("sleep 30"));

    assertThatThrownBy(() -> runtime.start(spec(id, slow, null)).get(20, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
              assertThat(e.getMessage()).contains("did not start within 1 s");
            });
    assertThat(events.last(id).conditions().get(0).type()).isEqualTo("timeout");
  }
}
