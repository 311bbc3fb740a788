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
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier.runtime.local.sandbox}: required, auto and off, with bubblewrap missing or
 * present.
 */
class LocalSandboxModeIntegrationTests {

  private static final String MISSING_BWRAP = "/nonexistent/bin/bwrap";

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void requiredWithoutBubblewrapRefusesToStart() throws Exception {
    runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.REQUIRED)
                .withBubblewrap(MISSING_BWRAP));
    TestRuntimes.Events events = new TestRuntimes.Events(runtime);
    String id = TestRuntimes.newId();

    assertThat(runtime.sandboxed()).isFalse();
    assertThatThrownBy(() -> runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SANDBOX_UNAVAILABLE);
              assertThat(e.getMessage()).contains(MISSING_BWRAP, "install", "bubblewrap");
            });
    assertThat(events.phases(id)).containsExactly(Phase.FAILED);
    assertThat(events.last(id).conditions().get(0).type()).isEqualTo("sandboxUnavailable");
    assertThat(runtime.activeWorkspaces()).isEmpty();
  }

  @Test
  void autoWithoutBubblewrapRunsUnsandboxedInTheWorkspaceFolder() throws Exception {
    runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.AUTO)
                .withBubblewrap(MISSING_BWRAP));
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);

    assertThat(runtime.sandboxed()).isFalse();
    TestRuntimes.Result result = run(runtime, id, "pwd; echo $HOME; echo $STACK_VAR");
    assertThat(result.out())
        .isEqualTo(root.resolve(id).toRealPath() + "\n" + root.resolve(id) + "\nfrom-stack\n");
  }

  @Test
  void offStopKillsTheProcessTreeWithoutSandboxOrCgroups() throws Exception {
    runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.OFF)
                .withCgroupRoot(root.resolve("none")));
    assertThat(runtime.limitMechanism()).isIn("prlimit", "none");
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    ExecProcess process =
        runtime.exec(id, ExecRequest.of("/bin/sh", "-c", "sleep 1047 & sleep 1047 & wait"));
    // run by the workspace's agent, on the host here: found by their arguments
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
                                    .map(a -> List.of(a).contains("1047"))
                                    .orElse(false))
                        .toList(),
                t -> t.size() >= 2);
    assertThat(tree).hasSize(2);

    runtime.stop(id).get(30, TimeUnit.SECONDS);

    for (ProcessHandle sleeper : tree) {
      assertThat(sleeper.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }
    assertThat(process.isAlive()).isFalse();
  }
}
