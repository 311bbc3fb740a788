package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The manifests of {@code deploy/kubernetes}, checked without a cluster: they parse with fabric8's
 * model and keep the invariants the server and the runtime rely on.
 */
class KubernetesDeployManifestsTests {

  private static final String NAMESPACE = "atelier";

  @Test
  void everyManifestParsesIntoNamedObjectsOfTheAtelierNamespace() {
    assertThat(DeployManifests.files()).isNotEmpty();
    for (Path file : DeployManifests.files()) {
      List<HasMetadata> objects = DeployManifests.load(file);
      assertThat(objects).as(file.toString()).isNotEmpty();
      for (HasMetadata object : objects) {
        assertThat(object.getMetadata().getName()).as(file + " name").isNotBlank();
        if (!(object instanceof Namespace)) {
          assertThat(object.getMetadata().getNamespace())
              .as(file + " namespace")
              .isEqualTo(NAMESPACE);
        }
      }
    }
    assertThat(DeployManifests.one(Namespace.class).getMetadata().getName()).isEqualTo(NAMESPACE);
    assertThat(DeployManifests.one(Namespace.class).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @Test
  void kustomizationAppliesEveryManifestButTheExampleSecret() throws IOException {
    String kustomization = Files.readString(DeployManifests.folder().resolve("kustomization.yaml"));
    for (Path file : DeployManifests.files()) {
      String name = file.getFileName().toString();
      if (name.endsWith(".example.yaml")) {
        assertThat(kustomization).doesNotContain("- " + name);
      } else {
        assertThat(kustomization).contains("- " + name);
      }
    }
  }

  @Test
  void probesUseTheManagementPortWithTheServersPaths() throws IOException {
    Container server = serverContainer();
    int managementPort = Integer.parseInt(serverProperty("management.server.port"));
    assertThat(managementPort).isEqualTo(9000);
    assertProbe(server.getLivenessProbe(), "/live", managementPort, server);
    assertProbe(server.getReadinessProbe(), "/ready", managementPort, server);
    assertProbe(server.getStartupProbe(), "/live", managementPort, server);
    assertThat(server.getPorts())
        .extracting(ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(8080, managementPort);
    assertThat(Integer.parseInt(serverProperty("server.port"))).isEqualTo(8080);
  }

  private static void assertProbe(Probe probe, String path, int port, Container container) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(resolve(probe.getHttpGet().getPort(), container)).isEqualTo(port);
  }

  @Test
  void serviceReachesTheServerPodsOnHttpAndManagementPorts() {
    Service service = DeployManifests.one(Service.class);
    Deployment deployment = DeployManifests.one(Deployment.class);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    Container server = serverContainer();
    assertThat(service.getSpec().getPorts())
        .extracting(port -> port.getPort(), port -> resolve(port.getTargetPort(), server))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(8080, 8080),
            org.assertj.core.groups.Tuple.tuple(9000, 9000));
  }

  @Test
  void configSelectsTheKubernetesRuntimeWithLabelsMatchingTheServerPods() throws IOException {
    Properties properties = configProperties();
    assertThat(properties.getProperty("atelier.runtime.type"))
        .isEqualTo(KubernetesWorkspaceRuntime.TYPE);
    Map<String, Object> source = new HashMap<>();
    properties.forEach((key, value) -> source.put((String) key, value));
    KubernetesRuntimeProperties runtime =
        new Binder(new MapConfigurationPropertySource(source))
            .bind("atelier.runtime.kubernetes", KubernetesRuntimeProperties.class)
            .orElseThrow(() -> new AssertionError("no atelier.runtime.kubernetes.* keys"));
    runtime.validate();
    assertThat(runtime.getNamespace()).isEqualTo(NAMESPACE);
    // The NetworkPolicy of each workspace admits pods with these labels: the server's pods must
    // have them.
    Map<String, String> podLabels =
        DeployManifests.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(runtime.getServerPodLabels()).isNotEmpty();
    assertThat(podLabels).containsAllEntriesOf(runtime.getServerPodLabels());
    // …and workspace pods must not, or they would reach each other.
    Map<String, String> workspaceLabels =
        new WorkspaceObjects(runtime, NAMESPACE).labels(TestStacks.spec("x"), TestStacks.python());
    assertThat(runtime.getServerPodLabels().entrySet())
        .anyMatch(e -> !e.getValue().equals(workspaceLabels.get(e.getKey())));
  }

  @Test
  void theAgentImageIsTheServersOwnImage() throws IOException {
    String image = serverContainer().getImage();
    String kustomization = Files.readString(DeployManifests.folder().resolve("kustomization.yaml"));
    String name = image.substring(0, image.lastIndexOf(':'));
    String tag = image.substring(image.lastIndexOf(':') + 1);
    assertThat(kustomization).contains("- name: " + name + "\n    newTag: " + tag);
    assertThat(configProperties().getProperty("atelier.runtime.kubernetes.agent-image"))
        .isEqualTo(image);
    assertThat(new KubernetesRuntimeProperties().getAgentImage()).isEqualTo(image);
  }

  @Test
  void serverPodsAdmitEveryPodButWorkspacesOnTheirPortsOnly() {
    NetworkPolicy policy = DeployManifests.one(NetworkPolicy.class);
    Map<String, String> serverLabels =
        DeployManifests.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(matches(policy.getSpec().getPodSelector(), serverLabels)).isTrue();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    Map<String, String> workspace =
        new WorkspaceObjects(new KubernetesRuntimeProperties(), NAMESPACE)
            .labels(TestStacks.spec("x"), TestStacks.python());
    Map<String, String> prometheus = Map.of("app.kubernetes.io/name", "prometheus");
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertThat(rule.getPorts())
          .extracting(port -> port.getPort().getIntVal())
          .containsExactlyInAnyOrder(8080, 9000);
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        assertThat(peer.getIpBlock()).as("an ipBlock may admit workspace pods").isNull();
        assertThat(peer.getPodSelector()).isNotNull();
        assertThat(matches(peer.getPodSelector(), workspace)).isFalse();
      }
      assertThat(rule.getFrom()).anyMatch(peer -> matches(peer.getPodSelector(), prometheus));
    }
  }

  /** Kubernetes label selector semantics (matchLabels and the four operators). */
  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null
        && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    for (LabelSelectorRequirement requirement :
        selector.getMatchExpressions() == null
            ? List.<LabelSelectorRequirement>of()
            : selector.getMatchExpressions()) {
      String value = labels.get(requirement.getKey());
      boolean ok =
          switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("operator " + requirement.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Test
  void databaseCredentialsComeFromTheSecretAndConfigFromTheConfigMap() {
    Container server = serverContainer();
    Secret example = DeployManifests.one(Secret.class);
    Map<String, EnvVar> env = new HashMap<>();
    server.getEnv().forEach(variable -> env.put(variable.getName(), variable));
    for (String name :
        List.of(
            "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
      EnvVar variable = env.get(name);
      assertThat(variable).as(name).isNotNull();
      assertThat(variable.getValue()).as(name + " is not inline").isNull();
      var ref = variable.getValueFrom().getSecretKeyRef();
      assertThat(ref.getName()).isEqualTo(example.getMetadata().getName());
      assertThat(example.getStringData()).containsKey(ref.getKey());
    }
    ConfigMap config = DeployManifests.one(ConfigMap.class);
    PodSpec pod = DeployManifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .anySatisfy(
            volume ->
                assertThat(volume.getConfigMap().getName())
                    .isEqualTo(config.getMetadata().getName()));
    String mountPath =
        server.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("config"))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
        .endsWith("file:" + mountPath + "/");
  }

  @Test
  void serverRunsUnprivilegedWithTheBoundServiceAccount() {
    PodSpec pod = DeployManifests.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container server = serverContainer();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(server.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(server.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(server.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();

    ServiceAccount account = DeployManifests.one(ServiceAccount.class);
    assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    RoleBinding binding = DeployManifests.one(RoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(
            DeployManifests.one(io.fabric8.kubernetes.api.model.rbac.Role.class)
                .getMetadata()
                .getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
            });
  }

  private static Container serverContainer() {
    List<Container> containers =
        DeployManifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static int resolve(IntOrString port, Container container) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
        .getContainerPort();
  }

  private static Properties configProperties() throws IOException {
    Properties properties = new Properties();
    properties.load(
        new StringReader(
            DeployManifests.one(ConfigMap.class).getData().get("application.properties")));
    return properties;
  }

  /** A key of the server's built-in application.properties, which the manifests must agree with. */
  private static String serverProperty(String key) throws IOException {
    Path file =
        DeployManifests.folder()
            .resolve("../../ide-server/src/main/resources/application.properties")
            .normalize();
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    String value = properties.getProperty(key);
    assertThat(value).as(key + " in " + file).isNotNull();
    return value;
  }
}
