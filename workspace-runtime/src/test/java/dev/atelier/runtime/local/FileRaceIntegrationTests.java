package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.spec;
import static dev.atelier.runtime.local.TestRuntimes.stack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack that broke the old file code, run as an attacker would: processes inside the workspace
 * flip entries between real files and folders and symbolic links to host paths (a canary file, the
 * server's {@code /proc/<pid>/environ}, a host folder, a writable host folder) while several
 * threads call every file operation for 20 s. The server now only reaches files through the agent
 * inside the sandbox, where those host paths do not exist: not one byte of a canary is read and
 * nothing outside the workspace is created, changed or deleted.
 */
class FileRaceIntegrationTests {

  private static final long RACE_MILLIS = 20_000;

  @Test
  @Timeout(120)
  void flippingLinksToHostPathsNeverReachesTheHost(@TempDir Path temp) throws Exception {
    TestRuntimes.assumeBubblewrap();
    String marker = "CANARY-" + UUID.randomUUID();
    Path secret = Files.createDirectories(temp.resolve("host-secret"));
    Path canary = Files.writeString(secret.resolve("canary.txt"), marker);
    Path drop = Files.createDirectories(temp.resolve("host-drop"));
    Files.setPosixFilePermissions(drop, PosixFilePermissions.fromString("rwxrwxrwx"));
    long canaryModified = Files.getLastModifiedTime(canary).toMillis();
    String environ = "/proc/" + ProcessHandle.current().pid() + "/environ";
    String hostHome = "HOME=" + System.getenv().getOrDefault("HOME", "/root");

    try (LocalWorkspaceRuntime runtime =
        new LocalWorkspaceRuntime(TestRuntimes.sandboxed(temp.resolve("workspaces")))) {
      String id = TestRuntimes.newId();
      runtime.start(spec(id, stack(), null)).get(60, TimeUnit.SECONDS);
      WorkspaceFiles files = runtime.files(id);
      String flipper =
          String.join(
              "\n",
              "mkdir -p up",
              "while :; do",
              "  rm -rf f; echo real > f; rm -f f; ln -s " + canary + " f",
              "  rm -rf e; echo real > e; rm -f e; ln -s " + environ + " e",
              "  rm -rf d; mkdir -p d; echo x > d/x; rm -rf d; ln -s " + secret + " d",
              "  rm -rf up; mkdir up; rm -rf up; ln -s " + drop + " up",
              "done");
      try (ExecProcess attacker = runtime.exec(id, ExecRequest.of("/bin/sh", "-c", flipper))) {
        attacker.stdin().close();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicLong leaked = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RACE_MILLIS);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger sequence = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
          Thread thread =
              new Thread(
                  () -> {
                    while (System.nanoTime() < deadline) {
                      int n = sequence.incrementAndGet();
                      for (String path : List.of("f", "e", "d/canary.txt", "d")) {
                        attempt(
                            outcomes,
                            "read",
                            () -> check(files.read(path), marker, hostHome, leaked));
                        attempt(outcomes, "stat", () -> files.stat(path));
                      }
                      attempt(
                          outcomes,
                          "list",
                          () -> {
                            if (files.list("d").stream()
                                .anyMatch(e -> e.name().equals("canary.txt"))) {
                              leaked.incrementAndGet();
                            }
                          });
                      attempt(
                          outcomes,
                          "write",
                          () -> files.write("up/w-" + n + ".txt", new byte[] {1}));
                      attempt(outcomes, "mkdirs", () -> files.createDirectories("up/m-" + n));
                      attempt(outcomes, "move", () -> files.move("d/canary.txt", "stolen-" + n));
                      attempt(outcomes, "move", () -> files.move("f", "up/moved-" + n));
                      attempt(outcomes, "delete", () -> files.delete("d/canary.txt"));
                      attempt(outcomes, "write", () -> files.write("f", "overwritten".getBytes()));
                    }
                  });
          thread.start();
          threads.add(thread);
        }
        for (Thread thread : threads) {
          thread.join();
        }
        System.out.println("File race outcomes over " + RACE_MILLIS + " ms: " + outcomes);
        assertThat(leaked.get()).as("reads or listings that showed a host canary").isZero();
        assertThat(outcomes.getOrDefault("read:ok", new AtomicInteger()).get())
            .as("the race really ran (some reads hit the real file)")
            .isPositive();
      }
    }
    assertThat(Files.readString(canary)).isEqualTo(marker);
    assertThat(Files.getLastModifiedTime(canary).toMillis()).isEqualTo(canaryModified);
    try (Stream<Path> entries = Files.list(secret)) {
      assertThat(entries).extracting(p -> p.getFileName().toString()).containsExactly("canary.txt");
    }
    try (Stream<Path> entries = Files.list(drop)) {
      assertThat(entries).as("entries created in a writable host folder").isEmpty();
    }
  }

  private static void check(byte[] content, String marker, String hostHome, AtomicLong leaked) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    if (text.contains(marker) || text.contains(hostHome + "\0")) {
      leaked.incrementAndGet();
    }
  }

  private static void attempt(Map<String, AtomicInteger> outcomes, String op, Runnable call) {
    String outcome;
    try {
      call.run();
      outcome = op + ":ok";
    } catch (WorkspaceRuntimeException e) {
      outcome = op + ":" + e.code();
    }
    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
  }
}
