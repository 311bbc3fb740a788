/**
 * The event bus: {@link dev.atelier.server.events.EventBus} with the in-process implementation used
 * on the embedded default, and the events published on it ({@link
 * dev.atelier.server.events.WorkspaceStatusEvent}, {@link
 * dev.atelier.server.events.WorkspaceDeletedEvent}). A Redis implementation for several servers can
 * replace the in-process one by configuration ({@code atelier.events.bus}).
 */
package dev.atelier.server.events;
