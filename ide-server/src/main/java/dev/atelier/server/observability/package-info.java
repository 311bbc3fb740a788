/**
 * Health and metrics that do not belong to one feature: the readiness check of the server's
 * dependencies (with the {@code atelier.readiness-probe.enabled} kill switch) and {@link
 * dev.atelier.server.observability.OpenSockets}, the registry every WebSocket endpoint reports its
 * open connections to (exported as the {@code atelier.sockets.open} gauge).
 */
package dev.atelier.server.observability;
