package dev.atelier.runtime.autoconfigure;

import dev.atelier.runtime.kubernetes.KubernetesRuntimeProperties;
import dev.atelier.runtime.kubernetes.KubernetesWorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Selects the Kubernetes runtime when {@code atelier.runtime.type=kubernetes}. It runs before the
 * default runtime configuration, whose local runtime then backs off ({@code
 * ConditionalOnMissingBean(WorkspaceRuntime)}). The client comes from the usual fabric8 discovery:
 * the pod's service account in a cluster, else {@code KUBECONFIG} / {@code ~/.kube/config}; an
 * application can provide its own {@link KubernetesClient} bean instead.
 */
@AutoConfiguration(
    beforeName = "dev.atelier.runtime.autoconfigure.WorkspaceRuntimeAutoConfiguration")
@ConditionalOnClass(KubernetesClient.class)
@ConditionalOnProperty(name = "atelier.runtime.type", havingValue = KubernetesWorkspaceRuntime.TYPE)
public class KubernetesRuntimeConfiguration {

  /** Binds {@code atelier.runtime.kubernetes.*}; see each key's javadoc. */
  @Bean
  @ConfigurationProperties("atelier.runtime.kubernetes")
  public KubernetesRuntimeProperties kubernetesRuntimeProperties() {
    return new KubernetesRuntimeProperties();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(WorkspaceRuntime.class)
  public KubernetesWorkspaceRuntime kubernetesWorkspaceRuntime(
      KubernetesClient client, KubernetesRuntimeProperties properties) {
    return new KubernetesWorkspaceRuntime(client, properties);
  }
}
