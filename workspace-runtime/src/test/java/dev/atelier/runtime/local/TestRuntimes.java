package dev.atelier.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the local runtime tests. */
final class TestRuntimes {

  private TestRuntimes() {}

  /** Skips the calling test, with the reason printed, when bubblewrap is not installed. */
  static void assumeBubblewrap() {
    boolean present = HostTools.find("bwrap").isPresent();
    if (!present) {
      System.out.println(
          "SKIPPED: bubblewrap (bwrap) is not installed; apt-get install bubblewrap");
    }
    Assumptions.assumeTrue(present, "bubblewrap (bwrap) is not installed");
  }

  /**
   * Skips the calling test, with the reason printed, when cgroup v1 controllers are not writable.
   */
  static void assumeCgroups(LocalWorkspaceRuntime runtime) {
    boolean cgroups = runtime.limitMechanism().equals("cgroup-v1");
    if (!cgroups) {
      System.out.println("SKIPPED: cgroup v1 memory/pids/cpu controllers are not writable here");
    }
    Assumptions.assumeTrue(cgroups, "cgroup v1 controllers are not writable");
  }

  static LocalRuntimeOptions sandboxed(Path root) {
    return LocalRuntimeOptions.of(root).withSandbox(SandboxMode.REQUIRED);
  }

  static String newId() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static Stack stack() {
    return stack(Resources.UNLIMITED, null, null);
  }

  static Stack stack(Resources resources, Command postCreate, Command postStart) {
    return new Stack(
        "test",
        "Test",
        null,
        "debian",
        Map.of("STACK_VAR", "from-stack"),
        List.of(),
        postCreate,
        postStart,
        List.of(),
        List.of(),
        List.of(),
        resources);
  }

  static WorkspaceSpec spec(String id, Stack stack, String repository) {
    return new WorkspaceSpec(id, "owner", stack, repository, Map.of());
  }

  /** Runs {@code sh -c script} in the workspace and returns its exit code and output. */
  static Result run(WorkspaceRuntime runtime, String id, String script) throws Exception {
    try (ExecProcess process = runtime.exec(id, ExecRequest.of("/bin/sh", "-c", script))) {
      process.stdin().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread errReader = new Thread(() -> copy(process.stderr(), err));
      errReader.start();
      String out = new String(process.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.onExit().get(60, TimeUnit.SECONDS);
      errReader.join(5000);
      return new Result(code, out, err.toString(StandardCharsets.UTF_8));
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      // process gone
    }
  }

  /** Exit code and output of a command. */
  record Result(int code, String out, String err) {}

  /** Records the events of one workspace. */
  static final class Events {
    final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();

    Events(WorkspaceRuntime runtime) {
      runtime.subscribe(events::add);
    }

    List<Phase> phases(String id) {
      return events.stream()
          .filter(e -> e.workspaceId().equals(id))
          .map(RuntimeEvent::phase)
          .toList();
    }

    RuntimeEvent last(String id) {
      List<RuntimeEvent> mine = events.stream().filter(e -> e.workspaceId().equals(id)).toList();
      assertThat(mine).isNotEmpty();
      return mine.get(mine.size() - 1);
    }

    void clear() {
      events.clear();
    }
  }

  /** A bare repository with one commit holding {@code files}, made with JGit. */
  static Path bareRepository(Path temp, Map<String, String> files) throws Exception {
    Path work = Files.createTempDirectory(temp, "work");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = work.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("initial")
          .setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org")
          .setSign(false)
          .call();
    }
    Path bare = temp.resolve("repo-" + work.getFileName() + ".git");
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
