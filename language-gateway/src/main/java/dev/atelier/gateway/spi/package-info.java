/**
 * What the language gateway needs from the rest of the server: the stack of a workspace ({@link
 * dev.atelier.gateway.spi.WorkspaceStacks}) and the text of its documents ({@link
 * dev.atelier.gateway.spi.DocumentSource}).
 */
package dev.atelier.gateway.spi;
