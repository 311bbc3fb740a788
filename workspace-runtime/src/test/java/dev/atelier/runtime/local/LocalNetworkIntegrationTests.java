package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.ListeningPort;
import dev.atelier.stacks.NetworkAccess;
import dev.atelier.stacks.Stack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each sandboxed workspace has a network namespace of its own: other workspaces, the host's
 * loopback and the host's own addresses are unreachable, outbound traffic to other hosts works (an
 * "outside" host is a network namespace with a veth pair, so no test depends on the internet), two
 * workspaces listen on the same port, and {@code network=none} leaves loopback only.
 */
class LocalNetworkIntegrationTests {

  /** Connects from inside a workspace: prints open, refused, unreachable or timeout. */
  private static final String PROBE =
      "import socket,sys\n"
          + "s=socket.socket(); s.settimeout(3)\n"
          + "try:\n"
          + "  s.connect((sys.argv[1], int(sys.argv[2])))\n"
          + "except ConnectionRefusedError: print('refused'); sys.exit()\n"
          + "except socket.timeout: print('timeout'); sys.exit()\n"
          + "except OSError as e: print('unreachable ' + str(e.errno)); sys.exit()\n"
          + "s.settimeout(1)\n"
          + "try: d=s.recv(64).decode().strip()\n"
          + "except OSError: d=''\n"
          + "print(('open ' + d).strip())\n";

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    java.util.Collections.reverse(cleanup);
    for (AutoCloseable closeable : cleanup) {
      closeable.close();
    }
  }

  @Test
  void workspacesReachNeitherEachOtherNorTheHostButReachOtherHosts() throws Exception {
    assumeOutbound();
    Outside outside = Outside.create();
    cleanup.add(outside);
    Listener hostLoopback = Listener.on(InetAddress.getLoopbackAddress(), "host-loopback");
    cleanup.add(hostLoopback);
    InetAddress hostAddress = hostAddress();
    Listener hostPublic = Listener.on(hostAddress, "host-address");
    cleanup.add(hostPublic);
    Listener hostWildcard = Listener.on(null, "host-any");
    cleanup.add(hostWildcard);
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String a = TestRuntimes.newId();
    String b = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(60, TimeUnit.SECONDS);
    runtime.start(spec(b, stack(), null)).get(60, TimeUnit.SECONDS);
    httpServer(a, 8000, "page-of-a");
    awaitPort(a, 8000);
    // the listeners answer on the host: a refusal from the workspace is the sandbox's doing
    assertThat(hostConnect(hostAddress, hostPublic.port())).isEqualTo("host-address");
    assertThat(hostConnect(InetAddress.getLoopbackAddress(), hostLoopback.port()))
        .isEqualTo("host-loopback");

    assertThat(probe(b, "127.0.0.1", 8000)).isEqualTo("refused");
    assertThat(probe(b, "127.0.0.1", hostLoopback.port())).isEqualTo("refused");
    assertThat(probe(b, "127.0.0.1", hostWildcard.port())).isEqualTo("refused");
    assertThat(probe(b, "10.0.2.2", hostLoopback.port())).doesNotStartWith("open");
    assertThat(probe(b, "10.0.2.2", hostWildcard.port())).doesNotStartWith("open");
    assertThat(probe(b, hostAddress.getHostAddress(), hostPublic.port())).isEqualTo("refused");
    assertThat(probe(b, hostAddress.getHostAddress(), hostWildcard.port())).isEqualTo("refused");
    assertThat(probe(b, hostAddress.getHostAddress(), 8000)).isEqualTo("refused");
    // the host's end of the veth pair is a host address too; the far end is another host
    assertThat(probe(b, outside.hostEnd(), outside.port())).isEqualTo("refused");
    assertThat(probe(b, outside.farEnd(), outside.port())).isEqualTo("open outside");
    assertThat(probe(a, outside.farEnd(), outside.port())).isEqualTo("open outside");
    assertThat(run(runtime, b, "cat /proc/net/route").out()).contains("tap0\t00000000\t0202000A");
    assertThat(run(runtime, b, "grep -c '^nameserver' /etc/resolv.conf").out().strip())
        .isNotEqualTo("0");
  }

  @Test
  void twoWorkspacesListenOnTheSamePortAndEachFindsItsOwn() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String a = TestRuntimes.newId();
    String b = TestRuntimes.newId();
    runtime.start(spec(a, stack(), null)).get(60, TimeUnit.SECONDS);
    runtime.start(spec(b, stack(), null)).get(60, TimeUnit.SECONDS);
    httpServer(a, 8000, "page-of-a");
    httpServer(b, 8000, "page-of-b");
    httpServer(b, 8001, "second-of-b");

    List<ListeningPort> portsA = awaitPort(a, 8000);
    awaitPort(b, 8001);
    List<ListeningPort> portsB = awaitPort(b, 8000);

    assertThat(portsA).extracting(ListeningPort::port).containsExactly(8000);
    assertThat(portsA.get(0).process()).startsWith("python3");
    assertThat(portsB).extracting(ListeningPort::port).containsExactly(8000, 8001);
    assertThat(run(runtime, a, "python3 -c \"" + fetch(8000) + "\"").out()).contains("page-of-a");
    assertThat(run(runtime, b, "python3 -c \"" + fetch(8000) + "\"").out()).contains("page-of-b");
    runtime.stop(b).get(30, TimeUnit.SECONDS);
    assertThat(runtime.listeningPorts(b)).isEmpty();
    assertThat(runtime.listeningPorts(a)).extracting(ListeningPort::port).containsExactly(8000);
  }

  @Test
  void networkNoneLeavesLoopbackOnlyAndSoDoesAStackAskingForNone() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root).withNetwork(NetworkMode.NONE));
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(60, TimeUnit.SECONDS);

    assertLoopbackOnly(id);
    httpServer(id, 8000, "own");
    awaitPort(id, 8000);
    assertThat(probe(id, "127.0.0.1", 8000)).startsWith("open");
    runtime.close();

    assumeOutbound();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String offline = TestRuntimes.newId();
    String online = TestRuntimes.newId();
    runtime.start(spec(offline, offlineStack(), null)).get(60, TimeUnit.SECONDS);
    runtime.start(spec(online, stack(), null)).get(60, TimeUnit.SECONDS);
    assertLoopbackOnly(offline);
    assertThat(interfaces(online)).containsExactlyInAnyOrder("lo", "tap0");
  }

  private void assertLoopbackOnly(String id) throws Exception {
    assertThat(interfaces(id)).containsExactly("lo");
    String routes = run(runtime, id, "cat /proc/net/route").out();
    assertThat(routes.lines().skip(1).filter(line -> !line.isBlank())).isEmpty();
    assertThat(probe(id, "10.0.2.2", 80)).startsWith("unreachable");
    assertThat(probe(id, "192.0.2.1", 80)).startsWith("unreachable");
  }

  private List<String> interfaces(String id) throws Exception {
    return run(runtime, id, "cat /proc/net/dev")
        .out()
        .lines()
        .skip(2)
        .map(line -> line.substring(0, line.indexOf(':')).strip())
        .toList();
  }

  private static Stack offlineStack() {
    Stack base = stack();
    return new Stack(
        base.id(),
        base.name(),
        base.description(),
        base.image(),
        base.containerEnv(),
        base.forwardPorts(),
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        base.resources(),
        NetworkAccess.NONE);
  }

  private String probe(String id, String host, int port) throws Exception {
    TestRuntimes.Result result =
        run(runtime, id, "python3 -c '" + PROBE.replace("'", "\"") + "' " + host + " " + port);
    assertThat(result.code()).as(result.err()).isZero();
    return result.out().strip();
  }

  private static String fetch(int port) {
    return "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:"
        + port
        + "/page.txt',timeout=5).read().decode())";
  }

  private ExecProcess httpServer(String id, int port, String page) throws Exception {
    String dir = "srv-" + port + "-" + page;
    runtime.files(id).write(dir + "/page.txt", page.getBytes(StandardCharsets.UTF_8));
    ExecProcess server =
        runtime.exec(
            id,
            new ExecRequest(
                List.of(
                    "python3", "-m", "http.server", "--bind", "0.0.0.0", Integer.toString(port)),
                java.util.Map.of(),
                dir,
                null));
    server.stdin().close();
    return server;
  }

  private List<ListeningPort> awaitPort(String id, int port) throws InterruptedException {
    return await("port " + port + " of " + id)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> runtime.listeningPorts(id),
            ports -> ports.stream().anyMatch(p -> p.port() == port));
  }

  private static String hostConnect(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 3000);
      socket.setSoTimeout(3000);
      return new String(socket.getInputStream().readNBytes(64), StandardCharsets.UTF_8).strip();
    } catch (java.net.ConnectException e) {
      return "refused";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** A non-loopback IPv4 address of this host. */
  private static InetAddress hostAddress() throws IOException {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : nic.inetAddresses().toList()) {
          if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
            return address;
          }
        }
      }
    }
    Assumptions.abort("this host has no non-loopback IPv4 address");
    return null;
  }

  /** Skips unless workspaces get outbound access here (root, slirp4netns, iptables). */
  private static void assumeOutbound() {
    TestRuntimes.assumeBubblewrap();
    boolean ok =
        HostIdentity.serverIsRoot()
            && HostTools.find("slirp4netns").isPresent()
            && HostTools.find("iptables").isPresent()
            && HostTools.find("ip").isPresent();
    if (!ok) {
      System.out.println(
          "SKIPPED: outbound workspace network needs root, slirp4netns, iptables and iproute2");
    }
    Assumptions.assumeTrue(ok, "outbound workspace network needs root, slirp4netns, iptables");
  }

  /** A TCP listener on the host that sends its name to whoever connects. */
  private record Listener(ServerSocket socket, Thread thread) implements AutoCloseable {
    static Listener on(InetAddress address, String name) throws IOException {
      ServerSocket socket = new ServerSocket();
      socket.bind(new InetSocketAddress(address, 0));
      Thread thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket client = socket.accept();
                      OutputStream out = client.getOutputStream()) {
                    out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "listener-" + name);
      thread.setDaemon(true);
      thread.start();
      return new Listener(socket, thread);
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * Another host: a network namespace joined to this one by a veth pair in a random /30 of
   * 198.18.0.0/15 (reserved for benchmarks), with a listener on its end.
   */
  private record Outside(String name, String hostEnd, String farEnd, int port, Process server)
      implements AutoCloseable {

    static Outside create() throws Exception {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String name = "atl" + Long.toHexString(random.nextLong() & 0xffffffffL);
      String net = "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + ".";
      int base = random.nextInt(64) * 4;
      String hostEnd = net + (base + 1);
      String farEnd = net + (base + 2);
      String hostVeth = name + "h";
      String farVeth = name + "o";
      ip("netns", "add", name);
      Outside created = null;
      try {
        ip("link", "add", hostVeth, "type", "veth", "peer", "name", farVeth);
        ip("link", "set", farVeth, "netns", name);
        ip("addr", "add", hostEnd + "/30", "dev", hostVeth);
        ip("link", "set", hostVeth, "up");
        ip("-n", name, "addr", "add", farEnd + "/30", "dev", farVeth);
        ip("-n", name, "link", "set", farVeth, "up");
        ip("-n", name, "link", "set", "lo", "up");
        int port = 18000 + random.nextInt(1000);
        String script =
            "import socket\n"
                + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('"
                + farEnd
                + "', "
                + port
                + ")); s.listen(8); print('ready', flush=True)\n"
                + "while True:\n"
                + "  c,_=s.accept(); c.sendall(b'outside\\n'); c.close()\n";
        Process server =
            new ProcessBuilder("ip", "netns", "exec", name, "python3", "-c", script)
                .redirectErrorStream(true)
                .start();
        created = new Outside(name, hostEnd, farEnd, port, server);
        String ready =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(ready).isEqualTo("ready");
        return created;
      } catch (Exception | AssertionError e) {
        if (created != null) {
          created.close();
        } else {
          ip("netns", "del", name);
        }
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      ip("netns", "del", name); // removes the veth pair with it
    }

    private static void ip(String... args) throws Exception {
      List<String> argv = new ArrayList<>(List.of("ip"));
      argv.addAll(List.of(args));
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", argv) + " failed: " + output);
      }
    }
  }
}
