package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.runtime.spi.PortConnection;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPortsIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void findsTheServersOfEachSandboxedWorkspaceOnly() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String a = TestRuntimes.newId();
    String b = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(30, TimeUnit.SECONDS);
    runtime.start(spec(b, stack(), null)).get(30, TimeUnit.SECONDS);
    int portA = freePort();
    int portB = freePort();
    ExecProcess serverA = httpServer(a, portA);
    ExecProcess serverB = httpServer(b, portB);

    List<ListeningPort> portsA = awaitPort(a, portA);
    List<ListeningPort> portsB = awaitPort(b, portB);

    assertThat(portsA).extracting(ListeningPort::port).containsExactly(portA);
    assertThat(portsA.get(0).address()).isEqualTo("127.0.0.1");
    assertThat(portsA.get(0).process()).startsWith("python3");
    assertThat(portsB).extracting(ListeningPort::port).containsExactly(portB);
    // the workspace has a network namespace of its own: its port is not on the host's loopback
    HttpURLConnection connection =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + portA + "/").toURL().openConnection();
    connection.setConnectTimeout(3000);
    assertThatThrownBy(connection::getResponseCode).isInstanceOf(java.net.ConnectException.class);
    connection.disconnect();

    serverA.kill();
    runtime.stop(b).get(30, TimeUnit.SECONDS);
    assertThat(runtime.listeningPorts(a)).isEmpty();
    assertThat(runtime.listeningPorts(b)).isEmpty();
    assertThat(serverB.isAlive()).isFalse();
  }

  @Test
  void findsPortsOfUnsandboxedWorkspacesThroughTheirProcessTree() throws Exception {
    runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.OFF)
                .withCgroupRoot(root.resolve("none")));
    String a = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(30, TimeUnit.SECONDS);
    int port = freePort();
    httpServer(a, port);

    assertThat(awaitPort(a, port)).extracting(ListeningPort::port).containsExactly(port);
  }

  @Test
  void withoutANetworkOfItsOwnOnlyTheWorkspacesOwnPortsAreOpened() throws Exception {
    runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(SandboxMode.OFF)
                .withCgroupRoot(root.resolve("none")));
    String a = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(30, TimeUnit.SECONDS);
    int port = freePort();
    httpServer(a, port);
    awaitPort(a, port);
    try (ServerSocket host = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      // the agent shares the host's loopback here: a host service must not be reachable
      assertThatThrownBy(() -> runtime.openPort(a, host.getLocalPort()))
          .isInstanceOfSatisfying(
              WorkspaceRuntimeException.class,
              e -> {
                assertThat(e.code())
                    .isEqualTo(WorkspaceRuntimeException.ErrorCode.PORT_UNREACHABLE);
                assertThat(e.getMessage()).contains("listens on port " + host.getLocalPort());
              });
    }
    try (PortConnection connection = runtime.openPort(a, port)) {
      connection.output().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      connection.output().flush();
      String response = new String(connection.input().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.0 200");
    }
  }

  private ExecProcess httpServer(String id, int port) {
    return runtime.exec(
        id,
        ExecRequest.of(
            "/usr/bin/python3",
            "-m",
            "http.server",
            Integer.toString(port),
            "--bind",
            "127.0.0.1"));
  }

  private List<ListeningPort> awaitPort(String id, int port) throws InterruptedException {
    return await("port " + port + " of " + id)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> runtime.listeningPorts(id),
            ports -> ports.stream().anyMatch(p -> p.port() == port));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
