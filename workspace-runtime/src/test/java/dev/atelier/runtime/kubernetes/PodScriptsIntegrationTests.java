package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.atelier.runtime.spi.ListeningPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the pod scripts on this machine under two shells and tool sets: dash with GNU coreutils (a
 * Debian or Ubuntu image) and busybox (Alpine, including the {@code alpine/git} init image). The
 * busybox variant puts only busybox applets and git on the {@code PATH}; it is skipped, saying so,
 * where busybox is not installed.
 */
class PodScriptsIntegrationTests {

  @TempDir Path dir;

  /** A shell and the PATH its scripts see. */
  record Shell(String name, List<String> command, String path) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Shell busybox;
  private static Path tools;

  @BeforeAll
  static void installBusyboxApplets() throws Exception {
    Path executable = Path.of("/usr/bin/busybox");
    if (!Files.isExecutable(executable)) {
      System.out.println(
          "PodScriptsIntegrationTests: busybox not installed, running the scripts under dash only"
              + " (apt-get install busybox to cover Alpine images too)");
      return;
    }
    tools = Files.createTempDirectory("atelier-busybox");
    Path bin = Files.createDirectories(tools.resolve("bin"));
    Process install =
        new ProcessBuilder(executable.toString(), "--install", "-s", bin.toString())
            .inheritIO()
            .start();
    assertThat(install.waitFor()).isZero();
    Files.deleteIfExists(bin.resolve("git"));
    Files.createSymbolicLink(bin.resolve("git"), Path.of("/usr/bin/git"));
    busybox = new Shell("busybox", List.of(executable.toString(), "sh"), bin.toString());
  }

