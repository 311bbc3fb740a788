/**
 * The server's data folder ({@code $ATELIER_HOME}): created private to the server's user ({@code
 * 0700}) before anything writes to it, and its database files kept at {@code 0600}.
 */
package dev.atelier.server.home;
