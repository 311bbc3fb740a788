/**
 * Workspaces: the public {@link dev.atelier.server.workspace.WorkspaceService} (create, start,
 * stop, delete; owner-only), the lifecycle driver that persists every phase transition reported by
 * the {@link dev.atelier.runtime.spi.WorkspaceRuntime} and publishes it on the event bus, reconcile
 * on start-up and shutdown, the idle timeout with {@link
 * dev.atelier.server.workspace.WorkspaceActivity}, metrics, the REST API under {@code
 * /api/workspaces} and {@code /api/stacks}, and the {@code /new?repository=…} context URL.
 */
package dev.atelier.server.workspace;
