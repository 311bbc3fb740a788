/**
 * The status WebSocket at {@code /api/events}: pushes the authenticated user's workspace status
 * events as JSON frames, for clients other than the Vaadin dashboard (which receives them through
 * Vaadin push). Authentication is the same as the REST API's (session or bearer token).
 */
package dev.atelier.server.status;
