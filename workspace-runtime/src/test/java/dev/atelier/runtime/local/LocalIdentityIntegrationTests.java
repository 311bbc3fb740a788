package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the server running as root, the sandbox user is an unprivileged host uid, never root, and
 * what lands in the workspace belongs to it: files its processes create, files the server writes
 * through the files API, a repository the server cloned (links changed themselves, never followed),
 * the output of {@code postCreateCommand}.
 */
class LocalIdentityIntegrationTests {

  private static final int UID = 64991;
  private static final int GID = 64992;

  @TempDir Path temp;
  private LocalWorkspaceRuntime runtime;
  private Path root;

  @BeforeEach
  void setUp() {
    TestRuntimes.assumeBubblewrap();
    boolean root = HostIdentity.serverIsRoot();
    if (!root) {
      System.out.println("SKIPPED: the sandbox identity applies when the server runs as root");
    }
    Assumptions.assumeTrue(root, "the sandbox identity applies when the server runs as root");
    this.root = temp.resolve("workspaces");
    runtime =
        new LocalWorkspaceRuntime(
            TestRuntimes.sandboxed(this.root)
                .withAllowLocalRepositories(true)
                .withIdentity(UID, GID, LocalRuntimeOptions.DEFAULT_NETWORK_GID));
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theSandboxUserMapsToTheUnprivilegedUidAndOwnsWhatItCreates() throws Exception {
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(60, TimeUnit.SECONDS);
    String marker = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999));
    ExecProcess sleeper = runtime.exec(id, ExecRequest.of("/usr/bin/sleep", marker));
    try {
      long pid = awaitHostPid(marker);
      // read from the host: the ids outside the sandbox's user namespaces
      assertThat(Files.readString(Path.of("/proc/" + pid + "/uid_map")).trim().split("\\s+"))
          .containsExactly("1000", Integer.toString(UID), "1");
      assertThat(Files.readString(Path.of("/proc/" + pid + "/gid_map")).trim().split("\\s+"))
          .containsExactly("1000", Integer.toString(GID), "1");
      assertThat(statusIds(pid, "Uid:")).containsOnly(Integer.toString(UID));
      assertThat(statusIds(pid, "Gid:")).containsOnly(Integer.toString(GID));
    } finally {
      sleeper.kill();
    }
    assertThat(run(runtime, id, "id -u; id -g").out()).isEqualTo("1000\n1000\n");

    assertThat(run(runtime, id, "mkdir -p made/inside && echo x > made/inside/f").code()).isZero();
    assertOwned(root.resolve(id));
    assertOwned(root.resolve(id).resolve("made/inside/f"));
    assertThat(owner(root.resolve("." + id + ".meta"))).isZero(); // bookkeeping stays the server's
  }

  @Test
  void filesTheServerWritesAndCreatesBelongToTheSandboxUser() throws Exception {
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(60, TimeUnit.SECONDS);

    runtime.files(id).write("new/deep/file.txt", "hello".getBytes(StandardCharsets.UTF_8));
    runtime.files(id).createDirectories("empty/folder");
    runtime.files(id).write("moved.txt", "m".getBytes(StandardCharsets.UTF_8));
    runtime.files(id).move("moved.txt", "into/new/place.txt");

    Path content = root.resolve(id);
    for (String path :
        List.of(
            "new",
            "new/deep",
            "new/deep/file.txt",
            "empty",
            "empty/folder",
            "into",
            "into/new",
            "into/new/place.txt")) {
      assertOwned(content.resolve(path));
    }
    // the sandbox user can change what the server wrote
    assertThat(run(runtime, id, "echo more >> new/deep/file.txt && rm -r empty").code()).isZero();
    assertThat(Files.readString(content.resolve("new/deep/file.txt"))).isEqualTo("hellomore\n");
  }

  @Test
  void aClonedRepositoryBelongsToTheSandboxUserWithoutFollowingLinks() throws Exception {
    Path hostFile = Files.writeString(temp.resolve("host-secret.txt"), "secret");
    Path bare = bareRepositoryWithLinkTo(hostFile);
    String id = TestRuntimes.newId();
    var postCreate = Command.shell("touch created-by-post-create");

    runtime
        .start(
            spec(
                id,
                TestRuntimes.stack(Resources.UNLIMITED, postCreate, null),
                bare.toUri().toString()))
        .get(60, TimeUnit.SECONDS);

    Path content = root.resolve(id);
    try (var all = Files.walk(content)) {
      for (Path path : all.toList()) {
        assertOwned(path);
      }
    }
    assertThat(Files.isSymbolicLink(content.resolve("link-to-host"))).isTrue();
    assertOwned(content.resolve("created-by-post-create"));
    assertOwned(content.resolve(".git/HEAD"));
    assertThat(owner(hostFile)).isZero(); // the link's target was not touched
  }

  private static void assertOwned(Path path) throws Exception {
    assertThat(owner(path)).as("owner of %s", path).isEqualTo(UID);
    assertThat((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))
        .as("group of %s", path)
        .isEqualTo(GID);
  }

  private static int owner(Path path) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static List<String> statusIds(long pid, String prefix) throws Exception {
    String line =
        Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith(prefix))
            .findFirst()
            .orElseThrow();
    return List.of(line.substring(prefix.length()).trim().split("\\s+"));
  }

  /** The host pid of the {@code sleep <marker>} started in the workspace. */
  private static long awaitHostPid(String marker) throws Exception {
    return await("sleep " + marker + " on the host")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                ProcTable.allPids().stream()
                    .filter(
                        pid ->
                            cmdline(pid)
                                .filter(c -> c.equals("/usr/bin/sleep\0" + marker + "\0"))
                                .isPresent())
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<String> cmdline(long pid) {
    try {
      return Optional.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private Path bareRepositoryWithLinkTo(Path target) throws Exception {
    Path work = Files.createTempDirectory(temp, "work");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("README.md"), "# demo\n");
      Files.createDirectories(work.resolve("src"));
      Files.writeString(work.resolve("src/main.py"), "print('hi')\n");
      Files.createSymbolicLink(work.resolve("link-to-host"), target);
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial")
          .setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org")
          .setSign(false)
          .call();
    }
    Path bare = temp.resolve("repo.git");
    try (Git ignored =
        Git.cloneRepository()
            .setBare(true)
            .setURI(work.toUri().toString())
            .setDirectory(bare.toFile())
            .call()) {
      return bare;
    }
  }
}
