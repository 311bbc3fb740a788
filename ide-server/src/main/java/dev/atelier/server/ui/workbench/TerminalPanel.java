package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.terminal.Terminal;
import dev.atelier.server.terminal.TerminalService;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.terminal.TerminalView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Terminal tab of the bottom panel: one tab per terminal of the workspace, new and close, and
 * the terminals keep running on the server, so a reload (or another browser of the same user)
 * reattaches to them and sees their scrollback. Contributes the {@code Terminal:} commands.
 */
public class TerminalPanel extends VerticalLayout {

  private final Workbench workbench;
  private final TerminalService terminals;
  private final Tabs tabs = new Tabs();
  private final Div views = new Div();
  private final Span empty = new Span();
  private final Map<Tab, Entry> entries = new LinkedHashMap<>();

  private record Entry(String id, TerminalView view, Span label) {}

  public TerminalPanel(Workbench workbench, TerminalService terminals) {
    this.workbench = workbench;
    this.terminals = terminals;
    addClassName("atelier-terminal-panel");
    setPadding(false);
    setSpacing(false);
    setSizeFull();

    Button add = new Button(VaadinIcon.PLUS.create(), e -> newTerminal());
    add.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
    add.setTooltipText("New Terminal (Ctrl+Shift+`)");
    add.setAriaLabel("New Terminal");
    add.setEnabled(writable());
    tabs.addSelectedChangeListener(e -> showSelected());
    tabs.getStyle().set("flex", "1 1 auto").set("min-width", "0");
    HorizontalLayout header = new HorizontalLayout(tabs, add);
    header.setWidthFull();
    header.setSpacing(false);
    header.setAlignItems(FlexComponent.Alignment.CENTER);

    empty.setText(
        writable()
            ? "No terminal open. New Terminal: Ctrl+Shift+` or the + button."
            : "Terminals need write access to this workspace.");
    empty
        .getStyle()
        .set("padding", "var(--lumo-space-m)")
        .set("color", "var(--lumo-secondary-text-color)");
    views.setSizeFull();
    views.getStyle().set("position", "relative").set("min-height", "0");
    add(header, empty, views);
    setFlexGrow(1, views);

    if (writable()) {
      workbench.registerCommand(
          new WorkbenchCommand(
              "terminal.new", "Terminal: New Terminal", "Ctrl+Shift+`", this::newTerminal));
      workbench.registerCommand(
          new WorkbenchCommand(
              "terminal.close", "Terminal: Close Terminal", null, this::closeSelected));
      workbench.registerCommand(
          new WorkbenchCommand(
              "terminal.rename", "Terminal: Rename Terminal", null, this::renameSelected));
      workbench.registerCommand(
          new WorkbenchCommand(
              "terminal.focus", "Terminal: Focus Terminal", null, this::focusSelected));
    }
  }

  @Override
  protected void onAttach(AttachEvent attachEvent) {
    super.onAttach(attachEvent);
    if (writable() && entries.isEmpty()) {
      terminals.list(workspaceId()).forEach(this::addTab);
    }
    updateEmpty();
  }

  /** Opens a new terminal and selects it. */
  public void newTerminal() {
    if (!writable()) {
      return;
    }
    try {
      Terminal created = terminals.create(workspaceId(), null, null);
      Tab tab = addTab(created);
      tabs.setSelectedTab(tab);
      updateEmpty();
      focusSelected();
    } catch (AtelierException e) {
      PanelNotifications.error(e.getMessage());
    }
  }

  /** The terminals shown, in tab order (for tests). */
  List<String> terminalIds() {
    return entries.values().stream().map(Entry::id).toList();
  }

  private Tab addTab(Terminal terminal) {
    Span label = new Span(title(terminal));
    Button close = new Button(VaadinIcon.CLOSE_SMALL.create());
    close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
    close.setAriaLabel("Close " + terminal.name());
    Tab tab = new Tab(label, close);
    tab.addClassName("atelier-terminal-tab");
    TerminalView view = new TerminalView("terminal/" + workspaceId() + "/" + terminal.id());
    view.getStyle().set("position", "absolute").set("inset", "0");
    view.addExitListener(e -> label.setText(terminal.name() + " (exited " + e.getExitCode() + ")"));
    close.addClickListener(e -> close(tab));
    entries.put(tab, new Entry(terminal.id(), view, label));
    tabs.add(tab);
    views.add(view);
    showSelected();
    return tab;
  }

  private void close(Tab tab) {
    Entry entry = entries.remove(tab);
    if (entry == null) {
      return;
    }
    try {
      terminals.close(workspaceId(), entry.id());
    } catch (AtelierException e) {
      // Already gone (e.g. closed from another browser): removing the tab is all that is left.
    }
    tabs.remove(tab);
    views.remove(entry.view());
    showSelected();
    updateEmpty();
  }

  private void closeSelected() {
    Tab selected = tabs.getSelectedTab();
    if (selected != null) {
      close(selected);
    }
  }

  private void renameSelected() {
    Tab selected = tabs.getSelectedTab();
    Entry entry = selected == null ? null : entries.get(selected);
    if (entry == null) {
      return;
    }
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Rename terminal");
    TextField name = new TextField("Name");
    name.setValue(entry.label().getText());
    name.setMaxLength(40);
    name.setWidthFull();
    Button save =
        new Button(
            "Rename",
            e -> {
              try {
                Terminal renamed = terminals.rename(workspaceId(), entry.id(), name.getValue());
                entry.label().setText(title(renamed));
                dialog.close();
              } catch (AtelierException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
              }
            });
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickShortcut(Key.ENTER);
    dialog.add(name);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
    name.focus();
  }

  private void focusSelected() {
    Tab selected = tabs.getSelectedTab();
    if (selected != null && entries.containsKey(selected)) {
      entries.get(selected).view().focus();
    }
  }

  private void showSelected() {
    Tab selected = tabs.getSelectedTab();
    entries.forEach((tab, entry) -> entry.view().setVisible(tab == selected));
  }

  private void updateEmpty() {
    empty.setVisible(entries.isEmpty());
    views.setVisible(!entries.isEmpty());
  }

  private static String title(Terminal terminal) {
    return terminal.alive()
        ? terminal.name()
        : terminal.name() + " (exited " + terminal.exitCode() + ")";
  }

  private boolean writable() {
    return workbench.role().atLeast(WorkspaceRole.WRITE);
  }

  private String workspaceId() {
    return workbench.workspace().id();
  }
}
