package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ExecRequest.PtySize;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.StartResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exec with and without a PTY, killing, and port discovery through the real fabric8 exec path: the
 * {@link FakeKubelet} behind the mock API server runs each exec on this machine over the {@code
 * v4.channel.k8s.io} protocol, so the wrapper scripts, stream channels, resize messages and exit
 * statuses are the ones a cluster would see.
 */
class KubernetesExecIntegrationTests {

  private static final String NS = "atelier-exec";

  private MockCluster cluster;
  private KubernetesWorkspaceRuntime runtime;
  private Kubelet kubelet;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new MockCluster();
    runtime = new KubernetesWorkspaceRuntime(cluster.runtimeClient, TestStacks.properties(NS));
    kubelet = new Kubelet(cluster.testClient, NS);
    var started = runtime.start(TestStacks.spec("e1"));
    kubelet.report("ws-e1", Kubelet.running());
    started.get(15, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    cluster.close();
  }

  @Test
  void execWithoutPtyRunsInTheFolderWithItsEnvironmentAndSeparateStreams() throws Exception {
    Files.createDirectories(cluster.workspace("ws-e1").resolve("src"));
    ExecProcess process =
        runtime.exec(
            "e1",
            new ExecRequest(
                List.of("sh", "-c", "pwd; echo \"$GREETING\"; echo oops >&2; exit 3"),
                Map.of("GREETING", "hello 'quoted' world; $(not run)"),
                "src",
                null));

    assertThat(process.hasPty()).isFalse();
    String out = text(process.stdout());
    String err = text(process.stderr());
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(out.lines().toList()).hasSize(2);
    assertThat(out.lines().toList().get(0)).endsWith("/ws-e1/src");
    assertThat(out.lines().toList().get(1)).isEqualTo("hello 'quoted' world; $(not run)");
    assertThat(err.strip()).isEqualTo("oops");
    assertThat(process.isAlive()).isFalse();
    assertThatThrownBy(() -> process.resize(80, 24)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stdinReachesTheProcess() throws Exception {
    ExecProcess process = runtime.exec("e1", ExecRequest.of("head", "-n", "1"));
    process.stdin().write("ping\n".getBytes(StandardCharsets.UTF_8));
    process.stdin().flush();
    assertThat(text(process.stdout())).isEqualTo("ping\n");
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void ptyExecRunsInATerminalOfTheRequestedSizeAndFollowsResizes() throws Exception {
    ExecProcess shell =
        runtime.exec("e1", new ExecRequest(List.of("sh"), Map.of(), null, new PtySize(100, 30)));
    assertThat(shell.hasPty()).isTrue();
    Terminal terminal = new Terminal(shell);

    terminal.type("stty size; echo TERM=$TERM\n");
    terminal.awaitOutput("30 100");
    terminal.awaitOutput("TERM=xterm-256color");

    shell.resize(132, 43);
    terminal.type("stty size\n");
    terminal.awaitOutput("43 132");

    terminal.type("exit 5\n");
    assertThat(shell.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(text(shell.stderr())).isEmpty();
  }

  @Test
  void killEndsTheProcessAndEverythingItStarted() throws Exception {
    ExecProcess process =
        runtime.exec("e1", ExecRequest.of("sh", "-c", "sleep 300 & echo $!; sleep 301"));
    long child = Long.parseLong(firstLine(process.stdout()));
    ProcessHandle sleeper = ProcessHandle.of(child).orElseThrow();
    ProcessHandle parent = sleeper.parent().orElseThrow();
    assertThat(parent.isAlive()).isTrue();

    process.kill();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !sleeper.isAlive() && !parent.isAlive());
    assertThat(process.onExit().get(10, TimeUnit.SECONDS)).isNotZero();
    assertThat(process.isAlive()).isFalse();
    process.kill(); // idempotent
  }

  @Test
  void killOfAPtyShellEndsItsBackgroundJobs() throws Exception {
    ExecProcess shell =
        runtime.exec("e1", new ExecRequest(List.of("sh"), Map.of(), null, new PtySize(80, 24)));
    Terminal terminal = new Terminal(shell);
    terminal.type("sleep 302 & echo PID=$!\n");
    String line = terminal.awaitOutput("PID=[0-9]+");
    long pid = Long.parseLong(line.replaceAll("(?s).*PID=([0-9]+).*", "$1"));
    ProcessHandle job = ProcessHandle.of(pid).orElseThrow();

    shell.kill();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !job.isAlive());
    assertThat(shell.onExit()).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void listeningPortsShowsTheListeningProcess() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<ListeningPort> ports = runtime.listeningPorts("e1");
      // The JVM listens on a dual-stack socket, which the kernel lists in tcp6 as a mapped address.
      assertThat(ports)
          .filteredOn(port -> port.port() == socket.getLocalPort())
          .singleElement()
          .satisfies(
              port -> {
                assertThat(port.address()).isIn("127.0.0.1", "::ffff:127.0.0.1");
                assertThat(port.process()).isEqualTo("java");
              });
      assertThat(ports).isSortedAccordingTo(java.util.Comparator.comparingInt(ListeningPort::port));
    }
  }

  @Test
  void startResultIsAvailableAndExecOfAStoppedWorkspaceIsRefused() throws Exception {
    runtime.stop("e1").get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> runtime.exec("e1", ExecRequest.of("true")))
        .hasMessageContaining("is not running");
    StartResult again = restart();
    assertThat(again.stack().id()).isEqualTo("python");
    assertThat(runtime.exec("e1", ExecRequest.of("true")).onExit().get(10, TimeUnit.SECONDS))
        .isZero();
  }

  private StartResult restart() throws Exception {
    var started = runtime.start(TestStacks.spec("e1"));
    kubelet.report("ws-e1", Kubelet.running());
    return started.get(15, TimeUnit.SECONDS);
  }

  /** Collects a PTY's output in the background. */
  private static final class Terminal {
    private final ExecProcess process;
    private final StringBuffer output = new StringBuffer();

    Terminal(ExecProcess process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[4096];
                try (InputStream in = process.stdout()) {
                  int n;
                  while ((n = in.read(buffer)) > 0) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                  }
                } catch (IOException e) {
                  // the terminal closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    void type(String text) throws IOException {
      OutputStream stdin = process.stdin();
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    }

    /**
     * Waits for output ending a line with {@code regex} (after a prompt, perhaps); not the echo of
     * the input.
     */
    String awaitOutput(String regex) {
      java.util.regex.Pattern pattern =
          java.util.regex.Pattern.compile("(?m)(?<![0-9A-Za-z])" + regex + "\\r?$");
      try {
        return Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  java.util.regex.Matcher m = pattern.matcher(output);
                  return m.find() ? m.group() : null;
                },
                found -> found != null);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "no terminal line matching "
                + regex
                + " in: "
                + output.toString().replace("\r", "\\r").replace("\n", "\\n")
                + " (alive: "
                + process.isAlive()
                + ")",
            e);
      }
    }
  }

  private static String text(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString().strip();
  }
}
