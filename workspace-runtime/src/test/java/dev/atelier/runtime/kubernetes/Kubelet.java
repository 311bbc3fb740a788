package dev.atelier.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * Plays the kubelet and the scheduler in tests against the mock API server: writes pod statuses
 * through the status subresource, as they would.
 */
final class Kubelet {

  private final KubernetesClient client;
  private final String namespace;

  Kubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Waits for the pod to exist, then returns it. */
  Pod awaitPod(String name) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(namespace).withName(name).get(), pod -> pod != null);
  }

  /**
   * Replaces the status of the pod {@code name} with what {@code status} makes of the current pod.
   */
  Pod report(String name, UnaryOperator<Pod> status) {
    Pod pod = awaitPod(name);
    Pod updated = status.apply(pod);
    return client.pods().inNamespace(namespace).resource(updated).updateStatus();
  }

  static UnaryOperator<Pod> running() {
    return pod ->
        withStatus(
            pod,
            new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("10.0.0.7")
                .withConditions(scheduled(), condition("Ready", "True", null, null))
                .withInitContainerStatuses(
                    pod.getSpec().getInitContainers().stream()
                        .map(c -> terminated(c.getName(), 0, "Completed", null))
                        .toList())
                .withContainerStatuses(runningStatus("workspace", 0, null))
                .build());
  }

  static UnaryOperator<Pod> unschedulable(String message) {
    return pod ->
        withStatus(
            pod,
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(condition("PodScheduled", "False", "Unschedulable", message))
                .build());
  }

  /** The init containers completed; the workspace container waits for {@code reason}. */
  static UnaryOperator<Pod> waiting(String reason, String message) {
    return pod ->
        withStatus(
            pod,
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(scheduled())
                .withInitContainerStatuses(
                    pod.getSpec().getInitContainers().stream()
                        .map(c -> terminated(c.getName(), 0, "Completed", null))
                        .toList())
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("workspace")
                        .withImage(pod.getSpec().getContainers().get(0).getImage())
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .build());
  }

  static UnaryOperator<Pod> cloning() {
    return pod ->
        withStatus(
            pod,
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(scheduled())
                .withInitContainerStatuses(
                    terminated("agent", 0, "Completed", null),
                    new ContainerStatusBuilder()
                        .withName("clone")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-11-25T10:00:00Z")
                        .endRunning()
                        .endState()
                        .build())
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("workspace")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("PodInitializing")
                        .endWaiting()
                        .endState()
                        .build())
                .build());
  }

  static UnaryOperator<Pod> cloneFailed(String terminationMessage) {
    return pod ->
        withStatus(
            pod,
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(scheduled())
                .withInitContainerStatuses(
                    terminated("agent", 0, "Completed", null),
                    terminated("clone", 1, "Error", terminationMessage))
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("workspace")
                        .withReady(false)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason("PodInitializing")
                        .endWaiting()
                        .endState()
                        .build())
                .build());
  }

  /** The workspace container was killed for exceeding its memory limit and restarted. */
  static UnaryOperator<Pod> oomKilled() {
    return pod -> {
      Pod running = running().apply(pod);
      ContainerStatus status = running.getStatus().getContainerStatuses().get(0);
      status.setRestartCount(1);
      status.setLastState(terminated("workspace", 137, "OOMKilled", null).getState());
      return running;
    };
  }

  private static Pod withStatus(Pod pod, PodStatus status) {
    pod.setStatus(status);
    return pod;
  }

  private static PodCondition scheduled() {
    return condition("PodScheduled", "True", null, null);
  }

  private static PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static ContainerStatus runningStatus(String name, int restarts, String image) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image)
        .withReady(true)
        .withStarted(true)
        .withRestartCount(restarts)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-11-25T10:00:00Z")
        .endRunning()
        .endState()
        .build();
  }

  static ContainerStatus terminated(String name, int exitCode, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withReady(false)
        .withRestartCount(0)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(message)
        .endTerminated()
        .endState()
        .build();
  }

  static List<String> names(List<ContainerStatus> statuses) {
    return statuses.stream().map(ContainerStatus::getName).toList();
  }
}
