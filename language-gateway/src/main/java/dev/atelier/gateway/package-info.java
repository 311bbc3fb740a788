/**
 * The language gateway: language servers (LSP) run inside workspaces, shared by every client of a
 * workspace, bridged to clients over any message transport.
 *
 * <p>Entry point: {@link dev.atelier.gateway.LanguageGateway}. A transport calls {@link
 * dev.atelier.gateway.LanguageGateway#connect} per client connection and feeds the returned {@link
 * dev.atelier.gateway.GatewaySession} the client's JSON-RPC text messages. Client URIs use the
 * {@code atelier:} scheme ({@link dev.atelier.gateway.WorkspaceUris}). Errors are {@link
 * dev.atelier.gateway.GatewayException}s, answered to clients as JSON-RPC errors.
 */
package dev.atelier.gateway;
