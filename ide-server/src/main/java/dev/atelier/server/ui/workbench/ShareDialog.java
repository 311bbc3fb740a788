package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinServletRequest;
import dev.atelier.server.account.AccountService;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.sharing.Collaborator;
import dev.atelier.server.sharing.CreateShareRequest;
import dev.atelier.server.sharing.CreatedShareLink;
import dev.atelier.server.sharing.ShareLink;
import dev.atelier.server.sharing.SharingService;
import dev.atelier.server.workspace.WorkspaceRole;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The owner's sharing controls for one workspace: create a read-only or read-write link with an
 * optional expiry (its address is shown once, to copy), see and revoke links, see and remove
 * collaborators. Opened from the workbench's command palette and from the dashboard.
 */
public class ShareDialog extends Dialog {

  /** Command palette id of "Share workspace…". */
  public static final String COMMAND_ID = "workspace.share";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private static final Map<String, Duration> EXPIRIES = new LinkedHashMap<>();

  static {
    EXPIRIES.put("Never", null);
    EXPIRIES.put("1 hour", Duration.ofHours(1));
    EXPIRIES.put("1 day", Duration.ofDays(1));
    EXPIRIES.put("7 days", Duration.ofDays(7));
    EXPIRIES.put("30 days", Duration.ofDays(30));
  }

  private final SharingService sharing;
  private final UserAccount owner;
  private final String workspaceId;
  private final String baseUrl;
  private final Select<WorkspaceRole> role = new Select<>();
  private final Select<String> expiry = new Select<>();
  private final TextField url = new TextField("Link to send (shown once)");
  private final Grid<ShareLink> links = new Grid<>(ShareLink.class, false);
  private final Grid<Collaborator> collaborators = new Grid<>(Collaborator.class, false);

  /**
   * @param owner the signed-in user; only the workspace's owner can use the dialog (others see the
   *     server's refusal)
   */
  public ShareDialog(
      SharingService sharing, UserAccount owner, String workspaceId, String workspaceName) {
    this.sharing = sharing;
    this.owner = owner;
    this.workspaceId = workspaceId;
    this.baseUrl = baseUrl();
    setId("share-dialog");
    setHeaderTitle("Share " + workspaceName);
    setWidth("min(46rem, 96vw)");

    role.setId("share-role");
    role.setLabel("Guests can");
    role.setItems(WorkspaceRole.READ, WorkspaceRole.WRITE);
    role.setItemLabelGenerator(r -> r == WorkspaceRole.WRITE ? "Edit (read-write)" : "View only");
    role.setValue(WorkspaceRole.READ);
    expiry.setId("share-expiry");
    expiry.setLabel("Link expires");
    expiry.setItems(EXPIRIES.keySet());
    expiry.setValue("Never");
    Button create = new Button("Create link", VaadinIcon.LINK.create(), e -> create());
    create.setId("create-share");
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Div form = new Div(role, expiry, create);
    form.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)");
    form.getStyle().set("align-items", "baseline").set("flex-wrap", "wrap");

    url.setId("share-url");
    url.setReadOnly(true);
    url.setWidthFull();
    url.setVisible(false);
    Button copy = new Button(VaadinIcon.COPY.create(), e -> copy());
    copy.setId("copy-share-url");
    copy.setAriaLabel("Copy link");
    url.setSuffixComponent(copy);

    Paragraph help =
        new Paragraph(
            "Guests sign in with their own account. Revoking a link or removing a person ends"
                + " their access at once.");
    help.getStyle().set("color", "var(--lumo-secondary-text-color)");

    links.setId("share-links");
    links.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
    links.setAllRowsVisible(true);
    links.addColumn(l -> l.role() == WorkspaceRole.WRITE ? "Edit" : "View").setHeader("Access");
    links.addColumn(l -> TIME.format(l.createdAt())).setHeader("Created");
    links
        .addColumn(l -> l.expiresAt() == null ? "never" : TIME.format(l.expiresAt()))
        .setHeader("Expires");
    links.addColumn(l -> l.state().name().toLowerCase()).setHeader("State");
    links.addComponentColumn(this::revokeButton).setFlexGrow(0).setAutoWidth(true);
    links.setEmptyStateText("No links yet.");

