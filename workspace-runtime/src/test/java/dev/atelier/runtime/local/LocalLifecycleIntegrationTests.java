package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLifecycleIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;
  private TestRuntimes.Events events;

  @BeforeEach
  void setUp() {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    events = new TestRuntimes.Events(runtime);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void startReportsEveryPhaseAndExecRunsInTheSandbox() throws Exception {
    String id = TestRuntimes.newId();
    StartResult result = runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);

    assertThat(result.stackSource()).isEqualTo("builtin");
    assertThat(events.phases(id))
        .containsExactly(Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING);
    assertThat(runtime.activeWorkspaces()).contains(id);
    TestRuntimes.Result echo = run(runtime, id, "echo hello $STACK_VAR; pwd; id -u; echo $HOME");
    assertThat(echo.code()).isZero();
    assertThat(echo.out()).isEqualTo("hello from-stack\n/workspace\n1000\n/workspace\n");
  }

  @Test
  void execPassesEnvironmentAndWorkingDirectoryAndExitCode() throws Exception {
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.files(id).createDirectories("sub/dir");

    try (ExecProcess process =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("/bin/sh", "-c", "pwd; echo $GREETING >&2; exit 7"),
                java.util.Map.of("GREETING", "hi"),
                "sub/dir",
                null))) {
      assertThat(new String(process.stdout().readAllBytes())).isEqualTo("/workspace/sub/dir\n");
      assertThat(new String(process.stderr().readAllBytes())).isEqualTo("hi\n");
      assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    }
    assertThatThrownBy(() -> runtime.exec(id, new ExecRequest(List.of("true"), null, "../x", null)))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_WORKSPACE));
  }

  @Test
  void stopKillsEveryProcessKeepsContentAndRestartSkipsInitialization() throws Exception {
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.files(id).write("notes.txt", "keep me".getBytes());
    ExecProcess sleeper =
        runtime.exec(id, ExecRequest.of("/bin/sh", "-c", "sleep 1041 & echo $!; sleep 1042"));
    String childPidInside = new String(readLine(sleeper));
    assertThat(childPidInside).matches("\\d+");
    // run by the workspace's agent: found on the host by their arguments
    List<ProcessHandle> tree =
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () ->
                    ProcessHandle.allProcesses()
                        .filter(
                            p ->
                                p.info()
                                    .arguments()
                                    .map(
                                        a ->
                                            List.of(a).contains("1041")
                                                || List.of(a).contains("1042"))
                                    .orElse(false))
                        .toList(),
                t -> sleeps(t) >= 2);
    assertThat(sleeps(tree)).as("sleep processes in the tree").isEqualTo(2);

    runtime.stop(id).get(30, TimeUnit.SECONDS);

    assertThat(sleeper.onExit().get(10, TimeUnit.SECONDS)).isNotZero();
    for (ProcessHandle process : tree) {
      assertThat(process.isAlive()).as("process %s after stop", process.pid()).isFalse();
    }
    assertThat(events.phases(id)).endsWith(Phase.STOPPING, Phase.STOPPED);
    assertThat(runtime.activeWorkspaces()).doesNotContain(id);
    assertThat(Files.readString(root.resolve(id).resolve("notes.txt"))).isEqualTo("keep me");
    assertThatThrownBy(() -> runtime.exec(id, ExecRequest.of("true")))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_RUNNING));

    events.clear();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    assertThat(events.phases(id)).containsExactly(Phase.CREATING, Phase.RUNNING);
    assertThat(run(runtime, id, "cat notes.txt").out()).isEqualTo("keep me");
  }

  @Test
  void deleteStopsAndRemovesEverything() throws Exception {
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.files(id).write("a.txt", new byte[] {1});

    runtime.delete(id).get(30, TimeUnit.SECONDS);

    assertThat(root.resolve(id)).doesNotExist();
    assertThat(root.resolve("." + id + ".meta")).doesNotExist();
    assertThat(runtime.activeWorkspaces()).doesNotContain(id);
    assertThatThrownBy(() -> runtime.files(id).list(""))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void closeStopsEveryWorkspace() throws Exception {
    String a = TestRuntimes.newId();
    String b = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.start(spec(b, stack(), null)).get(30, TimeUnit.SECONDS);
    ExecProcess sleeper = runtime.exec(b, ExecRequest.of("sleep", "1000"));

    runtime.close();

    assertThat(sleeper.onExit().get(10, TimeUnit.SECONDS)).isNotZero();
    assertThat(runtime.activeWorkspaces()).isEmpty();
    assertThat(events.phases(a)).endsWith(Phase.STOPPED);
  }

  private static long sleeps(List<ProcessHandle> tree) {
    return tree.stream().filter(p -> p.info().command().orElse("").endsWith("sleep")).count();
  }

  private static byte[] readLine(ExecProcess process) throws Exception {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    int c;
    while ((c = process.stdout().read()) >= 0 && c != '\n') {
      line.write(c);
    }
    return line.toByteArray();
  }
}
