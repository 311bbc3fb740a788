package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.kubernetes.PodStatusMapper.PodState;
import dev.atelier.runtime.spi.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PodStatusMapperTests {

  private final WorkspaceObjects objects =
      new WorkspaceObjects(new KubernetesRuntimeProperties(), "ns");

  private Pod pod(boolean clone) {
    return objects.pod(
        TestStacks.spec("m1", "https://git.example.com/a.git"), TestStacks.python(), clone);
  }

  private PodState map(boolean clone, UnaryOperator<Pod> status) {
    return PodStatusMapper.map(status.apply(pod(clone)));
  }

  @Test
  void aPodWithoutStatusWaitsForTheScheduler() {
    PodState state = PodStatusMapper.map(pod(false));
    assertThat(state.phase()).isEqualTo(Phase.CREATING);
    assertThat(state.reason()).isEqualTo("scheduling");
  }

  @Test
  void readyWorkspaceContainerIsRunning() {
    assertThat(map(true, Kubelet.running()))
        .isEqualTo(new PodState(Phase.RUNNING, java.util.List.of()));
  }

  @Test
  void runningCloneIsInitializingAndNamesTheRepository() {
    PodState state = map(true, Kubelet.cloning());
    assertThat(state.phase()).isEqualTo(Phase.INITIALIZING);
    assertThat(state.reason()).isEqualTo("cloning");
    assertThat(state.message()).isEqualTo("cloning https://git.example.com/a.git");
  }

  @Test
  void failedCloneCarriesTheTerminationMessage() {
    PodState state = map(true, Kubelet.cloneFailed("authentication required: x is private\n"));
    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.reason()).isEqualTo("cloneFailed");
    assertThat(state.message()).isEqualTo("authentication required: x is private");
  }

  @Test
  void cloneThatFailedBeforeAndIsRetriedStillFails() {
    PodState state =
        map(
            true,
            pod -> {
              Pod cloning = Kubelet.cloning().apply(pod);
              cloning.getStatus().getInitContainerStatuses().stream()
                  .filter(status -> status.getName().equals("clone"))
                  .findFirst()
                  .orElseThrow()
                  .setLastState(Kubelet.terminated("clone", 1, "Error", null).getState());
              return cloning;
            });
    assertThat(state.reason()).isEqualTo("cloneFailed");
    assertThat(state.message()).isEqualTo("clone exited with 1");
  }

  @Test
  void imagePullErrorsAndCrashLoopsFail() {
    for (String reason :
        new String[] {"ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CrashLoopBackOff"}) {
      PodState state = map(false, Kubelet.waiting(reason, "boom"));
      assertThat(state.phase()).as(reason).isEqualTo(Phase.FAILED);
      assertThat(state.reason()).isEqualTo(reason);
    }
    assertThat(map(false, Kubelet.waiting("ImagePullBackOff", "Back-off")).message())
        .isEqualTo("Back-off; check the image \"python:3.11\" exists and the cluster may pull it");
  }

  @Test
  void containerCreatingIsProgressNotFailure() {
    PodState state = map(false, Kubelet.waiting("ContainerCreating", null));
    assertThat(state.phase()).isEqualTo(Phase.CREATING);
    assertThat(state.message()).contains("python:3.11");
  }

  @Test
  void oomKilledNamesTheLimit() {
    PodState state = map(false, Kubelet.oomKilled());
    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.reason()).isEqualTo("OOMKilled");
    assertThat(state.message())
        .isEqualTo(
            "workspace ran out of memory (limit 2Gi) and was killed; raise resources.memory in the stack");
  }

  @Test
  void unschedulableFailsWithTheSchedulersMessage() {
    PodState state =
        map(false, Kubelet.unschedulable("0/2 nodes are available: 2 Insufficient cpu."));
    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.reason()).isEqualTo("Unschedulable");
    assertThat(state.message()).startsWith("0/2 nodes are available: 2 Insufficient cpu.");
  }

  @Test
  void evictedPodFailsWithItsReasonAndDeletionMeansStopping() {
    Pod evicted =
        new PodBuilder(pod(false))
            .withStatus(
                new PodStatusBuilder()
                    .withPhase("Failed")
                    .withReason("Evicted")
                    .withMessage("low on disk")
                    .build())
            .build();
    PodState state = PodStatusMapper.map(evicted);
    assertThat(state.phase()).isEqualTo(Phase.FAILED);
    assertThat(state.reason()).isEqualTo("Evicted");
    assertThat(state.message()).isEqualTo("low on disk");
    Pod deleting =
        new PodBuilder(Kubelet.running().apply(pod(false)))
            .editMetadata()
            .withDeletionTimestamp("2026-11-25T10:00:00Z")
            .endMetadata()
            .build();
    assertThat(PodStatusMapper.map(deleting).phase()).isEqualTo(Phase.STOPPING);
    assertThat(PodStatusMapper.map(null).phase()).isEqualTo(Phase.STOPPED);
  }
}
