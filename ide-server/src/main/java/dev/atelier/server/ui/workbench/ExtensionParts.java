package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.extensions.CommandContribution;
import dev.atelier.extensions.PanelContribution;
import dev.atelier.extensions.StatusItemContribution;
import dev.atelier.extensions.WorkbenchContext;
import dev.atelier.extensions.host.ContributionSet;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts what extensions contribute to the workbench on one page: panels (in their order), commands
 * (palette and key bindings) and status bar items ({@code #status-item-<id>}). Each contribution is
 * mounted on its own: one that fails (a factory that throws, a key binding that does not parse, a
 * component of the wrong type) is logged and reported to the user, and the page carries on.
 */
final class ExtensionParts {

  private static final Logger log = LoggerFactory.getLogger(ExtensionParts.class);
  private static final int MAX_STATUS_TEXT = 80;

  private ExtensionParts() {}

  static void mount(WorkbenchView view, ContributionSet contributions) {
    WorkbenchContext context = new PageContext(view);
    contributions.panels().stream()
        .sorted(Comparator.comparingInt(PanelContribution::order))
        .forEach(
            panel -> guarded(view, "panel " + panel.id(), () -> mountPanel(view, context, panel)));
    for (CommandContribution command : contributions.commands()) {
      guarded(view, "command " + command.id(), () -> mountCommand(view, context, command));
    }
    contributions.statusItems().stream()
        .sorted(Comparator.comparingInt(StatusItemContribution::order))
        .forEach(
            item ->
                guarded(
                    view, "status item " + item.id(), () -> mountStatusItem(view, context, item)));
  }

  private static void mountPanel(
      WorkbenchView view, WorkbenchContext context, PanelContribution panel) {
    Object created = panel.factory().create(context);
    if (!(created instanceof Component component)) {
      throw new IllegalArgumentException(
          "its factory returned "
              + (created == null ? "null" : created.getClass().getName())
              + ", not a Vaadin component");
    }
    if (panel.location() == PanelContribution.Location.SIDE) {
      view.addSidePanel(panel.id(), panel.label(), icon(panel.icon()), component);
    } else {
      view.addBottomPanel(panel.id(), panel.label(), component);
    }
  }

  private static VaadinIcon icon(String name) {
    try {
      return VaadinIcon.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      return VaadinIcon.PUZZLE_PIECE;
    }
  }

  private static void mountCommand(
      WorkbenchView view, WorkbenchContext context, CommandContribution command) {
    view.registerCommand(
        new WorkbenchCommand(
            command.id(),
            command.label(),
            command.keybinding(),
            () -> command.handler().run(context),
            command.palette()));
  }

  private static void mountStatusItem(
      WorkbenchView view, WorkbenchContext context, StatusItemContribution item) {
    String text = String.valueOf(item.text().text(context)).strip();
    Span span =
        new Span(text.length() > MAX_STATUS_TEXT ? text.substring(0, MAX_STATUS_TEXT) + "…" : text);
    span.setId("status-item-" + item.id());
    span.addClassName("atelier-status-contributed");
    if (item.tooltip() != null) {
      span.getElement().setAttribute("title", item.tooltip());
    }
    if (item.commandId() != null) {
      span.addClassName("atelier-status-clickable");
      span.addClickListener(e -> context.executeCommand(item.commandId()));
    }
    view.addStatusItem(span);
  }

  private static void guarded(WorkbenchView view, String what, Runnable mount) {
    try {
      mount.run();
    } catch (RuntimeException | LinkageError e) {
      log.warn("Extension {} could not be mounted on workspace {}", what, view.workspace().id(), e);
      WorkbenchNotices.error("The extension " + what + " could not be shown: " + e.getMessage());
    }
  }

  /** The page as extensions see it. */
  private record PageContext(WorkbenchView view) implements WorkbenchContext {

    @Override
    public String workspaceId() {
      return view.workspace().id();
    }

    @Override
    public String workspaceName() {
      return view.workspace().name();
    }

    @Override
    public String userId() {
      return view.user().userId();
    }

    @Override
    public String userName() {
      return view.user().getUsername();
    }

    @Override
    public Access access() {
      WorkspaceRole role = view.role();
      return role == WorkspaceRole.OWNER
          ? Access.OWNER
          : role.atLeast(WorkspaceRole.WRITE) ? Access.WRITE : Access.READ;
    }

    @Override
    public Optional<String> activeFile() {
      return Optional.ofNullable(view.activeFile());
    }

    @Override
    public void openFile(String path, int line, int column) {
      view.openFile(path, line, column);
    }

    @Override
    public void showMessage(String message) {
      WorkbenchNotices.info(String.valueOf(message));
    }

    @Override
    public void executeCommand(String commandId) {
      view.executeCommand(commandId);
    }

    @Override
    public <T> Optional<T> host(Class<T> type) {
      return type.isInstance(view) ? Optional.of(type.cast(view)) : Optional.empty();
    }
  }
}
