package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.Condition;
import dev.atelier.runtime.spi.Phase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maps what the kubelet reports about a workspace pod to a workspace {@link Phase} and the
 * conditions that say why. Kubernetes reasons keep their spelling as condition types ({@code
 * ImagePullBackOff}, {@code OOMKilled}, {@code Unschedulable}, {@code CrashLoopBackOff}); a clone
 * failure becomes {@code cloneFailed} with the init container's termination message.
 *
 * <p>A pod that would only retry forever (an image that cannot be pulled, a container that keeps
 * crashing, a pod no node can take) is {@link Phase#FAILED}: the user has to change the stack or
 * ask an administrator, and the runtime then deletes the pod so that it stops using the cluster.
 */
final class PodStatusMapper {

  /** A phase and its conditions; {@link Phase#RUNNING} means the workspace container is ready. */
  record PodState(Phase phase, List<Condition> conditions) {
    PodState {
      conditions = List.copyOf(conditions);
    }

    static PodState of(Phase phase, String type, String message) {
      return new PodState(phase, List.of(Condition.of(type, message)));
    }

    boolean failed() {
      return phase == Phase.FAILED;
    }

    /** The first condition's type, or empty. */
    String reason() {
      return conditions.isEmpty() ? "" : conditions.get(0).type();
    }

    String message() {
      return conditions.isEmpty() ? "" : conditions.get(0).message();
    }
  }

  static final String CLONE_FAILED = "cloneFailed";

  private static final Set<String> IMAGE_REASONS =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable");
  private static final Set<String> FATAL_WAITING =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "RegistryUnavailable",
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private PodStatusMapper() {}

  static PodState map(Pod pod) {
    if (pod == null) {
      return PodState.of(Phase.STOPPED, "podDeleted", "the workspace pod is gone");
    }
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
      return PodState.of(Phase.STOPPING, "podTerminating", "the workspace pod is being deleted");
    }
    PodStatus status = pod.getStatus();
    if (status == null || status.getPhase() == null) {
      return PodState.of(
          Phase.CREATING, "scheduling", "waiting for the scheduler to place the pod");
    }
    if ("Failed".equals(status.getPhase())) {
      String reason = Optional.ofNullable(status.getReason()).orElse("podFailed");
      return PodState.of(
          Phase.FAILED, reason, orElse(status.getMessage(), "the workspace pod failed"));
    }
    if ("Succeeded".equals(status.getPhase())) {
      return PodState.of(Phase.FAILED, "containerExited", "the workspace container exited");
    }
    Optional<PodCondition> unschedulable =
        condition(status, "PodScheduled")
            .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
    if (unschedulable.isPresent()) {
      return PodState.of(
          Phase.FAILED,
          "Unschedulable",
          orElse(unschedulable.get().getMessage(), "no node can run the workspace")
              + "; lower the stack's resources or ask the cluster administrator for capacity");
    }
    PodState init = initContainers(pod, status);
    if (init != null) {
      return init;
    }
    return workspaceContainer(pod, status);
  }

  private static PodState initContainers(Pod pod, PodStatus status) {
    List<Container> specs = pod.getSpec() == null ? List.of() : pod.getSpec().getInitContainers();
    for (Container spec : specs) {
      ContainerStatus container = status(status.getInitContainerStatuses(), spec.getName());
      if (container == null) {
        return PodState.of(Phase.CREATING, "containerCreating", "preparing " + spec.getName());
      }
      PodState failure = failure(pod, spec, container, true);
      if (failure != null) {
        return failure;
      }
      ContainerState state = container.getState();
      if (state != null && state.getTerminated() != null) {
        continue; // completed with exit code 0
      }
      if (state != null && state.getRunning() != null) {
        return WorkspaceObjects.CLONE_CONTAINER.equals(spec.getName())
            ? PodState.of(Phase.INITIALIZING, "cloning", "cloning " + repository(pod))
            : PodState.of(Phase.INITIALIZING, "initializing", "running " + spec.getName());
      }
      return PodState.of(Phase.CREATING, "containerCreating", waitingMessage(container, spec));
    }
    return null;
  }

  private static PodState workspaceContainer(Pod pod, PodStatus status) {
    Container spec =
        pod.getSpec() == null
            ? null
            : pod.getSpec().getContainers().stream()
                .filter(c -> WorkspaceObjects.WORKSPACE_CONTAINER.equals(c.getName()))
                .findFirst()
                .orElse(null);
    String name = spec == null ? WorkspaceObjects.WORKSPACE_CONTAINER : spec.getName();
    ContainerStatus container = status(status.getContainerStatuses(), name);
    if (container == null) {
      boolean scheduled =
          condition(status, "PodScheduled").filter(c -> "True".equals(c.getStatus())).isPresent();
      return scheduled
          ? PodState.of(
              Phase.CREATING, "containerCreating", "pulling the image and starting the container")
          : PodState.of(Phase.CREATING, "scheduling", "waiting for the scheduler to place the pod");
    }
    PodState failure = failure(pod, spec, container, false);
    if (failure != null) {
      return failure;
    }
    ContainerState state = container.getState();
    if (state != null && state.getRunning() != null) {
      return Boolean.TRUE.equals(container.getReady()) && "Running".equals(status.getPhase())
          ? new PodState(Phase.RUNNING, List.of())
          : PodState.of(Phase.CREATING, "containerStarting", "the workspace container is starting");
    }
    return PodState.of(Phase.CREATING, "containerCreating", waitingMessage(container, spec));
  }

  /** A state the container will not leave by itself, or {@code null}. */
  private static PodState failure(
      Pod pod, Container spec, ContainerStatus container, boolean init) {
    ContainerState state = container.getState();
    ContainerStateTerminated terminated = terminated(state);
    ContainerStateTerminated last = terminated(container.getLastState());
    for (ContainerStateTerminated t : new ContainerStateTerminated[] {terminated, last}) {
      if (t != null && "OOMKilled".equals(t.getReason())) {
        return PodState.of(
            Phase.FAILED,
            "OOMKilled",
            container.getName()
                + " ran out of memory"
                + memoryLimit(spec).map(limit -> " (limit " + limit + ")").orElse("")
                + " and was killed; raise resources.memory in the stack");
      }
    }
    if (init) {
      ContainerStateTerminated failed =
          terminated != null && nonZero(terminated)
              ? terminated
              : last != null && nonZero(last) ? last : null;
      if (failed != null) {
        String message =
            orElse(
                trim(failed.getMessage()),
                container.getName() + " exited with " + failed.getExitCode());
        return WorkspaceObjects.CLONE_CONTAINER.equals(container.getName())
            ? PodState.of(Phase.FAILED, CLONE_FAILED, message)
            : PodState.of(Phase.FAILED, "initFailed", message);
      }
    } else if (terminated != null) {
      return PodState.of(
          Phase.FAILED,
          "containerExited",
          "the workspace container exited with "
              + terminated.getExitCode()
              + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"));
    }
    ContainerStateWaiting waiting = state == null ? null : state.getWaiting();
    if (waiting != null && FATAL_WAITING.contains(waiting.getReason())) {
      String image = spec == null ? container.getImage() : spec.getImage();
      String hint =
          IMAGE_REASONS.contains(waiting.getReason())
              ? "; check the image \"" + image + "\" exists and the cluster may pull it"
              : "";
      return PodState.of(
          Phase.FAILED,
          waiting.getReason(),
          orElse(waiting.getMessage(), container.getName() + ": " + waiting.getReason()) + hint);
    }
    return null;
  }

  private static String waitingMessage(ContainerStatus container, Container spec) {
    ContainerStateWaiting waiting =
        container.getState() == null ? null : container.getState().getWaiting();
    String image = spec == null ? container.getImage() : spec.getImage();
    if (waiting != null && waiting.getMessage() != null) {
      return waiting.getMessage();
    }
    return "pulling " + image + " and starting " + container.getName();
  }

  private static ContainerStateTerminated terminated(ContainerState state) {
    return state == null ? null : state.getTerminated();
  }

  private static boolean nonZero(ContainerStateTerminated terminated) {
    return terminated.getExitCode() != null && terminated.getExitCode() != 0;
  }

  private static Optional<String> memoryLimit(Container spec) {
    if (spec == null || spec.getResources() == null || spec.getResources().getLimits() == null) {
      return Optional.empty();
    }
    Map<String, Quantity> limits = spec.getResources().getLimits();
    return Optional.ofNullable(limits.get("memory")).map(Quantity::toString);
  }

  private static ContainerStatus status(List<ContainerStatus> statuses, String name) {
    if (statuses == null) {
      return null;
    }
    return statuses.stream()
        .filter(s -> Objects.equals(name, s.getName()))
        .findFirst()
        .orElse(null);
  }

  private static Optional<PodCondition> condition(PodStatus status, String type) {
    if (status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String repository(Pod pod) {
    Map<String, String> annotations =
        pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    String repository =
        annotations == null ? null : annotations.get(WorkspaceLabels.ANNOTATION_REPOSITORY);
    return repository == null ? "the repository" : repository;
  }

  private static String trim(String text) {
    return text == null ? null : text.strip();
  }

  private static String orElse(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text;
  }
}
