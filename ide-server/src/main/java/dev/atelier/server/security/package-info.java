/**
 * Spring Security wiring: a stateless-by-default chain for {@code /api/**} (API tokens as {@code
 * Authorization: Bearer}, or the browser session; failures are problem+json, never a redirect) and
 * the Vaadin chain for everything else (form login at {@code /login}). Every route and WebSocket
 * handshake requires authentication except the login view and static assets; the management port is
 * separate and unauthenticated.
 */
package dev.atelier.server.security;
