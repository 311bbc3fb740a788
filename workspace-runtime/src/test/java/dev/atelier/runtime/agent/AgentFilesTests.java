package dev.atelier.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind;
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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file operations end to end through a real agent (on a thread, over pipes) and the server's
 * {@link AgentFiles}: the same rules the server's own file code used to apply on the host.
 */
public class AgentFilesTests {

  @TempDir Path temp;
  private Path root;
  private Path outside;
  private InProcessAgent agent;
  private AgentFiles files;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("ws"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    agent = new InProcessAgent(root);
    files = new AgentFiles(() -> agent.connection);
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  @Test
  void refusesPathsThatLeaveTheWorkspace() throws Exception {
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    Files.createSymbolicLink(root.resolve("out-file"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("dangling-out"), outside.resolve("missing.txt"));

    for (ThrowingCallable call :
        List.<ThrowingCallable>of(
            () -> files.read("/etc/passwd"),
            () -> files.read("../outside/secret.txt"),
            () -> files.read("a/../../outside/secret.txt"),
            () -> files.read("out-file"),
            () -> files.read("out-dir/secret.txt"),
            () -> files.list("out-dir"),
            () -> files.stat("out-dir/secret.txt"),
            () -> files.write("out-dir/new.txt", new byte[1]),
            () -> files.write("dangling-out", new byte[1]),
            () -> files.createDirectories("out-dir/sub"),
            () -> files.move("out-dir/secret.txt", "stolen.txt"),
            () -> files.move("a.txt", "../moved.txt"),
            () -> files.delete("out-dir/secret.txt"))) {
      assertCode(call, ErrorCode.PATH_OUTSIDE_WORKSPACE);
    }
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(outside.resolve("missing.txt")).doesNotExist();
  }

  @Test
  void followsLinksThatStayInside() throws Exception {
    files.write("real/file.txt", "inside".getBytes());
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));

    assertThat(files.read("alias/file.txt")).asString().isEqualTo("inside");
    assertThat(files.read("real/./../real/file.txt")).asString().isEqualTo("inside");
    assertThat(files.list("alias")).extracting(FileEntry::path).containsExactly("alias/file.txt");
  }

