package dev.atelier.server.events;

/**
 * A user asked to save an open document now (Ctrl+S in the workbench). The collaborative file sync
 * writes the document's current text to the file without waiting for its debounce, then reports it
 * with a {@link DocumentStateEvent}.
 *
 * @param workspaceId the workspace
 * @param path the workspace-relative file path
 * @param userId who asked
 */
public record SaveRequestedEvent(String workspaceId, String path, String userId) {}
