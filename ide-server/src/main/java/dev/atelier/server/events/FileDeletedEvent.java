package dev.atelier.server.events;

/**
 * A user deleted a file or folder through the product (explorer, REST API); open documents of it
 * (or below it) are closed.
 *
 * @param workspaceId the workspace
 * @param path the workspace-relative path
 * @param directory whether it was a folder
 */
public record FileDeletedEvent(String workspaceId, String path, boolean directory) {}
