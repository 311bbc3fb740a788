package dev.atelier.runtime.autoconfigure;

import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The default {@link WorkspaceRuntime}: the {@code local} runtime when {@code atelier.runtime.type}
 * is {@code local} or not set, unless the application defines its own runtime bean. Closing the
 * context stops every workspace.
 */
@AutoConfiguration
@EnableConfigurationProperties(RuntimeProperties.class)
public class WorkspaceRuntimeAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(WorkspaceRuntime.class)
  @ConditionalOnProperty(
      name = "atelier.runtime.type",
      havingValue = LocalWorkspaceRuntime.TYPE,
      matchIfMissing = true)
  public LocalWorkspaceRuntime localWorkspaceRuntime(RuntimeProperties properties) {
    return new LocalWorkspaceRuntime(properties.toLocalOptions());
  }
}
