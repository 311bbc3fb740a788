package dev.atelier.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecProcess.Signal;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code EXEC}, {@code RESIZE} and {@code SIGNAL} end to end: a real agent on a thread of this JVM
 * runs real processes (pipes and PTYs) on this machine, the server's {@link AgentExecProcess}
 * drives them over the agent's connection.
 */
@Timeout(60)
class AgentExecTests {

  @TempDir Path root;
  private InProcessAgent agent;

  @BeforeEach
  void start() throws IOException {
    agent = new InProcessAgent(root);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private AgentExecProcess exec(ExecRequest request) {
    return AgentExecProcess.start(agent.connection, request, request.env());
  }

  private AgentExecProcess exec(String... command) {
    return exec(ExecRequest.of(command));
  }

  @Test
  void pipesCarryStdoutAndStderrApartWithTheFolderTheEnvironmentAndTheExitCode() throws Exception {
    Files.createDirectories(root.resolve("src"));
    AgentExecProcess process =
        exec(
            new ExecRequest(
                List.of("sh", "-c", "pwd; echo \"$GREETING\"; echo oops >&2; exit 3"),
                Map.of("GREETING", "hello 'quoted' world; $(not run)"),
                "src",
                null));

    assertThat(process.hasPty()).isFalse();
    assertThat(text(process.stdout()))
        .isEqualTo(root.toRealPath().resolve("src") + "\nhello 'quoted' world; $(not run)\n");
    assertThat(text(process.stderr())).isEqualTo("oops\n");
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    assertThatThrownBy(() -> process.resize(80, 24)).isInstanceOf(IllegalStateException.class);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> agent.connection.openChannels() == 0);
  }

