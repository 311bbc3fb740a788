/**
 * xterm.js based components: {@link dev.atelier.ui.terminal.TerminalView} (an interactive terminal
 * bound to a terminal socket) and {@link dev.atelier.ui.terminal.LogView} (a read-only build log
 * bound to a task output socket).
 */
package dev.atelier.ui.terminal;
