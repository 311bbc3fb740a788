package dev.atelier.server.ui.workbench;

/**
 * Adds Vaadin components to every workbench page that the extension API has no point for yet (a
 * live status bar component such as the resource limits). Spring beans of this type are called in
 * {@code @Order} when a workbench page opens a workspace, after the user's access was checked and
 * before the extensions' panels, commands and status items are mounted; a contribution creates
 * fresh components for that page each time (components belong to one page). Panels and commands
 * belong in extensions ({@link WorkbenchExtensions}, docs/extensions.md).
 */
@FunctionalInterface
public interface WorkbenchContribution {

  /** Adds this contribution's components to {@code workbench}. */
  void contribute(Workbench workbench);
}
