package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Resources;
import dev.atelier.stacks.Stack;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the Kubernetes objects of a workspace from its spec and stack: the pod (hardened:
 * non-root, no privilege escalation, no capabilities, seccomp {@code RuntimeDefault}, no service
 * account token), the volume claim mounted at {@code /workspace}, the agent volume filled by the
 * {@code agent} init container from the server's image and mounted read-only at {@link
 * #AGENT_MOUNT}, and the NetworkPolicy admitting only the server pods.
 */
final class WorkspaceObjects {

  static final String WORKSPACE_CONTAINER = "workspace";
  static final String CLONE_CONTAINER = "clone";
  static final String TERMINATION_LOG = "/dev/termination-log";
  static final String AGENT_CONTAINER = "agent";

  /**
   * Where the agent image holds the agent: {@code agent.jar}, {@code jna.jar} and a {@code jlink}ed
   * {@code jre}.
   */
  static final String AGENT_IMAGE_DIR = "/opt/atelier/agent";

  /** Where the workspace container sees the agent volume, read-only. */
  static final String AGENT_MOUNT = "/opt/atelier";

  /** Where the agent init container sees the agent volume. */
  static final String AGENT_COPY_TARGET = "/mnt/atelier-agent";

  /** The jlinked runtime is about 55 MB; the volume is bounded so it cannot fill the node. */
  static final String AGENT_VOLUME_LIMIT = "256Mi";

  /**
   * Copies the agent into the volume, failing with a termination message that says what is wrong
   * when the image has no agent. {@code $1} is the volume.
   */
  static final String AGENT_COPY =
      """
      src=%s
      if [ ! -x "$src/jre/bin/java" ] || [ ! -f "$src/agent.jar" ] || [ ! -f "$src/jna.jar" ]; then
        msg="the agent image has no $src/jre/bin/java, $src/agent.jar and $src/jna.jar; build the server image with the jib profile (docs/kubernetes.md) and set atelier.runtime.kubernetes.agent-image to it"
        printf '%%s' "$msg" > %s; echo "$msg" >&2; exit 1
      fi
      cp -R "$src/." "$1/" || exit 1
      """
          .formatted(AGENT_IMAGE_DIR, TERMINATION_LOG);

  static final String HOME = "/home/atelier";
  private static final String VOLUME = "workspace";
  private static final String HOME_VOLUME = "home";
  private static final String AGENT_VOLUME = "atelier-agent";
  static final String AGENT_CPU = "100m";
  static final String AGENT_MEMORY = "128Mi";

  private final KubernetesRuntimeProperties properties;
  private final String namespace;

  WorkspaceObjects(KubernetesRuntimeProperties properties, String namespace) {
    this.properties = properties;
    this.namespace = namespace;
  }

  /** The image a stack runs in: its own, or the configured default. */
  String image(Stack stack) {
    return stack.image() == null || stack.image().isBlank()
        ? properties.getDefaultImage()
        : stack.image();
  }

  /**
   * What of a stack shapes the pod. Two stacks with the same shape run in the same pod, so a
   * repository's stack that only adds tasks needs no new pod.
   */
  record PodShape(
      String image,
      Map<String, String> env,
      List<Integer> ports,
      long cpuMillis,
      long memoryBytes) {}

  PodShape shape(Stack stack) {
    return new PodShape(
        image(stack),
        stack.containerEnv(),
        stack.forwardPorts(),
        stack.resources().cpuMillis(),
        stack.resources().memoryBytes());
  }

  Map<String, String> labels(WorkspaceSpec spec, Stack stack) {
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.put(WorkspaceLabels.MANAGED_BY, WorkspaceLabels.MANAGED_BY_VALUE);
    labels.put(WorkspaceLabels.NAME, WorkspaceLabels.NAME_VALUE);
    labels.put(WorkspaceLabels.COMPONENT, WorkspaceLabels.COMPONENT_VALUE);
    labels.put(WorkspaceLabels.WORKSPACE_ID, spec.workspaceId());
    labels.put(WorkspaceLabels.OWNER, WorkspaceLabels.labelValue(spec.ownerId()));
    labels.put(WorkspaceLabels.STACK, WorkspaceLabels.labelValue(stack.id()));
    return labels;
  }

