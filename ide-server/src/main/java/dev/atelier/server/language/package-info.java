/**
 * Language services in the browser: the {@code /lsp/{workspaceId}} WebSocket (LSP JSON-RPC, one
 * message per text frame) in front of the language gateway, the bridge from the gateway's
 * diagnostics to the Problems panel, and stopping a workspace's language servers with it.
 */
package dev.atelier.server.language;
