package dev.atelier.server.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.atelier.server.ui.workbench.AccessGuard;
import jakarta.annotation.security.PermitAll;

/** Where a workspace page goes when the owner revoked the link or removed the viewer. */
@Route(value = AccessGuard.ENDED_ROUTE, layout = MainLayout.class)
@PageTitle("Access ended · Atelier")
@PermitAll
public class AccessEndedView extends Div {

  public AccessEndedView() {
    addClassName("atelier-page");
    H2 title = new H2("Your access to this workspace has ended");
    Paragraph text =
        new Paragraph(
            "The owner revoked the share link you joined with, or removed you. Ask them for a new"
                + " link if you still need access.");
    RouterLink back = new RouterLink("Back to your workspaces", DashboardView.class);
    Div ended = new Div(title, text, back);
    ended.setId("access-ended");
    ended.addClassName("atelier-empty");
    add(ended);
  }
}
