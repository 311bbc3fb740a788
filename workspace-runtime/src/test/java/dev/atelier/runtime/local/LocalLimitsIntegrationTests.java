package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static dev.atelier.runtime.local.TestRuntimes.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.stacks.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stack resource limits, enforced by cgroup v1 here (and by prlimit where cgroups are not
 * writable).
 */
class LocalLimitsIntegrationTests {

  private static final String MEMORY_HOG =
      "/usr/bin/python3 -c \"chunks = []\nfor i in range(64): chunks.append(b'x' * (16 << 20))\nprint('survived')\"";

  @TempDir Path root;
  private LocalWorkspaceRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void theCgroupMemoryLimitKillsAMemoryHogButNotTheWorkspace() throws Exception {
    runtime = cgroupRuntime();
    String id = TestRuntimes.newId();
    runtime
        .start(spec(id, TestRuntimes.stack(new Resources(0, 96L << 20, 0), null, null), null))
        .get(30, TimeUnit.SECONDS);

    TestRuntimes.Result hog = run(runtime, id, MEMORY_HOG);

    assertThat(hog.code()).isEqualTo(128 + 9); // SIGKILL from the OOM killer, reported by sh
    assertThat(hog.out()).doesNotContain("survived");
    Path group = Path.of("/sys/fs/cgroup/memory/atelier", id);
    assertThat(Files.readString(group.resolve("memory.limit_in_bytes")).trim())
        .isEqualTo(Long.toString(96L << 20));
    assertThat(Files.readString(group.resolve("memory.oom_control")))
        .containsPattern("oom_kill [1-9]");
    assertThat(run(runtime, id, "echo still running").out()).isEqualTo("still running\n");
    assertThat(runtime.activeWorkspaces()).contains(id);

    runtime.stop(id).get(30, TimeUnit.SECONDS);
    assertThat(group).doesNotExist();
    assertThat(Path.of("/sys/fs/cgroup/pids/atelier", id)).doesNotExist();
  }

  @Test
  void theCgroupPidsLimitStopsAForkLoop() throws Exception {
    runtime = cgroupRuntime();
    String id = TestRuntimes.newId();
    runtime
        .start(spec(id, TestRuntimes.stack(new Resources(0, 0, 40), null, null), null))
        .get(30, TimeUnit.SECONDS);

    run(
        runtime,
        id,
        "i=0; while [ $i -lt 200 ]; do sleep 60 >/dev/null 2>&1 & i=$((i+1)); done 2>/dev/null; exit 0");

    Path group = Path.of("/sys/fs/cgroup/pids/atelier", id);
    long processes = Long.parseLong(Files.readString(group.resolve("pids.current")).trim());
    assertThat(processes).isBetween(10L, 40L);
    runtime.stop(id).get(30, TimeUnit.SECONDS); // and everything the loop started is gone with it
    assertThat(group).doesNotExist();
    runtime
        .start(spec(id, TestRuntimes.stack(new Resources(0, 0, 40), null, null), null))
        .get(30, TimeUnit.SECONDS);
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/atelier", id, "pids.max")).trim())
        .isEqualTo("40");
    assertThat(run(runtime, id, "ls /proc | grep -c '^[0-9]'").out().trim()).matches("[1-9]");
  }

  @Test
  void theCgroupCpuQuotaThrottlesABusyLoop() throws Exception {
    runtime = cgroupRuntime();
    String id = TestRuntimes.newId();
    runtime
        .start(spec(id, TestRuntimes.stack(new Resources(200, 0, 0), null, null), null))
        .get(30, TimeUnit.SECONDS);

    TestRuntimes.Result busy =
        run(
            runtime,
            id,
            "/usr/bin/python3 -c \"import time\nt=time.time(); c=time.process_time()\n"
                + "while time.time()-t < 2: pass\nprint(time.process_time()-c)\"");

    double cpuSeconds = Double.parseDouble(busy.out().trim());
    assertThat(cpuSeconds)
        .isLessThan(0.9); // 0.2 core for 2 s is 0.4 s; unthrottled it would be ~2 s
    assertThat(
            Files.readString(Path.of("/sys/fs/cgroup/cpu/atelier", id, "cpu.cfs_quota_us")).trim())
        .isEqualTo("20000");
  }

  @Test
  void withoutWritableCgroupsPrlimitLimitsMemory() throws Exception {
    TestRuntimes.assumeBubblewrap();
    runtime =
        new LocalWorkspaceRuntime(
            TestRuntimes.sandboxed(root.resolve("ws")).withCgroupRoot(root.resolve("no-cgroups")));
    assertThat(runtime.limitMechanism()).isEqualTo("prlimit");
    String id = TestRuntimes.newId();
    runtime
        .start(spec(id, TestRuntimes.stack(new Resources(0, 96L << 20, 0), null, null), null))
        .get(30, TimeUnit.SECONDS);

    TestRuntimes.Result hog = run(runtime, id, MEMORY_HOG);

    assertThat(hog.code()).isNotZero();
    assertThat(hog.out()).doesNotContain("survived");
    assertThat(hog.err()).contains("MemoryError");
    assertThat(run(runtime, id, "grep 'Max data size' /proc/self/limits").out())
        .contains(Long.toString(96L << 20));
  }

  private LocalWorkspaceRuntime cgroupRuntime() {
    TestRuntimes.assumeBubblewrap();
    LocalWorkspaceRuntime created = new LocalWorkspaceRuntime(TestRuntimes.sandboxed(root));
    runtime = created;
    TestRuntimes.assumeCgroups(created);
    return created;
  }
}
