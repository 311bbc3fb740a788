package dev.atelier.server.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.server.sharing.SharedWorkspace;
import dev.atelier.server.ui.workbench.WorkbenchView;
import dev.atelier.server.workspace.WorkspaceRole;
import java.util.List;

/**
 * The dashboard's "Shared with me": workspaces other people shared with the user. Guests can only
 * open them; starting, stopping and deleting stay with the owner.
 */
class SharedWithMe extends Div {

  private final Div list = new Div();

  SharedWithMe() {
    setId("shared-with-me");
    addClassName("atelier-section");
    list.setId("shared-workspaces");
    add(new H3("Shared with me"), list);
    setVisible(false);
  }

  /** Shows {@code shared} (hidden when empty). */
  void show(List<SharedWorkspace> shared) {
    list.removeAll();
    for (SharedWorkspace s : shared) {
      list.add(row(s));
    }
    setVisible(!shared.isEmpty());
  }

  private static Div row(SharedWorkspace s) {
    String path = WorkbenchView.path(s.workspace().id());
    Anchor name = new Anchor(path, s.workspace().name());
    name.getElement().setAttribute("router-link", true);
    name.addClassName("atelier-ws-name");
    Span owner = new Span("by " + s.ownerName());
    owner.addClassName("atelier-muted");
    Span role = new Span(s.role() == WorkspaceRole.WRITE ? "can edit" : "view only");
    role.getElement().setAttribute("theme", "badge contrast");
    role.getElement().setAttribute("data-testid", "role");
    Span phase = new Span(s.workspace().phase().name().toLowerCase());
    phase.getElement().setAttribute("theme", "badge");
    Button open = new Button("Open", VaadinIcon.EXTERNAL_LINK.create());
    open.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
    open.getElement().setAttribute("data-action", "open");
    open.addClickListener(e -> open.getUI().ifPresent(ui -> ui.navigate(path)));
    Div row = new Div(name, owner, role, phase, open);
    row.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)");
    row.getStyle().set("align-items", "center").set("padding", "var(--lumo-space-xs) 0");
    row.getElement().setAttribute("data-workspace-id", s.workspace().id());
    row.addClassName("atelier-shared-row");
    return row;
  }
}
