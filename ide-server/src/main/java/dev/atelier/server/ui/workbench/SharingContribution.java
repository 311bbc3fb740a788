package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.sharing.SharingService;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the presence panel ("People") into every workbench and, for the owner, "Workspace: Share…"
 * into its command palette.
 */
@Component
@Order(60)
class SharingContribution implements WorkbenchContribution {

  private final SharingService sharing;
  private final AccountService accounts;

  SharingContribution(SharingService sharing, AccountService accounts) {
    this.sharing = sharing;
    this.accounts = accounts;
  }

  @Override
  public void contribute(WorkbenchView workbench) {
    String name =
        accounts
            .findById(workbench.user().userId())
            .map(UserAccount::displayName)
            .orElse(workbench.user().getUsername());
    PresencePanel presence = new PresencePanel(workbench, name);
    presence.addFollowListener(workbench::followUser);
    workbench.addActiveFileListener(presence::setActiveFile);
    presence.setActiveFile(workbench.activeFile());
    // The editor ends a follow when the user types or scrolls; its event bubbles up to the page.
    workbench.getElement().addEventListener("follow-stopped", e -> presence.followStopped());
    workbench.addSidePanel("people", "People", VaadinIcon.USERS, presence);
    // The connection lives on the page itself, so the user is present while the panel is closed.
    workbench.add(presence.list());
    ShareDialog.register(workbench, sharing, accounts);
  }
}
