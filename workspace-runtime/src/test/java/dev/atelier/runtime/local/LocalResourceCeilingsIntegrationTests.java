package dev.atelier.runtime.local;

import static dev.atelier.runtime.local.TestRuntimes.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ResourceAdjustment;
import dev.atelier.runtime.spi.ResourceKind;
import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's own stack file cannot raise its limits above the server's ceilings, and a stack
 * without limits gets the server's defaults: the cgroups of the workspace hold them.
 */
class LocalResourceCeilingsIntegrationTests {

  private static final ResourcePolicy POLICY =
      new ResourcePolicy(new Resources(500, 128L << 20, 64), new Resources(1000, 256L << 20, 100));

  @TempDir Path temp;
  private LocalWorkspaceRuntime runtime;

  @BeforeEach
  void setUp() {
    TestRuntimes.assumeBubblewrap();
    runtime =
        new LocalWorkspaceRuntime(
            TestRuntimes.sandboxed(temp.resolve("workspaces")).withAllowLocalRepositories(true));
    TestRuntimes.assumeCgroups(runtime);
  }

  @AfterEach
  void tearDown() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aRepositoryStackAskingForTheMachineGetsTheCeilings() throws Exception {
    String id = TestRuntimes.newId();
    StartResult result =
        start(
            id,
            "{ \"customizations\": { \"atelier\": { \"resources\":"
                + " { \"cpu\": 64, \"memory\": \"100Ti\", \"pids\": 4194304 } } } }");

    assertThat(result.stackSource()).isEqualTo(".atelier/stack.json");
    assertThat(result.stack().resources()).isEqualTo(new Resources(64_000, 100L << 40, 4194304));
    assertThat(result.resources().effective()).isEqualTo(POLICY.ceilings());
    assertThat(result.resources().adjustments())
        .extracting(ResourceAdjustment::message)
        .containsExactly(
            "CPU limited to 1 CPU by this server (the stack asked for 64 CPUs)",
            "Memory limited to 256 MiB by this server (the stack asked for 100 TiB)",
            "Processes limited to 100 by this server (the stack asked for 4194304)");
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo(256L << 20);
    assertThat(cgroup("pids", id, "pids.max")).isEqualTo(100);
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo(100_000);
    assertThat(cgroup("cpu", id, "cpu.cfs_period_us")).isEqualTo(100_000);

    // A fork loop inside the workspace stops at the ceiling, not at the 4M the stack asked for.
    run(
        runtime,
        id,
        "i=0; while [ $i -lt 300 ]; do sleep 60 >/dev/null 2>&1 & i=$((i+1)); done 2>/dev/null;"
            + " exit 0");
    assertThat(cgroup("pids", id, "pids.current")).isBetween(10L, 100L);
  }

  @Test
  void aRepositoryStackWithoutResourcesGetsTheDefaults() throws Exception {
    String id = TestRuntimes.newId();
    StartResult result = start(id, "{ \"name\": \"No limits\" }");

    assertThat(result.stack().resources()).isEqualTo(Resources.UNLIMITED);
    assertThat(result.resources().effective()).isEqualTo(POLICY.defaults());
    assertThat(result.resources().clamped()).isFalse();
    assertThat(result.resources().adjustments())
        .extracting(ResourceAdjustment::resource)
        .containsExactly(ResourceKind.CPU, ResourceKind.MEMORY, ResourceKind.PIDS);
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo(128L << 20);
    assertThat(cgroup("pids", id, "pids.max")).isEqualTo(64);
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo(50_000);
  }

  @Test
  void limitsWithinTheCeilingsAreKeptAndAChangedPolicyAppliesAtTheNextStart() throws Exception {
    String id = TestRuntimes.newId();
    String url =
        TestRuntimes.bareRepository(
                temp,
                Map.of(
                    ".atelier/stack.json",
                    "{ \"customizations\": { \"atelier\": { \"resources\":"
                        + " { \"memory\": \"200Mi\", \"pids\": 80 } } } }"))
            .toUri()
            .toString();
    StartResult first = runtime.start(spec(id, url, POLICY)).get(60, TimeUnit.SECONDS);
    assertThat(first.resources().effective()).isEqualTo(new Resources(500, 200L << 20, 80));
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo(200L << 20);

    runtime.stop(id).get(30, TimeUnit.SECONDS);
    ResourcePolicy lowered =
        new ResourcePolicy(new Resources(250, 64L << 20, 32), new Resources(500, 96L << 20, 50));
    StartResult second = runtime.start(spec(id, url, lowered)).get(60, TimeUnit.SECONDS);

    assertThat(second.resources().effective()).isEqualTo(new Resources(250, 96L << 20, 50));
    assertThat(cgroup("memory", id, "memory.limit_in_bytes")).isEqualTo(96L << 20);
    assertThat(cgroup("pids", id, "pids.max")).isEqualTo(50);
    assertThat(cgroup("cpu", id, "cpu.cfs_quota_us")).isEqualTo(25_000);
  }

  private StartResult start(String id, String stackFile) throws Exception {
    String url =
        TestRuntimes.bareRepository(temp, Map.of(".atelier/stack.json", stackFile))
            .toUri()
            .toString();
    return runtime.start(spec(id, url, POLICY)).get(60, TimeUnit.SECONDS);
  }

  private static WorkspaceSpec spec(String id, String repository, ResourcePolicy policy) {
    return new WorkspaceSpec(id, "owner", TestRuntimes.stack(), repository, Map.of(), policy);
  }

  private static long cgroup(String controller, String id, String file) throws Exception {
    return Long.parseLong(
        Files.readString(Path.of("/sys/fs/cgroup", controller, "atelier", id, file)).trim());
  }
}
