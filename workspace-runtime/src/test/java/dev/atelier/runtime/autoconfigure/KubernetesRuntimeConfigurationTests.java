package dev.atelier.runtime.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.runtime.kubernetes.KubernetesRuntimeProperties;
import dev.atelier.runtime.kubernetes.KubernetesWorkspaceRuntime;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code atelier.runtime.type=kubernetes} selects the Kubernetes runtime by configuration alone.
 */
class KubernetesRuntimeConfigurationTests {

  @TempDir Path root;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        // Listed local-first on purpose: the ordering must come from the annotations.
        .withConfiguration(
            AutoConfigurations.of(
                WorkspaceRuntimeAutoConfiguration.class, KubernetesRuntimeConfiguration.class))
        .withPropertyValues("atelier.runtime.local.root=" + root);
  }

  /** A client for an API server that is never called: the runtime connects lazily. */
  private static KubernetesClient unusedClient() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1")
                .withNamespace("from-client")
                .build())
        .build();
  }

  @Test
  void kubernetesTypeSelectsTheKubernetesRuntimeAndTheLocalOneBacksOff() {
    runner()
        .withBean(KubernetesClient.class, KubernetesRuntimeConfigurationTests::unusedClient)
        .withPropertyValues(
            "atelier.runtime.type=kubernetes",
            "atelier.runtime.kubernetes.namespace=workspaces",
            "atelier.runtime.kubernetes.storage-class=fast",
            "atelier.runtime.kubernetes.storage-size=50Gi",
            "atelier.runtime.kubernetes.start-timeout=3m",
            "atelier.runtime.kubernetes.server-pod-labels[app.kubernetes.io/name]=atelier-prod",
            "atelier.runtime.kubernetes.agent-image=registry.example.com/atelier:2")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(WorkspaceRuntime.class);
              assertThat(context).doesNotHaveBean(LocalWorkspaceRuntime.class);
              KubernetesWorkspaceRuntime runtime =
                  context.getBean(KubernetesWorkspaceRuntime.class);
              assertThat(runtime.type()).isEqualTo("kubernetes");
              assertThat(runtime.namespace()).isEqualTo("workspaces");
              KubernetesRuntimeProperties properties =
                  context.getBean(KubernetesRuntimeProperties.class);
              assertThat(properties.getStorageClass()).isEqualTo("fast");
              assertThat(properties.getStorageSize()).isEqualTo("50Gi");
              assertThat(properties.getStartTimeout()).isEqualTo(Duration.ofMinutes(3));
              assertThat(properties.getServerPodLabels())
                  .containsEntry("app.kubernetes.io/name", "atelier-prod");
              assertThat(properties.getAgentImage()).isEqualTo("registry.example.com/atelier:2");
            });
  }

  @Test
  void namespaceDefaultsToTheClients() {
    runner()
        .withBean(KubernetesClient.class, KubernetesRuntimeConfigurationTests::unusedClient)
        .withPropertyValues("atelier.runtime.type=kubernetes")
        .run(
            context ->
                assertThat(context.getBean(KubernetesWorkspaceRuntime.class).namespace())
                    .isEqualTo("from-client"));
  }

  @Test
  void aClientIsCreatedWhenTheApplicationHasNone() {
    runner()
        .withPropertyValues(
            "atelier.runtime.type=kubernetes", "atelier.runtime.kubernetes.namespace=ws")
        .run(
            context -> {
              assertThat(context).hasSingleBean(KubernetesClient.class);
              assertThat(context).hasSingleBean(KubernetesWorkspaceRuntime.class);
            });
  }

  @Test
  void localTypeOrNoneCreatesNothingKubernetes() {
    for (String[] properties :
        List.of(new String[0], new String[] {"atelier.runtime.type=local"})) {
      runner()
          .withPropertyValues(properties)
          .run(
              context -> {
                assertThat(context).hasSingleBean(LocalWorkspaceRuntime.class);
                assertThat(context).doesNotHaveBean(KubernetesWorkspaceRuntime.class);
                assertThat(context).doesNotHaveBean(KubernetesClient.class);
                assertThat(context).doesNotHaveBean(KubernetesRuntimeProperties.class);
              });
    }
  }

  @Test
  void invalidSettingStopsStartUpNamingTheKey() {
    runner()
        .withBean(KubernetesClient.class, KubernetesRuntimeConfigurationTests::unusedClient)
        .withPropertyValues(
            "atelier.runtime.type=kubernetes", "atelier.runtime.kubernetes.run-as-user=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("atelier.runtime.kubernetes.run-as-user")
                  .hasMessageContaining("non-root");
            });
  }

  @Test
  void registeredAsAnAutoConfiguration() {
    assertThat(
            ImportCandidates.load(
                org.springframework.boot.autoconfigure.AutoConfiguration.class,
                getClass().getClassLoader()))
        .contains(KubernetesRuntimeConfiguration.class.getName());
  }
}