  private Map<String, String> annotations(WorkspaceSpec spec, Stack stack) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(WorkspaceLabels.ANNOTATION_OWNER, Objects.toString(spec.ownerId(), ""));
    annotations.put(WorkspaceLabels.ANNOTATION_STACK, stack.id());
    annotations.put(WorkspaceLabels.ANNOTATION_STACK_NAME, stack.name());
    if (spec.repository() != null) {
      annotations.put(WorkspaceLabels.ANNOTATION_REPOSITORY, spec.repository());
    }
    return annotations;
  }

  /**
   * The workspace pod.
   *
   * @param clone whether to clone {@code spec.repository()} in an init container (first start)
   */
  Pod pod(WorkspaceSpec spec, Stack stack, boolean clone) {
    String name = WorkspaceLabels.objectName(spec.workspaceId());
    Map<String, String> annotations = annotations(spec, stack);
    annotations.put(WorkspaceLabels.ANNOTATION_DEFAULT_CONTAINER, WORKSPACE_CONTAINER);
    ResourceRequirements resources = resources(stack.resources());
    List<Container> initContainers = new ArrayList<>();
    initContainers.add(agentContainer());
    if (clone && spec.repository() != null) {
      initContainers.add(cloneContainer(spec.repository(), resources));
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels(spec, stack))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(10L)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(properties.getRunAsUser())
                .withRunAsGroup(properties.getRunAsGroup())
                .withFsGroup(properties.getRunAsGroup())
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withNodeSelector(
            properties.getNodeSelector().isEmpty()
                ? null
                : Map.copyOf(properties.getNodeSelector()))
        .withImagePullSecrets(
            properties.getImagePullSecrets().stream().map(LocalObjectReference::new).toList())
        .withInitContainers(initContainers)
        .withContainers(workspaceContainer(spec, stack, resources))
        .addNewVolume()
        .withName(VOLUME)
        .withNewPersistentVolumeClaim()
        .withClaimName(name)
        .endPersistentVolumeClaim()
        .endVolume()
        .addNewVolume()
        .withName(HOME_VOLUME)
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addNewVolume()
        .withName(AGENT_VOLUME)
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(AGENT_VOLUME_LIMIT))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  private Container workspaceContainer(
      WorkspaceSpec spec, Stack stack, ResourceRequirements resources) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ATELIER_WORKSPACE_ID", spec.workspaceId());
    env.put("HOME", HOME);
    // The volume's root belongs to root (fsGroup only changes its group), and git refuses to work
    // in a repository owned by another user unless it is declared safe in protected config, which
    // includes GIT_CONFIG_* variables.
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "safe.directory");
    env.put("GIT_CONFIG_VALUE_0", PodScripts.ROOT);
    env.putAll(stack.containerEnv());
    List<ContainerPort> ports = new ArrayList<>();
    for (int port : stack.forwardPorts()) {
      ports.add(
          new ContainerPortBuilder()
              .withName("port-" + port)
              .withContainerPort(port)
              .withProtocol("TCP")
              .build());
    }
    return new ContainerBuilder()
        .withName(WORKSPACE_CONTAINER)
        .withImage(image(stack))
        .withImagePullPolicy(properties.getImagePullPolicy())
        .withCommand("/bin/sh", "-c", PodScripts.KEEPALIVE)
        .withWorkingDir(PodScripts.ROOT)
        .withEnv(
            env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
        .withPorts(ports)
        .withResources(resources)
        .withSecurityContext(hardened())
        .withVolumeMounts(
            mount(VOLUME, PodScripts.ROOT),
            mount(HOME_VOLUME, HOME),
            new VolumeMountBuilder()
                .withName(AGENT_VOLUME)
                .withMountPath(AGENT_MOUNT)
                .withReadOnly(true)
                .build())
        .build();
  }

  /**
   * Copies the agent from the server's image into the agent volume, so the workspace image needs no
   * Java of its own. Small fixed resources: it only copies files.
   */
  private Container agentContainer() {
    Map<String, Quantity> amounts =
        Map.of("cpu", new Quantity(AGENT_CPU), "memory", new Quantity(AGENT_MEMORY));
    return new ContainerBuilder()
        .withName(AGENT_CONTAINER)
        .withImage(properties.getAgentImage())
        .withImagePullPolicy(properties.getImagePullPolicy())
        .withCommand(PodScripts.sh(AGENT_COPY, "atelier-agent-copy", List.of(AGENT_COPY_TARGET)))
        .withResources(
            new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build())
        .withSecurityContext(
            new SecurityContextBuilder(hardened()).withReadOnlyRootFilesystem(true).build())
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withVolumeMounts(mount(AGENT_VOLUME, AGENT_COPY_TARGET))
        .build();
  }

  private Container cloneContainer(String repository, ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(CLONE_CONTAINER)
        .withImage(properties.getInitImage())
        .withImagePullPolicy(properties.getImagePullPolicy())
        .withCommand(
            PodScripts.sh(
                PodScripts.CLONE, "atelier-clone", List.of(PodScripts.ROOT, TERMINATION_LOG)))
        .withEnv(
            new EnvVar("ATELIER_REPOSITORY", repository, null),
            new EnvVar("HOME", "/tmp", null),
            new EnvVar("GIT_TERMINAL_PROMPT", "0", null))
        .withWorkingDir(PodScripts.ROOT)
        .withResources(resources)
        .withSecurityContext(hardened())
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withVolumeMounts(mount(VOLUME, PodScripts.ROOT))
        .build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }

  private SecurityContext hardened() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /**
   * Requests equal limits, so a workspace gets what its stack asks for and is not the first to be
   * evicted. The stack's {@code pids} has no per-pod field in Kubernetes (it is the kubelet's
   * {@code podPidsLimit}), so it is not applied here.
   */
  static ResourceRequirements resources(Resources resources) {
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    if (resources.cpuMillis() > 0) {
      amounts.put("cpu", new Quantity(resources.cpuMillis() + "m"));
    }
    if (resources.memoryBytes() > 0) {
      amounts.put("memory", memory(resources.memoryBytes()));
    }
    return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
  }

  static Quantity memory(long bytes) {
    String[] suffixes = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < suffixes.length; i++) {
      long factor = 1L << (10 * (4 - i));
      if (bytes % factor == 0) {
        return new Quantity(bytes / factor + suffixes[i]);
      }
    }
    return new Quantity(Long.toString(bytes));
  }

  /** The claim for the workspace's {@code /workspace} volume. */
  PersistentVolumeClaim volumeClaim(WorkspaceSpec spec, Stack stack) {
    String storageClass = properties.getStorageClass();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(WorkspaceLabels.objectName(spec.workspaceId()))
        .withNamespace(namespace)
        .withLabels(labels(spec, stack))
        .withAnnotations(annotations(spec, stack))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withVolumeMode("Filesystem")
        .withStorageClassName(storageClass == null || storageClass.isBlank() ? null : storageClass)
        .withNewResources()
        .addToRequests("storage", new Quantity(properties.getStorageSize()))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * Admits ingress to the workspace pod only from the server pods (for port previews and language
   * servers reached over the network); exec goes through the API server and needs no ingress.
   * Egress stays open: workspaces fetch dependencies and push to git hosts.
   */
  NetworkPolicy networkPolicy(WorkspaceSpec spec, Stack stack) {
    NetworkPolicyPeerBuilder peer =
        new NetworkPolicyPeerBuilder()
            .withNewPodSelector()
            .withMatchLabels(Map.copyOf(properties.getServerPodLabels()))
            .endPodSelector();
    String serverNamespace = properties.getServerNamespace();
    if (serverNamespace != null && !serverNamespace.isBlank()) {
      peer.withNewNamespaceSelector()
          .addToMatchLabels("kubernetes.io/metadata.name", serverNamespace)
          .endNamespaceSelector();
    }
    NetworkPolicyPeer server = peer.build();
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(WorkspaceLabels.objectName(spec.workspaceId()))
        .withNamespace(namespace)
        .withLabels(labels(spec, stack))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels(WorkspaceLabels.WORKSPACE_ID, spec.workspaceId())
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(server)
        .endIngress()
        .endSpec()
        .build();
  }
}
