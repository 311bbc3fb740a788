/** The IDE page of a workspace: layout, editor area, command palette, and the panels it hosts. */
package dev.atelier.server.ui.workbench;
