/**
 * Live collaboration in the server: the y-websocket endpoint {@code /collab/{workspaceId}/{path}}
 * (one CRDT room per workspace file, served by the {@code collab} module's {@code DocumentHub}),
 * the presence room {@code /collab/{workspaceId}} (awareness plus the owner-only {@code session}
 * map for lecture mode), and {@code DocumentEvents}, which tells the {@code documents} module's
 * document–file bridge about moved and deleted files and stopped and deleted workspaces. The bridge
 * itself (file sync, saves, dirty state, tools' edits) lives in the {@code documents} module.
 */
package dev.atelier.server.collab;
