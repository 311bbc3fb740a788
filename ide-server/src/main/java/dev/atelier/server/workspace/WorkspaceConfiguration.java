package dev.atelier.server.workspace;

import dev.atelier.gateway.spi.WorkspaceStacks;
import dev.atelier.stacks.StackCatalog;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stack catalog workspaces are created from: the built-in stacks unless a bean replaces it. */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {

  @Bean
  @ConditionalOnMissingBean
  StackCatalog stackCatalog() {
    return StackCatalog.builtin();
  }

  /** Tells the language gateway which stack (and so which language servers) a workspace has. */
  @Bean
  WorkspaceStacks workspaceStacks(WorkspaceService workspaces) {
    return workspaces::effectiveStack;
  }
}
