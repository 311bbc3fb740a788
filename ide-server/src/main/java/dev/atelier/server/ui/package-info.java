/**
 * The Vaadin views of the dashboard: login, workspace list with live status, the stack catalog, the
 * profile (API tokens, password), user administration and the workspace page. Views talk to the
 * server's services only; live status arrives from the event bus and is pushed with {@code
 * UI.access}.
 */
package dev.atelier.server.ui;
