package dev.atelier.server.workspace;

import dev.atelier.gateway.spi.WorkspaceStacks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Workspace wiring for other modules (the stack catalog comes from the extensions: {@code
 * server.extensions.ExtensionsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {

  /** Tells the language gateway which stack (and so which language servers) a workspace has. */
  @Bean
  WorkspaceStacks workspaceStacks(WorkspaceService workspaces) {
    return workspaces::effectiveStack;
  }
}
