package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workspace agent's life in a pod: started on first use through the API server's exec, started
 * again after it dies (at most five times a minute), gone with the pod ({@code NOT_RUNNING}), and
 * the port connections of the preview proxy. The {@link FakeKubelet} runs a real agent in this JVM,
 * so its {@code localhost} is the test's.
 */
class KubernetesAgentIntegrationTests {

  private static final String NS = "atelier-agent";

  private MockCluster cluster;
  private KubernetesWorkspaceRuntime runtime;
  private WorkspaceFiles files;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new MockCluster();
    runtime = new KubernetesWorkspaceRuntime(cluster.runtimeClient, TestStacks.properties(NS));
    var started = runtime.start(TestStacks.spec("a1"));
    new Kubelet(cluster.testClient, NS).report("ws-a1", Kubelet.running());
    started.get(15, TimeUnit.SECONDS);
    files = runtime.files("a1");
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    cluster.close();
  }

  @Test
  void theAgentStartsOnFirstUseAndAgainAfterItDiedWhileWatchesCarryOn() throws Exception {
    assertThat(cluster.kubelet.agentStarts("ws-a1")).isZero();
    List<FileChange> changes = new CopyOnWriteArrayList<>();
    try (AutoCloseable watch = files.watch(changes::add)) {
      files.write("before.txt", new byte[] {1});
      assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(1);
      awaitChange(changes, new FileChange(FileChange.Kind.CREATED, "before.txt"));

      cluster.kubelet.killAgents("ws-a1");
      awaitUsable();
      assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(2);
      assertThat(files.read("before.txt")).containsExactly(1);

      // The watch was taken up on the new agent: a rescan, then changes as before.
      awaitChange(changes, new FileChange(FileChange.Kind.MODIFIED, ""));
      Files.writeString(cluster.workspace("ws-a1").resolve("after.txt"), "x");
      awaitChange(changes, new FileChange(FileChange.Kind.CREATED, "after.txt"));
    }
  }

  @Test
  void aWatchWaitsForTheNextAgentInsteadOfStartingOneItself() throws Exception {
    List<FileChange> changes = new CopyOnWriteArrayList<>();
    try (AutoCloseable watch = files.watch(changes::add)) {
      assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(1); // the watch's own first use

      cluster.kubelet.killAgents("ws-a1");
      Thread.sleep(3_000); // the watch retries after 100 ms, then backs off up to 2 s
      assertThat(cluster.kubelet.agentStarts("ws-a1")).as("starts by the watch").isEqualTo(1);

      changes.clear();
      files.list(""); // a request starts the agent: one start, and the watch follows it
      assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(2);
      awaitChange(changes, new FileChange(FileChange.Kind.MODIFIED, ""));
      Files.writeString(cluster.workspace("ws-a1").resolve("after.txt"), "x");
      awaitChange(changes, new FileChange(FileChange.Kind.CREATED, "after.txt"));
    }
  }

  @Test
  void anAgentThatKeepsDyingIsGivenUpAfterFiveStartsInAMinute() {
    files.list("");
    for (int start = 2; start <= 5; start++) {
      cluster.kubelet.killAgents("ws-a1");
      awaitUsable();
      assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(start);
    }
    cluster.kubelet.killAgents("ws-a1");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> files.list(""))
                    .isInstanceOfSatisfying(
                        WorkspaceRuntimeException.class,
                        e -> {
                          assertThat(e.code()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE);
                          assertThat(e.getMessage())
                              .contains("5 times within a minute", "restart the workspace");
                        }));
    assertThat(cluster.kubelet.agentStarts("ws-a1")).isEqualTo(5);
  }

  @Test
  void filesAreNotRunningOnceThePodIsGoneAndAfterStop() throws Exception {
    files.write("a.txt", new byte[] {1});
    cluster.testClient.pods().inNamespace(NS).withName("ws-a1").withGracePeriod(0).delete();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertCode(() -> files.list(""), ErrorCode.NOT_RUNNING));
    assertCode(() -> runtime.openPort("a1", 8000), ErrorCode.NOT_RUNNING);

    // The same through stop, and for a workspace that never ran.
    var again = runtime.start(TestStacks.spec("a1"));
    new Kubelet(cluster.testClient, NS).report("ws-a1", Kubelet.running());
    again.get(15, TimeUnit.SECONDS);
    assertThat(files.read("a.txt")).containsExactly(1);
    runtime.stop("a1").get(15, TimeUnit.SECONDS);
    assertCode(() -> files.read("a.txt"), ErrorCode.NOT_RUNNING);
    assertCode(() -> runtime.files("never").list(""), ErrorCode.NOT_RUNNING);
  }

  @Test
  void openPortReachesAServerInTheWorkspaceThroughTheAgent() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread echo =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  byte[] request = socket.getInputStream().readNBytes(4);
                  socket
                      .getOutputStream()
                      .write(("pong:" + new String(request, StandardCharsets.UTF_8)).getBytes());
                } catch (Exception e) {
                  // the test fails on what it read
                }
              });
      echo.start();
      try (PortConnection connection = runtime.openPort("a1", server.getLocalPort())) {
        OutputStream out = connection.output();
        out.write("ping".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = connection.input();
        assertThat(new String(in.readNBytes(9), StandardCharsets.UTF_8)).isEqualTo("pong:ping");
        assertThat(in.read()).isEqualTo(-1);
      }
      echo.join(5000);
    }
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    assertCode(() -> runtime.openPort("a1", closed), ErrorCode.PORT_UNREACHABLE);
    assertCode(() -> runtime.openPort("a1", 0), ErrorCode.PORT_UNREACHABLE);
    assertCode(() -> runtime.openPort("a1", 70000), ErrorCode.PORT_UNREACHABLE);
    assertCode(() -> runtime.openPort("../a1", 80), ErrorCode.NOT_FOUND);
  }

  private void awaitUsable() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              files.list("");
              return true;
            });
  }

  private static void awaitChange(List<FileChange> changes, FileChange expected) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> changes.contains(expected));
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }
}
