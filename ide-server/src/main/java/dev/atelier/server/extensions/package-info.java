/**
 * The extension host inside the server: stack catalog and checks from contributions, {@code
 * /api/extensions}, workspace lifecycle listeners. The workbench mounts commands, panels and status
 * items itself ({@code ui.workbench}); task runs use the problem matchers ({@code tasks.matchers}).
 */
package dev.atelier.server.extensions;