  @Test
  void stdinReachesTheProcessAndItsEndClosesIt() throws Exception {
    AgentExecProcess process = exec("cat");
    process.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
    process.stdin().close();
    assertThat(text(process.stdout())).isEqualTo("ping\n");
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aLargeOutputArrivesWholeThroughTheWindow() throws Exception {
    AgentExecProcess process = exec("head", "-c", "5000000", "/dev/zero");
    assertThat(process.stdout().readAllBytes()).hasSize(5_000_000);
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aPtyHasTheRequestedSizeFollowsResizesAndReportsTheExitCode() throws Exception {
    AgentExecProcess shell =
        exec(new ExecRequest(List.of("sh"), Map.of("TERM", "dumb"), null, new PtySize(100, 30)));
    assertThat(shell.hasPty()).isTrue();
    TerminalOutput terminal = new TerminalOutput(shell);

    terminal.type("stty size; tty\n");
    terminal.await("30 100");
    terminal.await("/dev/pts/[0-9]+");

    shell.resize(132, 43);
    terminal.type("stty size\n");
    terminal.await("43 132");

    terminal.type("exit 5\n");
    assertThat(shell.onExit())
        .as("exit of the terminal: %s", terminal)
        .succeedsWithin(Duration.ofSeconds(10))
        .isEqualTo(5);
    assertThat(text(shell.stderr())).isEmpty();
  }

  @Test
  void signalsReachTheProcessGroupAndTheExitCodeSaysWhich() throws Exception {
    AgentExecProcess trapping =
        exec(
            "sh",
            "-c",
            "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done");
    assertThat(firstLine(trapping.stdout())).isEqualTo("ready");
    trapping.signal(Signal.TERM);
    assertThat(trapping.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(text(trapping.stdout())).isEqualTo("got TERM\n");

    for (Signal signal : List.of(Signal.INT, Signal.HUP, Signal.KILL)) {
      AgentExecProcess sleeping = exec("sh", "-c", "echo ready; exec sleep 300");
      assertThat(firstLine(sleeping.stdout())).isEqualTo("ready");
      sleeping.signal(signal);
      assertThat(sleeping.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(128 + signal.number());
    }
  }

  @Test
  void ctrlCInATerminalInterruptsTheForegroundJobOnly() throws Exception {
    AgentExecProcess shell =
        exec(new ExecRequest(List.of("sh"), Map.of(), null, new PtySize(80, 24)));
    TerminalOutput terminal = new TerminalOutput(shell);
    terminal.type("sleep 299\n");
    Awaitility.await() // the job runs (the agent runs in this JVM: its processes are our children)
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ProcessHandle.current()
                    .descendants()
                    .anyMatch(
                        p ->
                            p.info()
                                .arguments()
                                .map(a -> List.of(a).contains("299"))
                                .orElse(false)));
    shell.signal(Signal.INT);
    terminal.type("echo after=$?\n");
    terminal.await("after=130");
    assertThat(shell.isAlive()).isTrue();
    shell.kill();
    assertThat(shell.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(AgentExecProcess.KILLED);
  }

  @Test
  void killEndsTheWholeTreeIncludingADetachedDoubleForkedChild() throws Exception {
    AgentExecProcess process =
        exec(
            "sh",
            "-c",
            "(setsid sleep 303 > /dev/null 2>&1 & echo $! > detached.pid); sleep 304 & echo $!;"
                + " sleep 305");
    long child = Long.parseLong(firstLine(process.stdout()));
    Awaitility.await().until(() -> Files.exists(root.resolve("detached.pid")));
    Awaitility.await().until(() -> !Files.readString(root.resolve("detached.pid")).isBlank());
    long detached = Long.parseLong(Files.readString(root.resolve("detached.pid")).strip());
    ProcessHandle detachedHandle = ProcessHandle.of(detached).orElseThrow();
    ProcessHandle childHandle = ProcessHandle.of(child).orElseThrow();
    assertThat(detachedHandle.parent().map(ProcessHandle::pid)).isNotEqualTo(childHandle.parent());

    process.kill();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !detachedHandle.isAlive() && !childHandle.isAlive());
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(AgentExecProcess.KILLED);
    process.kill(); // idempotent
  }

  @Test
  void whatAFinishedProcessLeftBehindIsKilled() throws Exception {
    AgentExecProcess process =
        exec("sh", "-c", "setsid sleep 306 > /dev/null 2>&1 < /dev/null & echo $!");
    long left = Long.parseLong(firstLine(process.stdout()));
    ProcessHandle handle = ProcessHandle.of(left).orElseThrow();
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isZero();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isAlive());
  }

  @Test
  void anAgentThatDiesTakesItsProcessesAlongAndFailsThemClearly() throws Exception {
    AgentExecProcess process = exec("sh", "-c", "echo $$; sleep 307");
    ProcessHandle handle =
        ProcessHandle.of(Long.parseLong(firstLine(process.stdout()))).orElseThrow();

    agent.kill();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !handle.isAlive());
    assertThatThrownBy(() -> process.onExit().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE);
              assertThat(e.getMessage()).contains("agent stopped");
            });
    assertThatThrownBy(() -> process.stdout().read()).isInstanceOf(IOException.class);
  }

  @Test
  void foldersOutsideTheWorkspaceAndMissingCommandsAreRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("out"), Path.of("/tmp"));
    for (String cwd : List.of("..", "../x", "/tmp", "out", "src/../../x")) {
      assertCode(
          () -> exec(new ExecRequest(List.of("true"), Map.of(), cwd, null)),
          ErrorCode.PATH_OUTSIDE_WORKSPACE);
    }
    assertCode(
        () -> exec(new ExecRequest(List.of("true"), Map.of(), "missing", null)),
        ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> exec("no-such-command-atelier"), ErrorCode.START_FAILED);
    assertCode(() -> exec("./no-such-script"), ErrorCode.START_FAILED);
    assertCode(
        () -> exec(new ExecRequest(List.of("true"), Map.of("A=B", "x"), null, null)), ErrorCode.IO);
    assertCode(() -> exec("echo", "nul\0inside"), ErrorCode.IO);
    assertThat(exec("true").onExit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void anAgentRunsABoundedNumberOfProcessesAtOnce() throws Exception {
    List<AgentExecProcess> running = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        running.add(exec("sleep", "298"));
      }
      assertThatThrownBy(() -> exec("true"))
          .isInstanceOfSatisfying(
              WorkspaceRuntimeException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.START_FAILED);
                assertThat(e.getMessage()).contains("64 processes");
              });
      running.remove(0).kill();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> exec("true").onExit().get(10, TimeUnit.SECONDS) == 0);
    } finally {
      running.forEach(AgentExecProcess::kill);
      Awaitility.await() // killed by the agent, not left behind
          .atMost(Duration.ofSeconds(20))
          .until(() -> ProcessHandle.current().descendants().noneMatch(p -> hasArgument(p, "298")));
    }
  }

  private static boolean hasArgument(ProcessHandle process, String argument) {
    return process.info().arguments().map(a -> List.of(a).contains(argument)).orElse(false);
  }

  private static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  static String text(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  /** Collects a PTY's output in the background. */
  static final class TerminalOutput {
    private final ExecProcess process;
    private final StringBuffer output = new StringBuffer();

    TerminalOutput(ExecProcess process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = process.stdout()) {
                  for (int n; (n = in.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                  }
                } catch (IOException e) {
                  // the terminal closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    @Override
    public String toString() {
      return output.toString().replace("\r", "\\r");
    }

    void type(String text) throws IOException {
      process.stdin().write(text.getBytes(StandardCharsets.UTF_8));
      process.stdin().flush();
    }

    /**
     * Waits for a line of output matching {@code regex}, perhaps after the prompt; not the echo of
     * the input.
     */
    void await(String regex) {
      java.util.regex.Pattern pattern =
          java.util.regex.Pattern.compile("(?m)(?:^|# )" + regex + "\\r?$");
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> pattern.matcher(output).find());
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "no line matching "
                + regex
                + " in: "
                + output.toString().replace("\r", "\\r")
                + " (alive: "
                + process.isAlive()
                + ")",
            e);
      }
    }
  }
}
