package dev.atelier.extensions;

/**
 * The contribution points, handed to {@link AtelierExtension#contribute}. Every identifier must be
 * unique across all extensions; a clash refuses the extension that came second. Not thread-safe:
 * use it only inside {@code contribute}.
 */
public interface Contributions {

  /** A command for the command palette and/or a key binding. */
  Contributions command(CommandContribution command);

  /** A side panel (activity bar) or a bottom panel tab of the workbench. */
  Contributions panel(PanelContribution panel);

  /** An item in the workbench's status bar. */
  Contributions statusItem(StatusItemContribution item);

  /** Something that reads task output and reports problems. */
  Contributions problemMatcher(ProblemMatcherContribution matcher);

  /** A language: file patterns, editor syntax, how its language server is launched. */
  Contributions language(LanguageContribution language);

  /** A debug adapter type (see {@link DebugAdapterContribution}). */
  Contributions debugAdapter(DebugAdapterContribution adapter);

  /** A stack in the stack catalog. */
  Contributions stack(StackContribution stack);

  /** Told when workspaces start and stop. */
  Contributions lifecycleListener(WorkspaceLifecycleListener listener);
}
