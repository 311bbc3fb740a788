package dev.atelier.server.workspace;

/**
 * What to create (the body of {@code POST /api/workspaces}).
 *
 * @param stack id of a catalog stack, e.g. {@code python}
 * @param repository git URL to clone on first start, optional
 * @param name display name, optional: derived from the repository or the stack when missing
 */
public record CreateWorkspaceRequest(String stack, String repository, String name) {}
