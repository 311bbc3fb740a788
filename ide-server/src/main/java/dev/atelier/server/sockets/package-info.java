/**
 * Cross-cutting bookkeeping of workspace WebSockets: which user's sockets belong to which
 * workspace, so that access changes close them whatever endpoint they use.
 */
package dev.atelier.server.sockets;
