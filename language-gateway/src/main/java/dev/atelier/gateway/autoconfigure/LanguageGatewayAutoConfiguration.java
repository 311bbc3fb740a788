package dev.atelier.gateway.autoconfigure;

import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.gateway.spi.WorkspaceStacks;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link LanguageGateway} over the application's {@link WorkspaceRuntime}. The application
 * provides a {@link WorkspaceStacks} bean (which stack each workspace runs); a {@link
 * DocumentSource} bean replaces the default that reads saved files. Closing the context stops every
 * language server.
 */
@AutoConfiguration(
    afterName = {
      "dev.atelier.runtime.autoconfigure.WorkspaceRuntimeAutoConfiguration",
      "dev.atelier.runtime.autoconfigure.KubernetesRuntimeConfiguration"
    })
@ConditionalOnBean(WorkspaceRuntime.class)
@EnableConfigurationProperties(LanguageGatewayProperties.class)
public class LanguageGatewayAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LanguageGateway languageGateway(
      WorkspaceRuntime runtime,
      WorkspaceStacks stacks,
      ObjectProvider<DocumentSource> documents,
      LanguageGatewayProperties properties) {
    return new LanguageGateway(
        runtime,
        stacks,
        documents.getIfAvailable(() -> DocumentSource.savedFiles(runtime)),
        properties.toOptions());
  }
}
