/**
 * A Java y-websocket client ({@link dev.atelier.collab.client.CollabClient}) over the JDK's
 * WebSocket, built on the protocol classes: used by the server's tests, the kill -9 durability test
 * and the load benchmark, and usable by bots and tools. The only I/O in this module, kept out of
 * the core packages.
 */
package dev.atelier.collab.client;
