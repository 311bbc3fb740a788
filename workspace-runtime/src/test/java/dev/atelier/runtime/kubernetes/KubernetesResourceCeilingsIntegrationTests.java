package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.ResourceAdjustment;
import dev.atelier.runtime.spi.ResourcePolicy;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's defaults and ceilings reach the pod: a repository's stack asking for the machine
 * gets the ceilings as pod limits, one without resources the defaults.
 */
class KubernetesResourceCeilingsIntegrationTests {

  private static final String NS = "atelier-ceilings";
  private static final String REPOSITORY = "https://git.example.com/team/hungry.git";
  private static final ResourcePolicy POLICY =
      new ResourcePolicy(new Resources(1000, 1L << 30, 256), new Resources(4000, 8L << 30, 2048));

  private MockCluster cluster;
  private KubernetesWorkspaceRuntime runtime;
  private Kubelet kubelet;
  private CompletableFuture<StartResult> started;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    runtime = new KubernetesWorkspaceRuntime(cluster.runtimeClient, TestStacks.properties(NS));
    kubelet = new Kubelet(cluster.testClient, NS);
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    cluster.close();
  }

  @Test
  void aRepositoryStackAskingForTheMachineGetsTheCeilingsAsPodLimits() throws Exception {
    Pod pod =
        startWithRepositoryStack(
            "c1",
            "{ \"customizations\": { \"atelier\": { \"resources\":"
                + " { \"cpu\": 64, \"memory\": \"100Ti\", \"pids\": 4194304 } } } }");

    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getResources().getLimits())
        .containsOnly(
            Map.entry("cpu", new Quantity("4000m")), Map.entry("memory", new Quantity("8Gi")));
    assertThat(container.getResources().getRequests())
        .isEqualTo(container.getResources().getLimits());
    kubelet.report("ws-c1", Kubelet.running());

    StartResult result = started.get(20, TimeUnit.SECONDS);
    assertThat(result.stack().resources()).isEqualTo(new Resources(64_000, 100L << 40, 4194304));
    // A pod has no process limit of its own, so none is reported.
    assertThat(result.resources().effective()).isEqualTo(new Resources(4000, 8L << 30, 0));
    assertThat(result.resources().adjustments())
        .extracting(ResourceAdjustment::message)
        .containsExactly(
            "CPU limited to 4 CPUs by this server (the stack asked for 64 CPUs)",
            "Memory limited to 8 GiB by this server (the stack asked for 100 TiB)");
  }

  @Test
  void aRepositoryStackWithoutResourcesGetsTheDefaultsAsPodLimits() throws Exception {
    Pod pod = startWithRepositoryStack("c2", "{ \"name\": \"Bare\" }");

    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnly(
            Map.entry("cpu", new Quantity("1000m")), Map.entry("memory", new Quantity("1Gi")));
    kubelet.report("ws-c2", Kubelet.running());

    StartResult result = started.get(20, TimeUnit.SECONDS);
    assertThat(result.resources().effective()).isEqualTo(new Resources(1000, 1L << 30, 0));
    assertThat(result.resources().clamped()).isFalse();
  }

  @Test
  void theChosenStackIsBoundedBeforeThePodIsCreated() throws Exception {
    ResourcePolicy small =
        new ResourcePolicy(new Resources(250, 256L << 20, 64), new Resources(500, 512L << 20, 128));
    started =
        runtime.start(new WorkspaceSpec("c3", "alice", TestStacks.python(), null, Map.of(), small));

    Pod pod = kubelet.awaitPod("ws-c3");

    // python asks for 2 CPUs and 2 GiB.
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnly(
            Map.entry("cpu", new Quantity("500m")), Map.entry("memory", new Quantity("512Mi")));
    kubelet.report("ws-c3", Kubelet.running());
    assertThat(started.get(20, TimeUnit.SECONDS).resources().clamped()).isTrue();
  }

  /** Starts with python (2 CPUs, 2 GiB) and a repository stack file; returns the second pod. */
  private Pod startWithRepositoryStack(String id, String stackFile) throws Exception {
    Path volume = cluster.workspace("ws-" + id);
    Files.createDirectories(volume.resolve(".git"));
    Files.createDirectories(volume.resolve(".atelier"));
    Files.writeString(volume.resolve(".atelier/stack.json"), stackFile);
    started =
        runtime.start(
            new WorkspaceSpec(id, "alice", TestStacks.python(), REPOSITORY, Map.of(), POLICY));
    Pod first = kubelet.awaitPod("ws-" + id);
    assertThat(first.getSpec().getContainers().get(0).getResources().getLimits())
        .containsOnly(
            Map.entry("cpu", new Quantity("2000m")), Map.entry("memory", new Quantity("2Gi")));
    kubelet.report("ws-" + id, Kubelet.running());
    String oldUid = first.getMetadata().getUid();
    return Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> cluster.testClient.pods().inNamespace(NS).withName("ws-" + id).get(),
            pod -> pod != null && !pod.getMetadata().getUid().equals(oldUid));
  }
}