    collaborators.setId("collaborators");
    collaborators.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
    collaborators.setAllRowsVisible(true);
    collaborators
        .addColumn(c -> c.displayName() + " (" + c.username() + ")")
        .setHeader("Person")
        .setFlexGrow(2);
    collaborators
        .addColumn(c -> c.role() == WorkspaceRole.WRITE ? "Edit" : "View")
        .setHeader("Access");
    collaborators.addComponentColumn(this::removeButton).setFlexGrow(0).setAutoWidth(true);
    collaborators.setEmptyStateText("Nobody has joined yet.");

    add(help, form, url, new H4("Links"), links, new H4("People"), collaborators);
    Button done = new Button("Close", e -> close());
    done.setId("share-close");
    getFooter().add(done);
    refresh();
  }

  /**
   * Adds "Share workspace…" to a workbench's command palette; only for the owner, the only one who
   * may share.
   */
  public static void register(
      Workbench workbench, SharingService sharing, AccountService accounts) {
    if (workbench.role() != WorkspaceRole.OWNER) {
      return;
    }
    workbench.registerCommand(
        new WorkbenchCommand(
            COMMAND_ID,
            "Workspace: Share…",
            null,
            () ->
                accounts
                    .findById(workbench.user().userId())
                    .ifPresent(
                        user ->
                            new ShareDialog(
                                    sharing,
                                    user,
                                    workbench.workspace().id(),
                                    workbench.workspace().name())
                                .open())));
  }

  private void create() {
    try {
      CreatedShareLink created =
          sharing.create(
              owner,
              workspaceId,
              new CreateShareRequest(
                  role.getValue().name(), null, EXPIRIES.get(expiry.getValue())));
      url.setValue(baseUrl + created.path());
      url.setVisible(true);
      url.focus();
      refresh();
    } catch (AtelierException e) {
      error(e.getMessage());
    }
  }

  private void copy() {
    url.getElement()
        .executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", url.getValue());
    Notification.show("Link copied", 2000, Notification.Position.BOTTOM_START)
        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
  }

  private Button revokeButton(ShareLink link) {
    Button revoke =
        new Button("Revoke", e -> run(() -> sharing.revoke(owner, workspaceId, link.id())));
    revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
    revoke.getElement().setAttribute("data-testid", "revoke");
    revoke.setEnabled(link.state() != ShareLink.State.REVOKED);
    return revoke;
  }

  private Button removeButton(Collaborator c) {
    Button remove =
        new Button(
            "Remove", e -> run(() -> sharing.removeCollaborator(owner, workspaceId, c.userId())));
    remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
    remove.getElement().setAttribute("data-testid", "remove");
    remove.getElement().setAttribute("data-user", c.username());
    return remove;
  }

  private void run(Runnable action) {
    try {
      action.run();
    } catch (AtelierException e) {
      error(e.getMessage());
    }
    refresh();
  }

  private void refresh() {
    try {
      links.setItems(sharing.links(owner, workspaceId));
      collaborators.setItems(sharing.collaborators(owner, workspaceId));
    } catch (AtelierException e) {
      error(e.getMessage());
    }
  }

  private static void error(String message) {
    Notification n = Notification.show(message, 8000, Notification.Position.BOTTOM_START);
    n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    n.getElement().setAttribute("data-testid", "error-notification");
  }

  private static String baseUrl() {
    VaadinServletRequest request = VaadinServletRequest.getCurrent();
    if (request == null) {
      return "";
    }
    return ServletUriComponentsBuilder.fromContextPath(request.getHttpServletRequest())
        .build()
        .toUriString();
  }
}
