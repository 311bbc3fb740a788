package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileEntry;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File access through the workspace agent in the pod: the runtime starts the agent with an exec and
 * speaks to it over the exec's streams; the {@link FakeKubelet} answers that exec with a real agent
 * serving the pod's test folder, so every rule is the agent's own, reached the Kubernetes way.
 */
class KubernetesFilesIntegrationTests {

  private static final String NS = "atelier-files";

  private MockCluster cluster;
  private KubernetesWorkspaceRuntime runtime;
  private WorkspaceFiles files;
  private Path root;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new MockCluster();
    runtime = new KubernetesWorkspaceRuntime(cluster.runtimeClient, TestStacks.properties(NS));
    var started = runtime.start(TestStacks.spec("f1"));
    new Kubelet(cluster.testClient, NS).report("ws-f1", Kubelet.running());
    started.get(15, TimeUnit.SECONDS);
    files = runtime.files("f1");
    root = cluster.workspace("ws-f1");
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    cluster.close();
  }

  @Test
  void writeReadStatListMoveAndDeleteRoundTrip() throws Exception {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    files.write("src/app/main.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8));
    files.write("src/app/data.bin", binary);
    files.write("empty.txt", new byte[0]);
    files.write("src/name with spaces & $signs.txt", "x".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(root.resolve("src/app/main.py"))).isEqualTo("print('hi')\n");
    assertThat(files.read("src/app/data.bin")).isEqualTo(binary);
    assertThat(files.read("empty.txt")).isEmpty();
    assertThat(files.read("./src//app/../app/main.py")).asString().isEqualTo("print('hi')\n");

    FileEntry stat = files.stat("src/app/data.bin").orElseThrow();
    assertThat(stat.directory()).isFalse();
    assertThat(stat.size()).isEqualTo(256);
    assertThat(stat.modifiedMillis())
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(120_000L));
    assertThat(files.stat("src").orElseThrow().directory()).isTrue();
    assertThat(files.stat("nothing")).isEmpty();

    files.createDirectories("build/out");
    assertThat(files.list(""))
        .extracting(FileEntry::path, FileEntry::directory)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("build", true),
            org.assertj.core.groups.Tuple.tuple("src", true),
            org.assertj.core.groups.Tuple.tuple("empty.txt", false));
    assertThat(files.list("src"))
        .extracting(FileEntry::name)
        .containsExactly("app", "name with spaces & $signs.txt");

    files.move("src/app/main.py", "src/app/app.py");
    assertThat(files.stat("src/app/main.py")).isEmpty();
    assertThat(files.read("src/app/app.py")).asString().isEqualTo("print('hi')\n");
    files.move("src/app", "lib/app");
    assertThat(files.list("lib/app"))
        .extracting(FileEntry::name)
        .containsExactly("app.py", "data.bin");

    files.delete("lib");
    files.delete("lib"); // missing: no-op
    assertThat(files.stat("lib")).isEmpty();
    assertThat(Files.exists(root.resolve("lib"))).isFalse();
  }

  @Test
  void overwritingKeepsTheFileModeAndLeavesNoTemporaryFiles() throws Exception {
    files.write("run.sh", "#!/bin/sh\necho one\n".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(
        root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    files.write("run.sh", "#!/bin/sh\necho two\n".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.getPosixFilePermissions(root.resolve("run.sh")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(files.list("")).extracting(FileEntry::name).containsExactly("run.sh");
  }

  @Test
  void errorsAreTyped() throws Exception {
    files.write("a.txt", new byte[] {1});
    files.write("b.txt", new byte[] {2});
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc")); // removed by the test below
    Files.createSymbolicLink(root.resolve("inside"), root.resolve("a.txt"));

    assertCode(() -> files.read("missing.txt"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.list("missing"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.move("missing", "x"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.move("a.txt", "b.txt"), ErrorCode.FILE_EXISTS);
    assertCode(() -> files.createDirectories("a.txt"), ErrorCode.FILE_EXISTS);
    assertCode(() -> files.read("../outside"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.read("/etc/passwd"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.read("escape/passwd"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.list("escape"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(
        () -> files.write("escape/new.txt", new byte[] {1}), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.createDirectories("escape/sub"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.move("a.txt", "escape/a.txt"), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.delete(""), ErrorCode.IO);
    assertCode(() -> files.read("src"), ErrorCode.FILE_NOT_FOUND);
    files.createDirectories("dir");
    assertCode(() -> files.read("dir"), ErrorCode.IO);
    assertCode(() -> files.list("a.txt"), ErrorCode.FILE_NOT_FOUND);

    // A link that stays inside is followed; deleting the escaping link removes the link only.
    assertThat(files.read("inside")).containsExactly(1);
    files.delete("escape");
    assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
    assertThat(Files.exists(root.resolve("escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
        .isFalse();
  }

  @Test
  void watchReportsChangesMadeInsideThePodAndSkipsTheInsideOfGit() throws Exception {
    List<FileChange> changes = new CopyOnWriteArrayList<>();
    files.write("existing.txt", "1".getBytes(StandardCharsets.UTF_8));
    files.createDirectories(".git");
    try (AutoCloseable watch = files.watch(changes::add)) {
      awaitWatching(changes);
      sh(
          "echo ref > .git/HEAD && mkdir -p src/pkg && echo x > src/pkg/index.js && echo n > new.txt");
      awaitChange(changes, FileChange.Kind.CREATED, "new.txt");
      awaitChange(changes, FileChange.Kind.CREATED, "src/pkg/index.js");
      sh("echo longer-content > existing.txt");
      awaitChange(changes, FileChange.Kind.MODIFIED, "existing.txt");
      sh("rm new.txt");
      awaitChange(changes, FileChange.Kind.DELETED, "new.txt");
      assertThat(changes).noneMatch(change -> change.path().startsWith(".git/"));
    }
    int seen = changes.size();
    sh("echo after > after.txt");
    Awaitility.await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(5))
        .until(() -> changes.size() == seen);
  }

  @Test
  void oneAgentServesEveryOperationAndRunsFromTheAgentVolumeWithoutTheStacksJavaSettings()
      throws Exception {
    for (int i = 0; i < 20; i++) {
      files.write("f" + i + ".txt", new byte[] {(byte) i});
      assertThat(files.read("f" + i + ".txt")).containsExactly(i);
    }
    assertThat(cluster.kubelet.agentStarts("ws-f1")).isEqualTo(1);
    List<String> argv = cluster.kubelet.lastAgentCommand();
    assertThat(argv)
        .contains(
            "/opt/atelier/jre/bin/java",
            "-Xmx32m",
            "-cp",
            "/opt/atelier/agent.jar:/opt/atelier/jna.jar",
            "dev.atelier.agent.Agent")
        .endsWith(root.toString());
    assertThat(String.join(" ", argv))
        .contains("unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS CLASSPATH; exec");
  }

  private void sh(String script) throws Exception {
    assertThat(
            runtime
                .exec("f1", ExecRequest.of("sh", "-c", script))
                .onExit()
                .get(10, TimeUnit.SECONDS))
        .isZero();
  }

  /**
   * Waits until the watch reports changes: the SPI does not promise that it does as soon as watch()
   * returns, so a probe file is written (again) until one is seen.
   */
  private void awaitWatching(List<FileChange> changes) {
    AtomicInteger probes = new AtomicInteger();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (changes.stream().anyMatch(c -> c.path().startsWith("watch-probe-"))) {
                return true;
              }
              files.write("watch-probe-" + probes.incrementAndGet(), new byte[0]);
              return false;
            });
  }

  private static void awaitChange(List<FileChange> changes, FileChange.Kind kind, String path) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> changes.contains(new FileChange(kind, path)));
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }
}
