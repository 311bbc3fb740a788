package dev.atelier.runtime.local;

import static dev.atelier.runtime.agent.AgentFilesTests.awaitChange;
import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files API and the sandbox work on the same content, in both directions. */
class LocalFilesIntegrationTests {

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void watchSeesFilesCreatedByProcessesInTheSandboxAndTheSandboxSeesWrites() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    String id = TestRuntimes.newId();
    runtime.start(spec(id, stack(), null)).get(30, TimeUnit.SECONDS);
    WorkspaceFiles files = runtime.files(id);
    List<FileChange> changes = new CopyOnWriteArrayList<>();

    try (AutoCloseable watch = files.watch(changes::add)) {
      run(
          runtime,
          id,
          "touch made-by-exec.txt && mkdir -p d/e && echo deep > d/e/f.txt && rm made-by-exec.txt");

      awaitChange(changes, new FileChange(Kind.CREATED, "made-by-exec.txt"));
      awaitChange(changes, new FileChange(Kind.CREATED, "d/e/f.txt"));
      awaitChange(changes, new FileChange(Kind.DELETED, "made-by-exec.txt"));
    }
    assertThat(files.read("d/e/f.txt")).asString().isEqualTo("deep\n");

    files.write("d/e/f.txt", "from the server\n".getBytes());
    assertThat(
            run(runtime, id, "cat d/e/f.txt; echo more >> d/e/f.txt; stat -c %u d/e/f.txt").out())
        .isEqualTo("from the server\n1000\n");
    assertThat(files.read("d/e/f.txt")).asString().isEqualTo("from the server\nmore\n");
  }
}
