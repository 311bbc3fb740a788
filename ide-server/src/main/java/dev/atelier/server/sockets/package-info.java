/**
 * The socket framework: every WebSocket of the server is a {@link
 * dev.atelier.server.sockets.SocketEndpoint} bean, registered by the one configurer ({@code
 * SocketConfiguration}) through one template that signs in, checks the workspace and role, wraps
 * the session in a concurrency-safe {@link dev.atelier.server.sockets.Socket} and registers it once
 * in {@link dev.atelier.server.sockets.SocketRegistry} (revocation, deletion, the {@code
 * atelier.sockets.open} gauge) before the endpoint sees it. {@link
 * dev.atelier.server.sockets.SocketCloses} is the one table of close codes. Only this package
 * touches Spring's WebSocket sessions ({@code ServerArchitectureTests}).
 */
package dev.atelier.server.sockets;
