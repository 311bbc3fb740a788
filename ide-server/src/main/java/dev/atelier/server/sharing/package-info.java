/**
 * Share links and collaborators: an owner hands out a read-only or read-write link to a workspace;
 * a signed-in guest who opens it becomes a collaborator with that role (their own account, never
 * the owner's identity). Revoking the link or removing the collaborator ends the access at once,
 * live sockets included. Roles are enforced through {@link
 * dev.atelier.server.workspace.WorkspaceAccess}, which this package feeds via {@link
 * dev.atelier.server.workspace.WorkspaceGrants}.
 */
package dev.atelier.server.sharing;
