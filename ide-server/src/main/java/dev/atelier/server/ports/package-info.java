/**
 * Ports a workspace listens on and the authenticated preview proxy at {@code
 * /w/{workspaceId}/port/{port}/**} (HTTP with streamed bodies and WebSocket upgrades), which only
 * reaches ports the workspace's own processes listen on.
 */
package dev.atelier.server.ports;
