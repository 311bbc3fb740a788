package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.RuntimeEvent;
import dev.atelier.runtime.spi.StartResult;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Command;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The parts of a start that run inside the pod, through exec: the repository's own stack file,
 * {@code postCreateCommand} on the first start only, {@code postStartCommand} on every start. The
 * clone itself is the init container's job (its script is tested on its own); here the test puts
 * the cloned content into the folder standing for the volume.
 */
class KubernetesStartIntegrationTests {

  private static final String NS = "atelier-start";
  private static final String REPOSITORY = "https://git.example.com/team/web.git";

  private MockCluster cluster;
  private KubernetesWorkspaceRuntime runtime;
  private Kubelet kubelet;
  private final TestStacks.Events events = new TestStacks.Events();

  @BeforeEach
  void setUp() {
    cluster = new MockCluster();
    runtime = new KubernetesWorkspaceRuntime(cluster.runtimeClient, TestStacks.properties(NS));
    runtime.subscribe(events::add);
    kubelet = new Kubelet(cluster.testClient, NS);
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    cluster.close();
  }

  @Test
  void repositoryStackReplacesTheChosenStackAndLifecycleCommandsRun() throws Exception {
    Path volume = cluster.workspace("ws-s1");
    Files.createDirectories(volume.resolve(".git"));
    Files.createDirectories(volume.resolve(".atelier"));
    Files.writeString(
        volume.resolve(".atelier/stack.json"),
        """
        {
          "name": "Web",
          "image": "node:20",
          "forwardPorts": [3000],
          "postCreateCommand": "echo created >> created.txt",
          "postStartCommand": ["sh", "-c", "echo started >> started.txt"],
          "customizations": {"atelier": {"tasks": [{"name": "dev", "command": "npm run dev", "group": "run"}]}}
        }
        """);

    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("s1", REPOSITORY));
    Pod first = kubelet.awaitPod("ws-s1");
    assertThat(first.getSpec().getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly("agent", "clone");
    kubelet.report("ws-s1", Kubelet.running());

    // The repository asks for another image: the pod is recreated from its stack.
    Pod second = awaitNewPod("ws-s1", first.getMetadata().getUid());
    assertThat(second.getSpec().getContainers().get(0).getImage()).isEqualTo("node:20");
    assertThat(second.getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getContainerPort())
        .containsExactly(3000);
    assertThat(second.getSpec().getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly("agent");
    assertThat(second.getMetadata().getLabels()).containsEntry("atelier.dev/stack", "repository");
    kubelet.report("ws-s1", Kubelet.running());

    StartResult result = started.get(20, TimeUnit.SECONDS);
    assertThat(result.stackSource()).isEqualTo(".atelier/stack.json");
    assertThat(result.stack().image()).isEqualTo("node:20");
    assertThat(result.stack().task("dev")).isPresent();
    assertThat(Files.readString(volume.resolve("created.txt"))).isEqualTo("created\n");
    assertThat(Files.readString(volume.resolve("started.txt"))).isEqualTo("started\n");
    assertThat(events.of("s1"))
        .extracting(RuntimeEvent::phase)
        .containsSubsequence(Phase.CREATING, Phase.INITIALIZING, Phase.RUNNING)
        .doesNotContain(Phase.FAILED);
    assertThat(conditionTypes("s1"))
        .contains("applyingStack", "postCreateCommand", "postStartCommand");

    // Restart with the stack the server got back: same pod shape, postCreateCommand does not run
    // again.
    runtime.stop("s1").get(15, TimeUnit.SECONDS);
    CompletableFuture<StartResult> again =
        runtime.start(
            new WorkspaceSpec("s1", "alice@example.com", result.stack(), REPOSITORY, Map.of()));
    Pod third = kubelet.awaitPod("ws-s1");
    assertThat(third.getSpec().getInitContainers())
        .extracting(c -> c.getName())
        .containsExactly("agent");
    kubelet.report("ws-s1", Kubelet.running());
    assertThat(again.get(20, TimeUnit.SECONDS).stackSource()).isEqualTo(".atelier/stack.json");
    assertThat(Files.readString(volume.resolve("created.txt"))).isEqualTo("created\n");
    assertThat(Files.readString(volume.resolve("started.txt"))).isEqualTo("started\nstarted\n");
  }

  @Test
  void failingPostCreateCommandFailsTheStartAndLeavesTheVolumeUninitialised() throws Exception {
    WorkspaceSpec spec =
        new WorkspaceSpec(
            "s2",
            "bob",
            TestStacks.withCommands(
                TestStacks.python(),
                Command.shell("echo 'pip: no such package' >&2; exit 3"),
                null),
            null,
            Map.of());
    CompletableFuture<StartResult> started = runtime.start(spec);
    kubelet.report("ws-s2", Kubelet.running());

    WorkspaceRuntimeException error = failure(started);
    assertThat(error.code()).isEqualTo(ErrorCode.COMMAND_FAILED);
    assertThat(error.getMessage())
        .isEqualTo("postCreateCommand exited with 3: pip: no such package");
    RuntimeEvent failed = events.await("s2", e -> e.phase() == Phase.FAILED);
    assertThat(failed.conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("commandFailed");
              assertThat(c.message()).contains("exited with 3");
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.testClient.pods().inNamespace(NS).withName("ws-s2").get() == null);
    assertThat(
            cluster
                .testClient
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withName("ws-s2")
                .get()
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey("atelier.dev/initialized");
  }

  @Test
  void invalidRepositoryStackFailsWithStackInvalidNamingTheFile() throws Exception {
    Path volume = cluster.workspace("ws-s3");
    Files.createDirectories(volume.resolve(".devcontainer"));
    Files.writeString(volume.resolve(".devcontainer/devcontainer.json"), "{ \"image\": 42 }");

    CompletableFuture<StartResult> started = runtime.start(TestStacks.spec("s3", REPOSITORY));
    kubelet.report("ws-s3", Kubelet.running());

    WorkspaceRuntimeException error = failure(started);
    assertThat(error.code()).isEqualTo(ErrorCode.STACK_INVALID);
    assertThat(error.getMessage()).contains(".devcontainer/devcontainer.json", "image");
    assertThat(conditionTypes("s3")).contains("stackInvalid");
  }

  private List<String> conditionTypes(String id) {
    return events.of(id).stream()
        .flatMap(e -> e.conditions().stream())
        .map(Condition::type)
        .toList();
  }

  private Pod awaitNewPod(String name, String oldUid) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> cluster.testClient.pods().inNamespace(NS).withName(name).get(),
            pod -> pod != null && !pod.getMetadata().getUid().equals(oldUid));
  }

  private static WorkspaceRuntimeException failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (WorkspaceRuntimeException) e.getCause();
    }
    throw new AssertionError("the start should have failed");
  }
}
