package dev.atelier.server.events;

import dev.atelier.runtime.spi.AppliedResources;

/**
 * A start of a workspace finished: the resource limits it runs with, after the server's defaults
 * and ceilings.
 *
 * @param workspaceId the workspace
 * @param resources what the stack asked for, what is enforced, and what the server changed
 */
public record WorkspaceResourcesEvent(String workspaceId, AppliedResources resources) {}
