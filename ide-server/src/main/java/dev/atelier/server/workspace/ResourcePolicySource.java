package dev.atelier.server.workspace;

import dev.atelier.runtime.spi.ResourcePolicy;

/**
 * Where the server's resource defaults and ceilings come from; read at every start, so a change
 * applies to the next start of every workspace.
 */
@FunctionalInterface
public interface ResourcePolicySource {

  /** The defaults and ceilings for a workspace starting now. */
  ResourcePolicy policy();
}
