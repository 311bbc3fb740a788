package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workspace lifecycle against fabric8's mock API server in CRUD mode: the test plays the
 * kubelet by writing pod statuses ({@link Kubelet}); the runtime sees them through its pod
 * informer.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkspaceRuntimeIntegrationTests {

  private static final String NS = "atelier-ws";

  KubernetesMockServer server;
  KubernetesClient client;

  private KubernetesWorkspaceRuntime runtime;
  private Kubelet kubelet;
  private final TestStacks.Events events = new TestStacks.Events();

  @BeforeEach
  void setUp() {
    KubernetesRuntimeProperties properties = TestStacks.properties(NS);
    properties.setStorageClass("fast-ssd");
    properties.setStorageSize("20Gi");
    runtime = new KubernetesWorkspaceRuntime(client, properties);
    runtime.subscribe(events::add);
    kubelet = new Kubelet(client, NS);
  }

  @AfterEach
  void tearDown() {
    runtime.close();
  }

  @Test
  void startCreatesHardenedPodVolumeAndPolicyFromTheStack() throws Exception {
    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("w1"));
    Pod pod = kubelet.awaitPod("ws-w1");

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("atelier.dev/workspace-id", "w1")
        .containsEntry("atelier.dev/owner", "alice-example.com")
        .containsEntry("atelier.dev/stack", "python")
        .containsEntry("app.kubernetes.io/managed-by", "atelier")
        .containsEntry("app.kubernetes.io/component", "workspace")
        .containsEntry("team", "blue");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("atelier.dev/owner", "alice@example.com")
        .containsEntry("atelier.dev/stack", "python");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(1000L);
    assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(1000L);
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.getSpec().getInitContainers())
        .extracting(Container::getName)
        .containsExactly("agent");

    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getName()).isEqualTo("workspace");
    assertThat(container.getImage()).isEqualTo("python:3.11");
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("PYTHONUNBUFFERED");
              assertThat(env.getValue()).isEqualTo("1");
            });
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8000));
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("2000m"))
        .containsEntry("memory", new Quantity("2Gi"));
    assertThat(container.getResources().getLimits())
        .isEqualTo(container.getResources().getRequests());
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getPrivileged()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/workspace");
              assertThat(mount.getName()).isEqualTo("workspace");
            });
    assertThat(pod.getSpec().getVolumes())
        .anySatisfy(
            volume ->
                assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("ws-w1"));

    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(NS).withName("ws-w1").get();
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("20Gi"));
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getMetadata().getLabels()).containsEntry("atelier.dev/workspace-id", "w1");

    NetworkPolicy policy =
        client.network().v1().networkPolicies().inNamespace(NS).withName("ws-w1").get();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("atelier.dev/workspace-id", "w1"));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(
                        peer ->
                            assertThat(peer.getPodSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/name", "atelier")
                                .containsEntry("app.kubernetes.io/component", "server")));

    assertThat(started).isNotDone();
    kubelet.report("ws-w1", Kubelet.running());
    StartResult result = started.get(15, TimeUnit.SECONDS);
    assertThat(result.stack().id()).isEqualTo("python");
    assertThat(result.stackSource()).isEqualTo("builtin");
    assertThat(phases("w1")).containsSubsequence(Phase.CREATING, Phase.RUNNING);
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withName("ws-w1")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("atelier.dev/initialized", "true");
    assertThat(runtime.activeWorkspaces()).containsExactly("w1");
  }

  @Test
  void stopDeletesThePodButKeepsTheVolumeAndDeleteRemovesEverything() throws Exception {
    startRunning("w2");
    String volumeUid =
        client
            .persistentVolumeClaims()
            .inNamespace(NS)
            .withName("ws-w2")
            .get()
            .getMetadata()
            .getUid();

    runtime.stop("w2").get(15, TimeUnit.SECONDS);
    assertThat(client.pods().inNamespace(NS).withName("ws-w2").get()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("ws-w2").get()).isNotNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName("ws-w2").get())
        .isNotNull();
    assertThat(phases("w2")).endsWith(Phase.RUNNING, Phase.STOPPING, Phase.STOPPED);
    assertThat(runtime.activeWorkspaces()).doesNotContain("w2");
    assertThatThrownBy(() -> runtime.exec("w2", ExecRequest.of("true")))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_RUNNING));

    // A restart reuses the volume and does not initialise it again.
    CompletableFuture<StartResult> again = runtime.start(TestStacks.spec("w2"));
    kubelet.report("ws-w2", Kubelet.running());
    again.get(15, TimeUnit.SECONDS);
    assertThat(
            client
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withName("ws-w2")
                .get()
                .getMetadata()
                .getUid())
        .isEqualTo(volumeUid);

    runtime.delete("w2").get(15, TimeUnit.SECONDS);
    assertThat(client.pods().inNamespace(NS).withName("ws-w2").get()).isNull();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("ws-w2").get()).isNull();
    assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName("ws-w2").get())
        .isNull();
  }

  @Test
  void firstStartWithRepositoryClonesInAHardenedInitContainerAndReportsCloneFailure()
      throws Exception {
    CompletableFuture<StartResult> started =
        runtime.start(TestStacks.spec("w3", "https://git.example.com/team/app.git"));
    Pod pod = kubelet.awaitPod("ws-w3");
    Container clone = pod.getSpec().getInitContainers().get(1);
    assertThat(clone.getName()).isEqualTo("clone");
    assertThat(clone.getImage()).isEqualTo("alpine/git:2.47.2");
    assertThat(clone.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("ATELIER_REPOSITORY");
              assertThat(env.getValue()).isEqualTo("https://git.example.com/team/app.git");
            });
    assertThat(clone.getCommand()).doesNotContain("https://git.example.com/team/app.git");
    assertThat(clone.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(clone.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(clone.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");

    kubelet.report("ws-w3", Kubelet.cloning());
    RuntimeEvent cloning = events.await("w3", e -> e.phase() == Phase.INITIALIZING);
    assertThat(cloning.conditions()).extracting(Condition::type).containsExactly("cloning");

    kubelet.report(
        "ws-w3", Kubelet.cloneFailed("repository not found: https://git.example.com/team/app.git"));
    assertThatThrownBy(() -> started.get(15, TimeUnit.SECONDS))
        .hasCauseInstanceOf(WorkspaceRuntimeException.class)
        .cause()
        .satisfies(
            e -> {
              assertThat(((WorkspaceRuntimeException) e).code()).isEqualTo(ErrorCode.CLONE_FAILED);
              assertThat(e.getMessage())
                  .isEqualTo("repository not found: https://git.example.com/team/app.git");
            });
    RuntimeEvent failed = events.await("w3", e -> e.phase() == Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("cloneFailed");
              assertThat(c.message())
                  .isEqualTo("repository not found: https://git.example.com/team/app.git");
            });
    awaitPodGone("ws-w3");
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("ws-w3").get()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ImagePullBackOff",
        "ErrImagePull",
        "CrashLoopBackOff",
        "CreateContainerConfigError"
      })
  void containerThatCannotStartFailsWithItsReason(String reason) throws Exception {
    String id = "w-" + reason.toLowerCase();
    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec(id));
    kubelet.report("ws-" + id, Kubelet.waiting(reason, "Back-off doing " + reason));

    WorkspaceRuntimeException error = failure(started);
    assertThat(error.code()).isEqualTo(ErrorCode.START_FAILED);
    assertThat(error.getMessage()).startsWith(reason + ": Back-off doing " + reason);
    RuntimeEvent failed = events.await(id, e -> e.phase() == Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo(reason);
              assertThat(c.message()).contains("Back-off doing " + reason);
            });
    if (reason.contains("Image")) {
      assertThat(failed.conditions().get(0).message()).contains("python:3.11");
    }
    awaitPodGone("ws-" + id);
  }

  @Test
  void podThatNoNodeCanTakeFailsAsUnschedulable() throws Exception {
    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("w4"));
    kubelet.report(
        "ws-w4", Kubelet.unschedulable("0/3 nodes are available: 3 Insufficient memory."));

    assertThat(failure(started).getMessage()).contains("Unschedulable", "Insufficient memory");
    RuntimeEvent failed = events.await("w4", e -> e.phase() == Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("Unschedulable");
              assertThat(c.message())
                  .contains("0/3 nodes are available", "lower the stack's resources");
            });
    awaitPodGone("ws-w4");
  }

  @Test
  void runningWorkspaceKilledForMemoryFailsAsOomKilled() throws Exception {
    startRunning("w5");
    kubelet.report("ws-w5", Kubelet.oomKilled());

    RuntimeEvent failed = events.await("w5", e -> e.phase() == Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("OOMKilled");
              assertThat(c.message()).contains("limit 2Gi", "resources.memory");
            });
    awaitPodGone("ws-w5");
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("ws-w5").get()).isNotNull();
  }

  @Test
  void startThatNeverGetsRunningTimesOut() throws Exception {
    KubernetesRuntimeProperties properties = TestStacks.properties(NS);
    properties.setStartTimeout(Duration.ofSeconds(2));
    try (KubernetesWorkspaceRuntime impatient =
        new KubernetesWorkspaceRuntime(client, properties)) {
      TestStacks.Events seen = new TestStacks.Events();
      impatient.subscribe(seen::add);
      CompletableFuture<StartResult> started = impatient.start(TestStacks.spec("w6"));
      kubelet.report("ws-w6", Kubelet.waiting("ContainerCreating", null));

      WorkspaceRuntimeException error = failure(started);
      assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(error.getMessage()).contains("did not start within 2 s", "start-timeout");
      RuntimeEvent failed = seen.await("w6", e -> e.phase() == Phase.FAILED);
      assertThat(failed.conditions()).extracting(Condition::type).containsExactly("timeout");
      awaitPodGone("ws-w6");
    }
  }

  @Test
  void stopDuringStartCancelsTheStartWithoutFailingTheWorkspace() throws Exception {
    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("w7"));
    kubelet.awaitPod("ws-w7");
    runtime.stop("w7").get(15, TimeUnit.SECONDS);

    assertThat(failure(started).getMessage()).contains("stopped before it was running");
    assertThat(phases("w7")).doesNotContain(Phase.FAILED).endsWith(Phase.STOPPING, Phase.STOPPED);
    assertThat(client.pods().inNamespace(NS).withName("ws-w7").get()).isNull();
  }

  @Test
  void newRuntimeInstanceReconcilesExistingPodsByLabel() throws Exception {
    startRunning("w8");
    startRunning("w9");
    runtime.stop("w9").get(15, TimeUnit.SECONDS);
    runtime.close();

    // A server restart: a new runtime over the same cluster, knowing nothing.
    try (KubernetesWorkspaceRuntime restarted =
        new KubernetesWorkspaceRuntime(client, TestStacks.properties(NS))) {
      TestStacks.Events seen = new TestStacks.Events();
      restarted.subscribe(seen::add);
      assertThat(restarted.activeWorkspaces()).containsExactly("w8");
      seen.await("w8", e -> e.phase() == Phase.RUNNING);

      // It keeps watching: a failure after the restart is reported and cleaned up.
      kubelet.report("ws-w8", Kubelet.oomKilled());
      seen.await("w8", e -> e.phase() == Phase.FAILED);
      awaitPodGone("ws-w8");
      assertThat(restarted.activeWorkspaces()).isEmpty();
    }
  }

  @Test
  void podDeletedBehindTheServersBackIsReportedStopped() throws Exception {
    startRunning("w10");
    client.pods().inNamespace(NS).withName("ws-w10").delete();

    RuntimeEvent stopped = events.await("w10", e -> e.phase() == Phase.STOPPED);
    assertThat(stopped.conditions()).extracting(Condition::type).containsExactly("podDeleted");
  }

  @Test
  void invalidIdsAndMissingWorkspacesAreTypedErrors() {
    assertThatThrownBy(() -> runtime.start(TestStacks.spec("Not_Valid")))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> runtime.files("nothing-here").list(""))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_RUNNING));
    assertThatThrownBy(() -> runtime.listeningPorts("nothing-here"))
        .isInstanceOfSatisfying(
            WorkspaceRuntimeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_RUNNING));
    assertThat(runtime.stop("nothing-here")).succeedsWithin(Duration.ofSeconds(10));
  }

  @Test
  void secondStartWhileStartingJoinsTheFirst() throws Exception {
    CompletableFuture<StartResult> first = runtime.start(TestStacks.spec("w11"));
    CompletableFuture<StartResult> second = runtime.start(TestStacks.spec("w11"));
    assertThat(second).isSameAs(first);
    kubelet.report("ws-w11", Kubelet.running());
    first.get(15, TimeUnit.SECONDS);
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withLabel("atelier.dev/workspace-id", "w11")
                .list()
                .getItems())
        .hasSize(1);
  }

  private void startRunning(String id) throws Exception {
    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec(id));
    kubelet.report("ws-" + id, Kubelet.running());
    started.get(15, TimeUnit.SECONDS);
  }

  private List<Phase> phases(String id) {
    return events.of(id).stream().map(RuntimeEvent::phase).toList();
  }

  private void awaitPodGone(String name) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(NS).withName(name).get() == null);
  }

  private static WorkspaceRuntimeException failure(CompletableFuture<?> future)
      throws InterruptedException {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WorkspaceRuntimeException.class);
      return (WorkspaceRuntimeException) e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the start neither failed nor finished", e);
    }
    throw new AssertionError("the start succeeded but should have failed");
  }
}
