/**
 * Cross-cutting bookkeeping of WebSockets: which user's sockets belong to which workspace, so that
 * access changes close them whatever endpoint they use, and what every endpoint does the same way
 * (who connected, releasing what a closed socket held).
 */
package dev.atelier.server.sockets;
