/**
 * Health that does not belong to one feature: the readiness check of the server's dependencies
 * (with the {@code atelier.readiness-probe.enabled} kill switch). Open sockets are counted by
 * {@link dev.atelier.server.sockets.SocketRegistry}.
 */
package dev.atelier.server.observability;