  @AfterAll
  static void removeApplets() throws IOException {
    if (tools == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(tools)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path); // links are removed, never followed
      }
    }
  }

  static Stream<String> shells() {
    return Stream.of("dash", "busybox");
  }

  private static Shell shell(String name) {
    if (name.equals("busybox")) {
      assumeTrue(busybox != null, "busybox is not installed");
      return busybox;
    }
    return new Shell("dash", List.of("/bin/dash"), System.getenv("PATH"));
  }

  record Result(int exit, String out, String err) {}

  private static Result run(Shell shell, List<String> argv, Map<String, String> env, byte[] stdin)
      throws Exception {
    // argv is what the runtime sends: /bin/sh -c script name args…; the shell under test replaces
    // /bin/sh.
    List<String> command = new ArrayList<>(shell.command());
    command.addAll(argv.subList(1, argv.size()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", shell.path());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (stdin != null) {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
    } else {
      process.getOutputStream().close();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errors = new Thread(() -> copy(process.getErrorStream(), err));
    errors.start();
    copy(process.getInputStream(), out);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
    errors.join();
    return new Result(
        process.exitValue(),
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- clone

  private Path repository() throws Exception {
    Path repo = dir.resolve("upstream");
    Files.createDirectories(repo.resolve(".atelier"));
    Files.writeString(repo.resolve("README.md"), "# app\n");
    Files.writeString(repo.resolve(".atelier/stack.json"), "{\"name\": \"App\"}\n");
    Files.writeString(repo.resolve(".gitignore"), "build/\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
    return repo;
  }

  private static void git(Path in, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }

  private Result clone(Shell shell, Path root, String repository) throws Exception {
    Files.createDirectories(root);
    return run(
        shell,
        PodScripts.sh(
            PodScripts.CLONE,
            "atelier-clone",
            List.of(root.toString(), dir.resolve("termination-log").toString())),
        Map.of("ATELIER_REPOSITORY", repository, "HOME", dir.toString(), "TMPDIR", dir.toString()),
        null);
  }

  private String terminationMessage() throws IOException {
    return Files.readString(dir.resolve("termination-log"));
  }

  @ParameterizedTest
  @MethodSource("shells")
  void cloneFillsAVolumeRootThatAlreadyHasLostAndFoundAndKeepsItOnTheNextStart(String name)
      throws Exception {
    Shell shell = shell(name);
    Path repo = repository();
    Path root = dir.resolve("volume");
    Files.createDirectories(root.resolve("lost+found"));

    Result first = clone(shell, root, "file://" + repo);
    assertThat(first.exit()).as(first.err() + first.out()).isZero();
    assertThat(first.out()).contains("cloned file://" + repo);
    assertThat(root.resolve("README.md")).hasContent("# app");
    assertThat(root.resolve(".atelier/stack.json")).exists();
    assertThat(root.resolve(".gitignore")).exists();
    assertThat(root.resolve(".git/HEAD")).exists();
    assertThat(root.resolve("lost+found")).isDirectory();
    assertThat(root.resolve(".atelier-clone")).doesNotExist();
    git(root, "status", "--porcelain");

    Files.writeString(root.resolve("README.md"), "# changed by the user\n");
    Result second = clone(shell, root, "file://" + repo);
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("already holds a repository");
    assertThat(root.resolve("README.md")).hasContent("# changed by the user");
  }

  @ParameterizedTest
  @MethodSource("shells")
  void cloneFailuresExplainThemselvesInTheTerminationMessage(String name) throws Exception {
    Shell shell = shell(name);
    Path missing = dir.resolve("no-such-repo");
    Result notFound = clone(shell, dir.resolve("v1"), missing.toString());
    assertThat(notFound.exit()).isEqualTo(1);
    assertThat(terminationMessage()).isEqualTo("repository not found: " + missing);
    assertThat(dir.resolve("v1/.atelier-clone")).doesNotExist();

    Result refused = clone(shell, dir.resolve("v2"), "http://127.0.0.1:1/team/app.git");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(terminationMessage()).startsWith("cannot reach the repository: ");

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/team/private.git";
      Result denied = clone(shell, dir.resolve("v3"), url);
      assertThat(denied.exit()).isEqualTo(1);
      assertThat(terminationMessage())
          .isEqualTo("authentication required: " + url + " is private or refused the credentials");
    } finally {
      server.stop(0);
    }
  }

  // ---- exec wrapper and kill

  @ParameterizedTest
  @MethodSource("shells")
  void execWrapperSetsFolderAndEnvironmentAndKillEndsTheTree(String name) throws Exception {
    Shell shell = shell(name);
    Path work = Files.createDirectories(dir.resolve("work dir"));
    String execId = "test-" + System.nanoTime();
    Result plain =
        run(
            shell,
            PodScripts.exec(
                execId,
                work.toString(),
                Map.of("A_B", "x y $z"),
                List.of("sh", "-c", "pwd; echo \"$A_B\"")),
            Map.of(),
            null);
    assertThat(plain.out()).isEqualTo(work + "\nx y $z\n");

    List<String> argv =
        PodScripts.exec(
            execId,
            work.toString(),
            Map.of(),
            List.of("sh", "-c", "sleep 300 & echo $!; sleep 301"));
    List<String> command = new ArrayList<>(shell.command());
    command.addAll(argv.subList(1, argv.size()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", shell.path());
    Process process = builder.start();
    String child =
        new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    ProcessHandle sleeper = ProcessHandle.of(Long.parseLong(child.strip())).orElseThrow();

    assertThat(run(shell, PodScripts.kill(execId), Map.of(), null).exit()).isZero();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !sleeper.isAlive() && !process.isAlive());
    assertThat(ProcessHandle.current().isAlive()).isTrue();
    // Killing again finds nothing to do.
    assertThat(run(shell, PodScripts.kill(execId), Map.of(), null).exit()).isZero();
  }

  @ParameterizedTest
  @MethodSource("shells")
  void portScanFindsAListeningProcess(String name) throws Exception {
    Shell shell = shell(name);
    try (ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Result scan = run(shell, PodScripts.ports(), Map.of(), null);
      assertThat(scan.exit()).isZero();
      assertThat(PortScan.parse(scan.out()))
          .filteredOn(port -> port.port() == socket.getLocalPort())
          .extracting(ListeningPort::process)
          .containsExactly("java");
    }
  }
}
