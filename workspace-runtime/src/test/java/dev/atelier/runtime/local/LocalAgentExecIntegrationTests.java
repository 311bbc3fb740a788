package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecProcess.Signal;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes through the workspace agent in a real bubblewrap sandbox: they run as the workspace
 * user inside it, with a terminal of the sandbox's own {@code /dev/pts}, signals and exit codes; a
 * folder outside the workspace is refused; a detached child dies with its exec; an agent killed
 * from inside the workspace fails its processes clearly and the next exec starts a new one.
 */
@Timeout(120)
class LocalAgentExecIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;
  private String id;

  @BeforeEach
  void setUp() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private String run(String script) throws Exception {
    ExecProcess process = runtime.exec(id, ExecRequest.of("/bin/sh", "-c", script));
    String out = text(process.stdout());
    assertThat(process.onExit().get(20, TimeUnit.SECONDS)).as(out).isZero();
    return out;
  }

  @Test
  void processesRunInsideAsTheWorkspaceUserWithATerminalOfTheSandbox() throws Exception {
    assertThat(run("id -u; pwd; echo $HOME")).isEqualTo("1000\n/workspace\n/workspace\n");
    ExecProcess terminal =
        runtime.exec(
            id,
            new ExecRequest(
                List.of("/bin/sh", "-c", "tty; stty size"),
                Map.of(),
                null,
                new ExecRequest.PtySize(90, 20)));
    assertThat(text(terminal.stdout())).matches("(?s)/dev/pts/[0-9]+\r\n20 90\r\n");
    assertThat(terminal.onExit().get(20, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void signalsExitCodesAndFoldersOutsideTheWorkspace() throws Exception {
    ExecProcess sleeper =
        runtime.exec(id, ExecRequest.of("/bin/sh", "-c", "echo up; exec sleep 300"));
    assertThat(firstLine(sleeper.stdout())).isEqualTo("up");
    sleeper.signal(Signal.TERM);
    assertThat(sleeper.onExit().get(20, TimeUnit.SECONDS)).isEqualTo(143);

    run("mkdir -p src && ln -s /etc linked");
    for (String cwd : List.of("..", "/etc", "linked")) {
      assertThatThrownBy(
              () -> runtime.exec(id, new ExecRequest(List.of("true"), Map.of(), cwd, null)))
          .isInstanceOfSatisfying(
              WorkspaceRuntimeException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_WORKSPACE));
    }
    ExecProcess inSrc = runtime.exec(id, new ExecRequest(List.of("pwd"), Map.of(), "src", null));
    assertThat(text(inSrc.stdout())).isEqualTo("/workspace/src\n");
  }

  @Test
  void killTakesADetachedChildAlong() throws Exception {
    ExecProcess process =
        runtime.exec(
            id,
            ExecRequest.of(
                "/bin/sh",
                "-c",
                "(setsid sleep 1043 >/dev/null 2>&1 &); echo started; sleep 1044"));
    assertThat(firstLine(process.stdout())).isEqualTo("started");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("1043") == 1);

    process.kill();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("1043") == 0 && count("1044") == 0);
  }

  @Test
  void anAgentKilledInsideTheWorkspaceFailsItsProcessesAndIsStartedAgain() throws Exception {
    ExecProcess sleeper = runtime.exec(id, ExecRequest.of("sleep", "1045"));
    // the workspace user kills every java process they can see: the agent
    ExecProcess killer =
        runtime.exec(
            id,
            ExecRequest.of(
                "/bin/sh",
                "-c",
                "for p in /proc/[0-9]*; do [ \"$(cat $p/comm)\" = java ] && kill -9 ${p#/proc/};"
                    + " done; true"));
    killer.onExit().handle((code, error) -> null).get(20, TimeUnit.SECONDS);

    assertThatThrownBy(() -> sleeper.onExit().get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("the workspace agent stopped");
    assertThat(run("echo again")).isEqualTo("again\n");
    // the new agent kills what the dead one's processes left running
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("1045") == 0);
  }

  private static long count(String argument) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(argument)).orElse(false))
        .count();
  }

  private static String text(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString().strip();
  }
}
