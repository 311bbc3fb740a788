package dev.atelier.server.ui.workbench;

/**
 * Adds panels, status items or commands to every workbench page. Spring beans of this type are
 * called in {@code @Order} when a workbench page opens a workspace, after the user's access was
 * checked; a contribution creates fresh components for that page each time (components belong to
 * one page).
 *
 * <pre>{@code
 * @Component
 * @Order(10)
 * class ExplorerContribution implements WorkbenchContribution {
 *   public void contribute(WorkbenchView workbench) {
 *     workbench.addSidePanel("explorer", "Explorer", VaadinIcon.FOLDER_O,
 *         new FileExplorer(workbench, runtime));
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WorkbenchContribution {

  /** Adds this contribution's components to {@code workbench}. */
  void contribute(WorkbenchView workbench);
}
