package dev.atelier.gateway.autoconfigure;

import dev.atelier.extensions.builtin.LanguageExtensions;
import dev.atelier.extensions.host.LanguageTable;
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
 * DocumentSource} bean replaces the default that reads saved files; the {@link LanguageTable} bean
 * of the extensions (default: the built-in languages) names languages and plans their launches.
 * Closing the context stops every language server.
 */
@AutoConfiguration(
    afterName = {
      "dev.atelier.runtime.autoconfigure.WorkspaceRuntimeAutoConfiguration",
      "dev.atelier.runtime.autoconfigure.KubernetesRuntimeConfiguration",
      "dev.atelier.extensions.autoconfigure.ExtensionsAutoConfiguration"
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
      ObjectProvider<LanguageTable> languages,
      LanguageGatewayProperties properties) {
    return new LanguageGateway(
        runtime,
        stacks,
        documents.getIfAvailable(() -> DocumentSource.savedFiles(runtime)),
        properties.toOptions(),
        languages.getIfAvailable(LanguageExtensions::table));
  }
}
