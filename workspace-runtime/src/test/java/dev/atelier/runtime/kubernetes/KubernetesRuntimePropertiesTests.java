package dev.atelier.runtime.kubernetes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KubernetesRuntimePropertiesTests {

  @Test
  void defaultsAreValid() {
    assertThatCode(() -> new KubernetesRuntimeProperties().validate()).doesNotThrowAnyException();
  }

  @Test
  void badValuesNameTheKey() {
    invalid(p -> p.setNamespace("Not A Namespace"), "atelier.runtime.kubernetes.namespace");
    invalid(p -> p.setStorageSize("lots"), "atelier.runtime.kubernetes.storage-size");
    invalid(p -> p.setStorageSize("0"), "atelier.runtime.kubernetes.storage-size");
    invalid(p -> p.setServerPodLabels(Map.of()), "atelier.runtime.kubernetes.server-pod-labels");
    invalid(p -> p.setRunAsUser(0), "atelier.runtime.kubernetes.run-as-user");
    invalid(p -> p.setStartTimeout(Duration.ZERO), "atelier.runtime.kubernetes.start-timeout");
    invalid(p -> p.setImagePullPolicy("Sometimes"), "atelier.runtime.kubernetes.image-pull-policy");
    invalid(p -> p.setInitImage(" "), "atelier.runtime.kubernetes.init-image");
    invalid(p -> p.setAgentImage(""), "atelier.runtime.kubernetes.agent-image");
  }

  @Test
  void runtimeRefusesInvalidProperties() {
    KubernetesRuntimeProperties properties = new KubernetesRuntimeProperties();
    properties.setRunAsUser(0);
    try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build()) {
      assertThatThrownBy(() -> new KubernetesWorkspaceRuntime(client, properties))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("run-as-user");
    }
  }

  private static void invalid(Consumer<KubernetesRuntimeProperties> change, String key) {
    KubernetesRuntimeProperties properties = new KubernetesRuntimeProperties();
    change.accept(properties);
    assertThatThrownBy(properties::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid " + key + ": ");
  }
}