  @Test
  void deletingALinkToOutsideRemovesOnlyTheLink() throws Exception {
    Files.createSymbolicLink(root.resolve("out-dir"), outside);

    files.delete("out-dir");

    assertThat(root.resolve("out-dir")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("secret");
  }

  @Test
  void writesAtomicallyCreatingFoldersAndKeepingPermissions() throws Exception {
    files.write("bin/run.sh", "#!/bin/sh\necho 1\n".getBytes());
    Files.setPosixFilePermissions(
        root.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

    files.write("bin/run.sh", "#!/bin/sh\necho 2\n".getBytes());

    assertThat(root.resolve("bin/run.sh")).hasContent("#!/bin/sh\necho 2");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("bin/run.sh"))))
        .isEqualTo("rwxr-xr-x");
    try (var entries = Files.list(root.resolve("bin"))) {
      assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly("run.sh");
    }
  }

  @Test
  void listsFoldersFirstThenByNameAndStats() throws Exception {
    files.write("b.txt", "bb".getBytes());
    files.write("a.txt", "a".getBytes());
    files.createDirectories("z-dir");
    files.createDirectories("c-dir/deeper");

    assertThat(files.list(""))
        .extracting(FileEntry::path)
        .containsExactly("c-dir", "z-dir", "a.txt", "b.txt");
    assertThat(files.stat("b.txt"))
        .get()
        .satisfies(
            e -> {
              assertThat(e.size()).isEqualTo(2);
              assertThat(e.directory()).isFalse();
              assertThat(e.name()).isEqualTo("b.txt");
            });
    assertThat(files.stat("c-dir/deeper")).get().extracting(FileEntry::directory).isEqualTo(true);
    assertThat(files.stat("missing")).isEmpty();
    assertThat(files.stat("")).get().extracting(FileEntry::directory).isEqualTo(true);
  }

  @Test
  void moveAndDeleteReportMissingAndExistingPaths() throws Exception {
    files.write("dir/a.txt", "a".getBytes());
    files.write("b.txt", "b".getBytes());

    assertCode(() -> files.move("dir/a.txt", "b.txt"), ErrorCode.FILE_EXISTS);
    assertCode(() -> files.move("nothing.txt", "c.txt"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.read("nothing.txt"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.list("b.txt"), ErrorCode.FILE_NOT_FOUND);
    assertCode(() -> files.move("dir", "dir/inner"), ErrorCode.IO);
    assertCode(() -> files.delete(""), ErrorCode.IO);
    assertCode(() -> files.createDirectories("b.txt"), ErrorCode.FILE_EXISTS);

    files.move("dir", "renamed/dir");
    assertThat(files.read("renamed/dir/a.txt")).asString().isEqualTo("a");
    files.delete("renamed");
    files.delete("renamed");
    assertThat(files.list("")).extracting(FileEntry::path).containsExactly("b.txt");
  }

  @Test
  void aWorkspaceWithoutContentIsNotFound() throws Exception {
    try (InProcessAgent none = new InProcessAgent(temp.resolve("none"))) {
      AgentFiles missing = new AgentFiles(() -> none.connection);
      assertCode(() -> missing.list(""), ErrorCode.FILE_NOT_FOUND);
    }
  }

  @Test
  void largeFilesStreamBothWaysAndControlCharactersInPathsAreRefused() throws Exception {
    byte[] big = new byte[5 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(big);
    files.write("big.bin", big);
    assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(big);
    assertThat(files.read("big.bin")).isEqualTo(big);
    assertCode(() -> files.write("bad\nname.txt", new byte[1]), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertCode(() -> files.read("a".repeat(5000)), ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertThatThrownBy(() -> files.createDirectories("n".repeat(300)))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH);
              assertThat(e.getMessage()).contains("longer than the file system allows");
            });
  }

  @Test
  void aReadWithALimitTransfersAtMostOneByteMoreThanItAndFailsOnLargerFiles() throws Exception {
    byte[] big = new byte[20 * 1024 * 1024];
    Files.write(root.resolve("big.bin"), big);
    Files.write(root.resolve("small.bin"), new byte[1000]);
    Files.write(root.resolve("medium.bin"), new byte[700 * 1024]);

    long before = agent.sent.get();
    assertThatThrownBy(() -> files.read("big.bin", 2 * 1024 * 1024))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.IO);
              assertThat(e.getMessage()).contains("big.bin", "larger than 2097152 bytes");
            });
    // what crossed: 2 MiB + 1 byte of content and the frames around it, not the window beyond
    assertThat(agent.sent.get() - before).isLessThan(2 * 1024 * 1024 + 4096);

    assertThat(files.read("small.bin", 1000)).hasSize(1000);
    assertCode(() -> files.read("small.bin", 999), ErrorCode.IO);
    assertThat(files.read("medium.bin", 700 * 1024)).hasSize(700 * 1024);
    assertCode(() -> files.read("medium.bin", 700 * 1024 - 1), ErrorCode.IO);
    assertThat(files.read("medium.bin")).hasSize(700 * 1024);
    assertThat(files.list("")).isNotEmpty(); // the connection is fine after the refusals
  }

  @Test
  void aRefusedWriteDoesNotBlockOnItsWindow() throws Exception {
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    // more than the window: the agent refuses before reading, the writer must not wait for credit
    assertCode(
        () -> files.write("out-dir/huge.bin", new byte[3 * 1024 * 1024]),
        ErrorCode.PATH_OUTSIDE_WORKSPACE);
    assertThat(outside.resolve("huge.bin")).doesNotExist();
    assertThat(files.list("")).extracting(FileEntry::path).contains("out-dir");
  }

  @Test
  void watchReportsChangesIncludingInsideNewFolders() throws Exception {
    List<FileChange> changes = new CopyOnWriteArrayList<>();
    Files.createDirectories(root.resolve(".git/objects"));
    try (AutoCloseable watch = files.watch(changes::add)) {
      files.write("hello.txt", "1".getBytes(StandardCharsets.UTF_8));
      awaitChange(changes, new FileChange(Kind.CREATED, "hello.txt"));
      Files.writeString(root.resolve("hello.txt"), "2");
      awaitChange(changes, new FileChange(Kind.MODIFIED, "hello.txt"));
      Files.createDirectories(root.resolve("new/deep"));
      Files.writeString(root.resolve("new/deep/file.txt"), "x");
      awaitChange(changes, new FileChange(Kind.CREATED, "new/deep/file.txt"));
      Files.writeString(root.resolve(".git/objects/abc"), "ignored");
      Files.delete(root.resolve("hello.txt"));
      awaitChange(changes, new FileChange(Kind.DELETED, "hello.txt"));
    }
    assertThat(changes)
        .extracting(FileChange::path)
        .noneMatch(p -> p.startsWith(".git/") || p.contains(".atelier-tmp-"));
    int seen = changes.size();
    Files.writeString(root.resolve("after-close.txt"), "x");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> changes.size() == seen);
  }

  public static void awaitChange(List<FileChange> changes, FileChange expected)
      throws InterruptedException {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .untilAsserted(() -> assertThat(changes).contains(expected));
  }

  private static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
