package dev.atelier.server.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.sharing.AcceptedShare;
import dev.atelier.server.sharing.SharingService;
import dev.atelier.server.ui.workbench.WorkbenchView;
import jakarta.annotation.security.PermitAll;

/**
 * {@code /share/{secret}}: opening a share link. Signed in, the link's role is granted and the
 * browser goes on to the workspace; not signed in, the security chain sends the guest to the login
 * page and back here afterwards. An unknown, expired or revoked link shows why, and grants nothing.
 */
@Route(value = "share/:secret", layout = MainLayout.class)
@PageTitle("Shared workspace · Atelier")
@PermitAll
public class ShareView extends Div implements BeforeEnterObserver {

  private final SharingService sharing;
  private final UserAccount user;

  public ShareView(AccountService accounts, SharingService sharing) {
    this.sharing = sharing;
    this.user = accounts.currentUser();
    addClassName("atelier-page");
    setId("share");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    removeAll();
    String secret = event.getRouteParameters().get("secret").orElse("");
    try {
      AcceptedShare accepted = sharing.accept(user, secret);
      event.forwardTo(WorkbenchView.path(accepted.workspaceId()));
    } catch (AtelierException e) {
      String title =
          switch (e.code()) {
            case SHARE_LINK_GONE -> "This share link no longer works";
            case SHARE_LINK_NOT_FOUND -> "Unknown share link";
            case TOO_MANY_ATTEMPTS -> "Too many unknown share links";
            default -> "You cannot open this workspace";
          };
      H2 heading = new H2(title);
      Paragraph text = new Paragraph(e.getMessage());
      text.setId("share-problem-detail");
      RouterLink back = new RouterLink("Back to your workspaces", DashboardView.class);
      Div problem = new Div(heading, text, back);
      problem.setId("share-problem");
      problem.getElement().setAttribute("data-code", e.code().name());
      problem.addClassName("atelier-empty");
      add(problem);
    }
  }
}
