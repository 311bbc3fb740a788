package dev.atelier.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the {@link KubernetesWorkspaceRuntime}, bound from {@code
 * atelier.runtime.kubernetes.*} by the auto-configuration and usable without Spring. {@link
 * #validate()} runs when the runtime is created, so a bad value stops the server at start-up with a
 * message naming the key.
 */
public class KubernetesRuntimeProperties {

  static final String PREFIX = "atelier.runtime.kubernetes.";

  /** The server image {@code deploy/kubernetes} runs (a test keeps the two equal). */
  static final String DEFAULT_AGENT_IMAGE = "atelier/ide-server:0.1.0-SNAPSHOT";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  /**
   * Namespace the workspace pods, volumes and network policies live in. Empty: the namespace of the
   * Kubernetes client configuration, which in a cluster is the server pod's own namespace.
   */
  private String namespace;

  /**
   * Namespace of the Atelier server pods, used by each workspace's NetworkPolicy. Empty: the server
   * runs in the workspace namespace.
   */
  private String serverNamespace;

  /**
   * Labels that select the Atelier server pods. Each workspace's NetworkPolicy admits ingress only
   * from pods with all of these labels, so they must match the server Deployment's pod labels.
   */
  private Map<String, String> serverPodLabels =
      new LinkedHashMap<>(
          Map.of("app.kubernetes.io/name", "atelier", "app.kubernetes.io/component", "server"));

  /** StorageClass of the workspace volumes. Empty: the cluster's default StorageClass. */
  private String storageClass;

  /** Size of each workspace volume (a Kubernetes quantity such as {@code 10Gi}). */
  private String storageSize = "10Gi";

  /**
   * Image of the init container that clones the repository on a workspace's first start. It needs
   * {@code git} and a POSIX shell; any uid must be able to run it.
   */
  private String initImage = "alpine/git:2.47.2";

  /** Image of workspaces whose stack names none. */
  private String defaultImage = "mcr.microsoft.com/devcontainers/base:bookworm";

  /**
   * Pull policy of workspace and init images: {@code IfNotPresent}, {@code Always} or {@code
   * Never}.
   */
  private String imagePullPolicy = "IfNotPresent";

  /** Secrets used to pull workspace images from private registries. */
  private List<String> imagePullSecrets = new ArrayList<>();

  /**
   * Node labels workspace pods must be scheduled on, e.g. {@code atelier.dev/workspaces: "true"}.
   */
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  /** User id workspace processes run as; must not be 0 (workspaces never run as root). */
  private long runAsUser = 1000;

  /** Group id of workspace processes, also the volume's {@code fsGroup}. */
  private long runAsGroup = 1000;

  /**
   * How long a start may take, from creating the pod to running {@code postStartCommand}, before
   * the workspace fails with {@code TIMEOUT}. Image pulls and clones of big repositories count.
   */
  private Duration startTimeout = Duration.ofMinutes(10);

  /** How long stop waits for the pod to be gone after deleting it. */
  private Duration stopTimeout = Duration.ofSeconds(60);

  /** Timeout of one short command in the pod: a port scan, killing an exec. */
  private Duration operationTimeout = Duration.ofSeconds(30);

  /**
   * Image of the init container that copies the workspace agent (its jar and a minimal Java
   * runtime, under {@code /opt/atelier/agent}) into each workspace pod: the server's own image, so
   * a server version always brings its own agent. It needs {@code /bin/sh} and {@code cp}.
   */
  private String agentImage = DEFAULT_AGENT_IMAGE;

  /**
   * Checks every key and throws {@link IllegalArgumentException} naming the first bad one and what
   * to write instead.
   */
  public void validate() {
    if (namespace != null && !namespace.isBlank()) {
      requireDnsLabel("namespace", namespace);
    }
    if (serverNamespace != null && !serverNamespace.isBlank()) {
      requireDnsLabel("server-namespace", serverNamespace);
    }
    if (serverPodLabels == null || serverPodLabels.isEmpty()) {
      throw invalid(
          "server-pod-labels",
          "is empty; give the labels of the server pods, e.g. app.kubernetes.io/name=atelier, so"
              + " workspace NetworkPolicies admit only them");
    }
    requireQuantity("storage-size", storageSize);
    requireText("init-image", initImage);
    requireText("default-image", defaultImage);
    requireText("agent-image", agentImage);
    if (!List.of("IfNotPresent", "Always", "Never").contains(imagePullPolicy)) {
      throw invalid(
          "image-pull-policy", "is \"" + imagePullPolicy + "\"; use IfNotPresent, Always or Never");
    }
    if (runAsUser <= 0) {
      throw invalid(
          "run-as-user", "is " + runAsUser + "; workspaces run as a non-root user, use e.g. 1000");
    }
    if (runAsGroup < 0) {
      throw invalid("run-as-group", "is " + runAsGroup + "; use a group id such as 1000");
    }
    requirePositive("start-timeout", startTimeout);
    requirePositive("stop-timeout", stopTimeout);
    requirePositive("operation-timeout", operationTimeout);
  }

  private static void requireDnsLabel(String key, String value) {
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw invalid(
          key,
          "is \""
              + value
              + "\"; a namespace is lowercase letters, digits and '-', at most 63 characters");
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, "is empty; give an image reference such as alpine/git:2.47.2");
    }
  }

  private static void requireQuantity(String key, String value) {
    java.math.BigDecimal bytes;
    try {
      bytes = value == null ? null : Quantity.getAmountInBytes(new Quantity(value));
    } catch (RuntimeException e) {
      bytes = null;
    }
    if (bytes == null || bytes.signum() <= 0) {
      throw invalid(key, "is \"" + value + "\"; give a positive size such as 10Gi or 500Mi");
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw invalid(key, "is " + value + "; give a positive duration such as 30s or 5m");
    }
  }

  private static IllegalArgumentException invalid(String key, String detail) {
    return new IllegalArgumentException("Invalid " + PREFIX + key + ": it " + detail);
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getServerNamespace() {
    return serverNamespace;
  }

  public void setServerNamespace(String serverNamespace) {
    this.serverNamespace = serverNamespace;
  }

  public Map<String, String> getServerPodLabels() {
    return serverPodLabels;
  }

  public void setServerPodLabels(Map<String, String> serverPodLabels) {
    this.serverPodLabels = serverPodLabels;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public String getStorageSize() {
    return storageSize;
  }

  public void setStorageSize(String storageSize) {
    this.storageSize = storageSize;
  }

  public String getInitImage() {
    return initImage;
  }

  public void setInitImage(String initImage) {
    this.initImage = initImage;
  }

  public String getDefaultImage() {
    return defaultImage;
  }

  public void setDefaultImage(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  public String getImagePullPolicy() {
    return imagePullPolicy;
  }

  public void setImagePullPolicy(String imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  public List<String> getImagePullSecrets() {
    return imagePullSecrets;
  }

  public void setImagePullSecrets(List<String> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public long getRunAsUser() {
    return runAsUser;
  }

  public void setRunAsUser(long runAsUser) {
    this.runAsUser = runAsUser;
  }

  public long getRunAsGroup() {
    return runAsGroup;
  }

  public void setRunAsGroup(long runAsGroup) {
    this.runAsGroup = runAsGroup;
  }

  public Duration getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(Duration startTimeout) {
    this.startTimeout = startTimeout;
  }

  public Duration getStopTimeout() {
    return stopTimeout;
  }

  public void setStopTimeout(Duration stopTimeout) {
    this.stopTimeout = stopTimeout;
  }

  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  public void setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = operationTimeout;
  }

  public String getAgentImage() {
    return agentImage;
  }

  public void setAgentImage(String agentImage) {
    this.agentImage = agentImage;
  }
}
