package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;

/** What the workbench shows instead of a workspace the user cannot (or can no longer) open. */
final class WorkspaceMissing extends Div {

  WorkspaceMissing(String message) {
    setId("workspace-missing");
    addClassName("atelier-empty");
    add(new H2("Workspace not found"), new Paragraph(message));
    add(new Anchor("", "Back to your workspaces"));
  }
}
